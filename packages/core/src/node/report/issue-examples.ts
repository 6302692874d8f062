import type { ReportIssueExample, ReportIssueGroup } from '../../report/report-data.js';
import type { StoredAnnotation, StoredIssue, StoredSample } from '../../store/project-store.js';
import type { Project } from '../project.js';
import { type IssueThumbnailOptions, issueThumbnail, type ThumbnailAnnotation } from './issue-thumbnail.js';

export const SEVERITY_RANK = { error: 2, warning: 1, info: 0 } as const;

export interface IssueExamplesInput {
  /** The worst issues of each type (store.listIssues with limitPerType). */
  worst: StoredIssue[];
  /** Issues per type (all open ones) and their highest severity. */
  counts: Map<string, { count: number; severity: StoredIssue['severity'] }>;
  samples: Map<number, StoredSample>;
  /** Annotations by id, and the ground truth by sample id. */
  annotations: Map<number, StoredAnnotation>;
  groundTruth: Map<number, StoredAnnotation[]>;
  thumbnails?: IssueThumbnailOptions;
  signal?: AbortSignal;
}

const numbers = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : typeof v === 'number' ? [v] : [];

/** Annotation ids an issue points at: its own and those its details name. */
function pointedAnnotations(issue: StoredIssue): Set<number> {
  const d = issue.details ?? {};
  return new Set([
    ...(issue.annotationId === undefined ? [] : [issue.annotationId]),
    ...numbers(d.annotationId),
    ...numbers(d.annotation_id),
    ...numbers(d.related_annotation_ids),
  ]);
}

async function example(
  issue: StoredIssue,
  input: IssueExamplesInput,
  project: Project,
): Promise<ReportIssueExample> {
  const sample = issue.sampleId === undefined ? undefined : input.samples.get(issue.sampleId);
  const related = numbers(issue.details?.related_sample_ids)
    .map((id) => input.samples.get(id)?.key)
    .filter((k): k is string => k !== undefined);
  const out: ReportIssueExample = { score: issue.score, reason: issue.reason, related };
  if (!sample) return out;
  // A privacy issue on a file name holding personal data shows that name masked.
  const masked = issue.details?.masked_key;
  out.sample = typeof masked === 'string' ? masked : sample.key;
  const hit = pointedAnnotations(issue);
  const boxes: ThumbnailAnnotation[] = (input.groundTruth.get(sample.id) ?? []).map((a) => ({
    annotation: a,
    highlight: hit.has(a.id),
  }));
  for (const id of hit) {
    const a = input.annotations.get(id);
    if (a && a.sampleId === sample.id && a.source !== 'ground_truth')
      boxes.push({ annotation: a, highlight: true });
  }
  if (issue.type.startsWith('pii_')) {
    // A thumbnail would show the face (or the file) the issue is about: the report keeps it out.
    out.noThumbnail = 'not shown: personal data';
    return out;
  }
  const made = await issueThumbnail(sample, project.resolveRoot(sample.root), boxes, input.thumbnails);
  if ('thumbnail' in made) out.thumbnail = made.thumbnail;
  else out.noThumbnail = made.reason;
  const other = input.samples.get(numbers(issue.details?.related_sample_ids)[0] ?? Number.NaN);
  if (other) {
    const otherBoxes = (input.groundTruth.get(other.id) ?? []).map((a) => ({
      annotation: a,
      highlight: false,
    }));
    const pair = await issueThumbnail(other, project.resolveRoot(other.root), otherBoxes, input.thumbnails);
    if ('thumbnail' in pair) out.relatedThumbnail = pair.thumbnail;
  }
  return out;
}

/** Issue groups for the report: counts per type and the worst examples with thumbnails. */
export async function issueExamples(
  project: Project,
  input: IssueExamplesInput,
): Promise<ReportIssueGroup[]> {
  const byType = new Map<string, StoredIssue[]>();
  for (const issue of input.worst) {
    const list = byType.get(issue.type) ?? [];
    list.push(issue);
    byType.set(issue.type, list);
  }
  const groups: ReportIssueGroup[] = [];
  for (const [type, { count, severity }] of input.counts) {
    const examples: ReportIssueExample[] = [];
    for (const issue of byType.get(type) ?? []) {
      input.signal?.throwIfAborted();
      examples.push(await example(issue, input, project));
    }
    groups.push({ type, severity, count, examples });
  }
  return groups;
}
