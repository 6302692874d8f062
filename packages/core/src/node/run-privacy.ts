import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PII_TEXT_ISSUE_TYPES, privacyIssues } from '../privacy/privacy-issues.js';
import { annotationTextFields, sampleTextFields, type TextField } from '../privacy/text-fields.js';
import type { NewIssue } from '../store/project-store.js';
import { mediaRefusal, realRoot } from './media-path.js';
import { openFaceDetector } from './models/face-detector.js';
import { openTextDetector } from './models/text-detector.js';
import { PII_IMAGE_ISSUE_TYPES, PRIVACY_ISSUE_TYPES } from './privacy-issue-types.js';
import type { Project } from './project.js';

export { PII_IMAGE_ISSUE_TYPES, PII_TEXT_ISSUE_TYPES, PRIVACY_ISSUE_TYPES };

export interface RunPrivacyOptions {
  /** Also look for faces in the images (the bundled BlazeFace detector). */
  images?: boolean;
  /** Faces scoring below are not reported (default 0.5). */
  faceMinScore?: number;
  /** Text regions whose mean probability is below are not reported (default 0.6, PaddleOCR's box_thresh). */
  textMinScore?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
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
  /** Findings per field kind (`file_name`, `text`, `metadata`, `attributes`, `image`). */
  by_field: Record<string, number>;
  /** Images looked at for faces (with `images`), and those that could not be read. */
  images?: {
    scanned: number;
    failed: number;
    detector: string;
    min_score: number;
    text_detector: string;
    text_min_score: number;
  };
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
    let images: PrivacyRunSummary['images'];
    if (options.images) {
      images = await faceIssues(project, options, issues);
    }
    maskKeysOfSamples(issues);
    const types = options.images ? PRIVACY_ISSUE_TYPES : PII_TEXT_ISSUE_TYPES;
    await store.replaceIssues(runId, [...types], issues);
    const summary: PrivacyRunSummary = {
      runId,
      samples,
      fields,
      issues: Object.fromEntries(types.map((t) => [t, 0])),
      flagged_samples: new Set(issues.map((i) => i.sampleId)).size,
      by_field: {},
      ...(images ? { images } : {}),
    };
    for (const i of issues) {
      summary.issues[i.type] = (summary.issues[i.type] ?? 0) + 1;
      const field = String(i.details?.field ?? 'image').replace(/[.[].*$/, '');
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

/** One `pii_face` issue per face and one `pii_text_region` per text region the bundled detectors find. */
async function faceIssues(
  project: Project,
  options: RunPrivacyOptions,
  issues: NewIssue[],
): Promise<NonNullable<PrivacyRunSummary['images']>> {
  const minScore = options.faceMinScore ?? 0.5;
  const textMinScore = options.textMinScore ?? 0.6;
  const samples = (await project.store.listSamples({ kind: 'image' })).filter(
    (s) => !['missing', 'corrupt', 'unreadable', 'too_large', 'unsupported'].includes(s.probe.status),
  );
  const faces = await openFaceDetector();
  const texts = await openTextDetector();
  const summary = {
    scanned: 0,
    failed: 0,
    detector: faces.name,
    min_score: minScore,
    text_detector: texts.name,
    text_min_score: textMinScore,
  };
  const roots = new Map<string, string>();
  const add = (
    sampleId: number,
    type: string,
    what: string,
    detector: string,
    f: { bbox: number[]; score: number },
  ) => {
    const region = f.bbox.map((v) => Math.round(v * 10) / 10);
    issues.push({
      sampleId,
      type,
      severity: 'warning',
      score: Math.min(1, Math.max(0, f.score)),
      reason: `${what} at [${region.map(Math.round).join(', ')}] (x, y, w, h), score ${f.score.toFixed(2)} (${detector}).`,
      details: { kind: type.slice(4), region, detector, detector_score: f.score },
    });
  };
  try {
    for (const s of samples) {
      options.signal?.throwIfAborted();
      const root = project.resolveRoot(s.root);
      let real = roots.get(root);
      if (real === undefined) roots.set(root, (real = realRoot(root)));
      const path = join(root, s.key);
      summary.scanned++;
      try {
        if (mediaRefusal(path, [real])) throw new Error('not a regular file inside its images folder');
        const bytes = await readFile(path);
        const found = await faces.detect(bytes, { minScore });
        const text = await texts.detect(bytes, { minScore: textMinScore });
        if (typeof found === 'string' || typeof text === 'string') throw new Error(String(found));
        for (const f of found) add(s.id, 'pii_face', 'Face', faces.name, f);
        for (const t of text) add(s.id, 'pii_text_region', 'Text (document, sign or plate)', texts.name, t);
      } catch {
        summary.failed++;
      }
      options.onProgress?.(summary.scanned, samples.length);
    }
  } finally {
    await faces.close();
    await texts.close();
  }
  return summary;
}
