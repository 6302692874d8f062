/**
 * `assay agree` in a project: agreement between the annotator sources (`annotator:*`). Class labels per
 * sample give kappa/alpha (samples as items, annotators as raters); boxes give box agreement for each
 * pair of annotators. Samples where the annotators disagree become `low_agreement` issues under an
 * `agree` run, replacing the open ones. A sample counts as labelled by an annotator when that annotator
 * has at least one annotation on it; box agreement compares a pair on the samples both labelled.
 */
import { type BoxAgreement, boxAgreement } from '../agree/box-agreement.js';
import { itemAgreement, type RatingsAgreement, ratingsAgreement } from '../agree/ratings-agreement.js';
import { appendAll } from '../arrays/append-all.js';
import { AssayError } from '../errors.js';
import type { NewIssue, StoredAnnotation } from '../store/project-store.js';
import { type BoxPairInput, boxPairIssues } from './agreement-box-issues.js';
import { type SpanPairAgreement, spanPairAgreement } from './agreement-span-pairs.js';
import type { Project } from './project.js';

export const AGREEMENT_ISSUE_TYPES = ['low_agreement'] as const;

export interface RunAgreementOptions {
  /** Samples whose agreement is below this become issues (default DEFAULT_MIN_AGREEMENT, 0.667). */
  minAgreement?: number;
  /** IoU a box match needs (default 0.5); 0.5 and 0.75 are reported too. */
  iou?: number;
  signal?: AbortSignal;
}

export interface AgreementRunSummary {
  runId: number;
  annotators: string[];
  /** Over class labels; null when fewer than two annotators gave class labels. */
  classification: (RatingsAgreement & { classes: string[]; duplicates: number }) | null;
  boxes: (Omit<BoxAgreement, 'matches' | 'per_image'> & { annotators: [string, string]; samples: number })[];
  /** Span P/R/F1 per pair of annotators (conlleval counting) over the text samples. */
  spans: SpanPairAgreement[];
  issues: Record<string, number>;
  flagged_samples: number;
  /** The samples with the lowest agreement, worst first (at most 20). */
  worst_samples: { sample: string; score: number; kind: string }[];
}

const severityOf = (score: number): NewIssue['severity'] => (score >= 0.5 ? 'warning' : 'info');

async function annotatorSources(project: Project): Promise<string[]> {
  const names = (await project.store.listSources()).filter((s) => s.kind === 'annotator').map((s) => s.name);
  if (names.length >= 2) return names.sort();
  throw new AssayError(
    'INVALID_INPUT',
    `Agreement needs at least two annotator sources; the project has ${names.length === 0 ? 'none' : names.join(', ')}.`,
    { hint: "Import each annotator's labels with `assay import FORMAT PATH --as annotator:NAME`." },
  );
}

/** Class labels as ratings: one item per sample any annotator labelled, class map index as the value. */
function classRatings(
  annotations: StoredAnnotation[],
  annotators: string[],
  classIndex: Map<string, number>,
) {
  const column = new Map(annotators.map((n, i) => [n, i]));
  const rows = new Map<number, Float64Array>();
  let duplicates = 0;
  for (const a of annotations) {
    if (a.kind !== 'classification' || a.label === undefined) continue;
    let row = rows.get(a.sampleId);
    if (!row) {
      row = new Float64Array(annotators.length).fill(Number.NaN);
      rows.set(a.sampleId, row);
    }
    const j = column.get(a.source)!;
    if (Number.isNaN(row[j]!)) row[j] = classIndex.get(a.label) ?? Number.NaN;
    else duplicates++;
  }
  const samples = [...rows.keys()].sort((x, y) => x - y);
  const values = new Float64Array(samples.length * annotators.length);
  samples.forEach((id, i) => {
    values.set(rows.get(id)!, i * annotators.length);
  });
  return { ratings: { raters: annotators, items: samples.length, values }, samples, duplicates };
}

function classIssues(
  built: ReturnType<typeof classRatings>,
  classes: string[],
  minAgreement: number,
): NewIssue[] {
  const { ratings, samples } = built;
  const agreement = itemAgreement(ratings);
  const r = ratings.raters.length;
  const issues: NewIssue[] = [];
  agreement.forEach((p, i) => {
    if (Number.isNaN(p) || p >= minAgreement) return;
    const labels: Record<string, string> = {};
    for (let j = 0; j < r; j++) {
      const v = ratings.values[i * r + j]!;
      if (!Number.isNaN(v)) labels[ratings.raters[j]!] = classes[v] ?? String(v);
    }
    const score = 1 - p;
    const said = Object.entries(labels).map(([who, c]) => `${who.replace(/^annotator:/, '')} ${c}`);
    issues.push({
      sampleId: samples[i]!,
      type: 'low_agreement',
      severity: severityOf(score),
      score,
      reason: `Annotators disagree on the class: ${said.join(', ')} (${(p * 100).toFixed(0)}% of pairs agree).`,
      details: { kind: 'classification', agreement: p, labels },
    });
  });
  return issues;
}

