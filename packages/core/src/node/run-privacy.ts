import { PII_TEXT_ISSUE_TYPES, privacyIssues } from '../privacy/privacy-issues.js';
import { annotationTextFields, sampleTextFields, type TextField } from '../privacy/text-fields.js';
import type { NewIssue } from '../store/project-store.js';
import type { Project } from './project.js';

export { PII_TEXT_ISSUE_TYPES };

/** Every issue type `assay privacy` writes. */
export const PRIVACY_ISSUE_TYPES: readonly string[] = [...PII_TEXT_ISSUE_TYPES];

export interface RunPrivacyOptions {
  signal?: AbortSignal;
}

export interface PrivacyRunSummary {
  runId: number;
  samples: number;
  /** Strings read: file names, texts, metadata values, annotation attributes. */
  fields: number;
  /** Issues per type (every PII type, 0 when none). */
  issues: Record<string, number>;
  /** Samples with at least one finding. */
  flagged_samples: number;
  /** Findings per field kind (`file_name`, `text`, `metadata`, `attributes`). */
  by_field: Record<string, number>;
}

/**
 * `assay privacy` over the text the project holds: each sample's file name, text and metadata strings
 * and each annotation's string attributes (captions, notes), scanned for e-mail addresses, phone
 * numbers, resident registration, passport and card numbers (privacy/find-pii.ts). Replaces the
 * `pii_*` issues of earlier runs (statuses people gave are kept); values are masked in every issue.
 */
export async function runPrivacy(
  project: Project,
  options: RunPrivacyOptions = {},
): Promise<PrivacyRunSummary> {
  const { store } = project;
  const runId = await store.startRun('privacy', {});
  try {
    const issues: NewIssue[] = [];
    let samples = 0;
    let fields = 0;
    const scan = (batch: TextField[]) => {
      fields += batch.length;
      issues.push(...privacyIssues(batch));
    };
    for await (const batch of store.sampleBatches()) {
      options.signal?.throwIfAborted();
      samples += batch.length;
      scan(
        batch.flatMap((s) => {
          const sample: Parameters<typeof sampleTextFields>[0] = { id: s.id, key: s.key };
          if (s.text !== undefined) sample.text = s.text;
          if (s.metadata !== undefined) sample.metadata = s.metadata;
          return sampleTextFields(sample);
        }),
      );
    }
    for await (const batch of store.annotationBatches(undefined, 'sample')) {
      options.signal?.throwIfAborted();
      scan(batch.flatMap((a) => (a.attributes ? annotationTextFields(a) : [])));
    }
    maskKeysOfSamples(issues);
    await store.replaceIssues(runId, [...PRIVACY_ISSUE_TYPES], issues);
    const summary: PrivacyRunSummary = {
      runId,
      samples,
      fields,
      issues: Object.fromEntries(PRIVACY_ISSUE_TYPES.map((t) => [t, 0])),
      flagged_samples: new Set(issues.map((i) => i.sampleId)).size,
      by_field: {},
    };
    for (const i of issues) {
      summary.issues[i.type] = (summary.issues[i.type] ?? 0) + 1;
      const field = String(i.details?.field).replace(/[.[].*$/, '');
      summary.by_field[field] = (summary.by_field[field] ?? 0) + 1;
    }
    const { runId: _r, ...brief } = summary;
    await store.finishRun(runId, 'ok', brief, samples);
    return summary;
  } catch (error) {
    await store.finishRun(runId, options.signal?.aborted ? 'interrupted' : 'failed', {
      error: String(error),
    });
    throw error;
  }
}

/** Issues on annotation attributes were found apart from their sample's file name: share its mask. */
function maskKeysOfSamples(issues: NewIssue[]): void {
  const masked = new Map<number, unknown>();
  for (const i of issues)
    if (i.details?.masked_key !== undefined) masked.set(i.sampleId!, i.details.masked_key);
  for (const i of issues) {
    const key = masked.get(i.sampleId!);
    if (key !== undefined) i.details!.masked_key = key;
  }
}