function boxInputs(annotations: StoredAnnotation[], annotators: string[], classIndex: Map<string, number>) {
  const labelled = new Map(annotators.map((n) => [n, new Set<number>()]));
  const boxes = new Map(annotators.map((n) => [n, [] as StoredAnnotation[]]));
  for (const a of annotations) {
    labelled.get(a.source)?.add(a.sampleId);
    if (a.kind === 'bbox' && a.bbox && a.label !== undefined && classIndex.has(a.label))
      boxes.get(a.source)?.push(a);
  }
  const pairs: BoxPairInput[] = [];
  for (let x = 0; x < annotators.length; x++)
    for (let y = x + 1; y < annotators.length; y++) {
      const [na, nb] = [annotators[x]!, annotators[y]!];
      const both = (id: number) => labelled.get(na)!.has(id) && labelled.get(nb)!.has(id);
      const a = boxes.get(na)!.filter((b) => both(b.sampleId));
      const b = boxes.get(nb)!.filter((b) => both(b.sampleId));
      if (a.length + b.length > 0) pairs.push({ annotators: [na, nb], a, b });
    }
  return pairs;
}

const toSet = (list: StoredAnnotation[], classIndex: Map<string, number>) => ({
  image: list.map((a) => a.sampleId),
  xywh: list.flatMap((a) => a.bbox!),
  label: list.map((a) => classIndex.get(a.label!)!),
});

/**
 * Samples agreeing less than this become low_agreement issues. Krippendorff (2004, Content Analysis,
 * 2nd ed., p. 241) draws tentative conclusions only from data agreeing at least .667. With 1, any
 * disagreement was an issue: on the demo with its ground truth and model-a as two annotators, 210 of
 * 315 samples; at 0.667, 56, those whose classes or boxes really differ.
 */
export const DEFAULT_MIN_AGREEMENT = 0.667;

export async function runAgreement(
  project: Project,
  options: RunAgreementOptions = {},
): Promise<AgreementRunSummary> {
  const { store } = project;
  const annotators = await annotatorSources(project);
  const minAgreement = options.minAgreement ?? DEFAULT_MIN_AGREEMENT;
  const iou = options.iou ?? 0.5;
  const runId = await store.startRun('agree', { annotators, minAgreement, iou });
  try {
    const classes = (await store.listClasses()).map((c) => c.name);
    const classIndex = new Map(classes.map((c, i) => [c, i]));
    const annotations = await store.listAnnotations(annotators);
    const samples = await store.listSamples();
    const keyOf = new Map(samples.map((s) => [s.id, s.key]));
    const texts = new Map(samples.filter((s) => s.kind === 'text').map((s) => [s.id, s.key]));
    options.signal?.throwIfAborted();
    const built = classRatings(annotations, annotators, classIndex);
    const classification =
      built.ratings.items > 0
        ? { ...ratingsAgreement(built.ratings), classes, duplicates: built.duplicates }
        : null;
    const issues = classification ? classIssues(built, classes, minAgreement) : [];
    const boxes: AgreementRunSummary['boxes'] = [];
    const pairs = boxInputs(annotations, annotators, classIndex).map((p) => {
      const result = boxAgreement(toSet(p.a, classIndex), toSet(p.b, classIndex), {
        thresholds: [iou, ...[0.5, 0.75].filter((t) => t !== iou)],
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const { matches: _m, per_image, ...figures } = result;
      boxes.push({ annotators: p.annotators, samples: per_image.length, ...figures });
      return { ...p, result };
    });
    appendAll(issues, boxPairIssues(pairs, iou, minAgreement));
    const spans = spanPairAgreement(annotations, annotators, texts, minAgreement);
    appendAll(issues, spans.issues);
    await store.replaceIssues(runId, [...AGREEMENT_ISSUE_TYPES], issues);
    const worst = [...issues].sort((a, b) => b.score - a.score);
    const summary: AgreementRunSummary = {
      runId,
      annotators,
      classification,
      boxes,
      spans: spans.pairs,
      issues: { low_agreement: issues.length },
      flagged_samples: new Set(issues.map((i) => i.sampleId)).size,
      worst_samples: worst.slice(0, 20).map((i) => ({
        sample: keyOf.get(i.sampleId!) ?? String(i.sampleId),
        score: i.score,
        kind: String(i.details?.kind),
      })),
    };
    await store.finishRun(runId, 'ok', { ...summary, classification: classification !== null }, keyOf.size);
    return summary;
  } catch (error) {
    const interrupted = options.signal?.aborted === true;
    await store.finishRun(runId, interrupted ? 'interrupted' : 'failed', { error: String(error) });
    if (interrupted) throw new AssayError('INTERRUPTED', 'Interrupted: no agreement issues were stored.');
    throw error;
  }
}
