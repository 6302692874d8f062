import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AssayError } from '../errors.js';
import type { Annotation } from '../model/annotation.js';
import { parseLabelSource } from '../model/label-source.js';
import { type ClassMapping, mapClasses } from '../models/class-mapping.js';
import { mediaRefusal, realRoot } from './media-path.js';
import type { Detection, Detector } from './models/onnx-detector.js';
import { openDetector } from './models/open-detector.js';
import type { Project } from './project.js';
import { type DetectionIssuesRunSummary, runDetectionIssues } from './run-detection-issues.js';
import { storeDb } from './store/duckdb-store.js';

export interface RunPredictOptions {
  /** Bundled model name or path to an ONNX model / spec. */
  model: string;
  /** `prediction:NAME` (default `prediction:<model name>`). */
  as?: string;
  /** Only these model classes. */
  classes?: string[];
  /** Detections scoring below are not stored (default 0.25). */
  minScore?: number;
  /** NMS IoU (default 0.7). */
  iou?: number;
  /** Images per inference (default 8). */
  batch?: number;
  threads?: number;
  /** Start over: delete the source's earlier predictions and progress. */
  restart?: boolean;
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** An opened detector (tests, the demo); `model` is then only its name. */
  detector?: Detector;
  /**
   * Then run the detection label checks (missing, spurious, badly located, wrong class) of these labels
   * (`ground_truth` when true) against the new predictions: model-assisted review.
   */
  review?: boolean | string;
}

export interface PredictRunSummary {
  runId: number;
  source: string;
  model: string;
  model_version: string;
  /** Image samples in the project, and those done before this run (resumed). */
  samples: number;
  resumed: number;
  predicted: number;
  failed: number;
  detections: number;
  per_class: Record<string, number>;
  mapping: Omit<ClassMapping, 'toProject'> & { mapped: Record<string, string> };
  interrupted: boolean;
  elapsed_ms: number;
  /** The detection label issues found against these predictions (with `review`). */
  review?: DetectionIssuesRunSummary;
}

const unusable = new Set(['missing', 'corrupt', 'unreadable', 'too_large', 'unsupported']);

/**
 * `assay predict`: runs a detector over the project's images in batches and stores its boxes, scores
 * (and per-class scores as probabilities over the project's classes, when the model gives them) as a
 * prediction source. Model classes map onto the project's by name; unmapped ones are reported and
 * dropped. Each batch is one transaction with its progress rows, so Ctrl-C keeps what is done and the
 * next run resumes (`restart` starts over).
 */
export async function runPredict(project: Project, options: RunPredictOptions): Promise<PredictRunSummary> {
  const { store } = project;
  const started = Date.now();
  const detector = options.detector ?? (await openDetector(options.model, options));
  try {
    const source = options.as ?? `prediction:${detector.name}`;
    const parsed = parseLabelSource(source);
    if (parsed.kind !== 'prediction')
      throw new AssayError('USAGE', `--as ${source}: predictions go to a prediction:NAME source.`, {
        hint: `e.g. --as prediction:${detector.name}`,
      });
    const projectClasses = (await store.listClasses()).map((c) => c.name);
    const mapping = mapClasses(detector.classes, projectClasses, options.classes);
    if (mapping.unknown_only.length > 0)
      throw new AssayError(
        'USAGE',
        `--classes: ${detector.name} has no class ${mapping.unknown_only.map((c) => `"${c}"`).join(', ')}.`,
        {
          hint: `Its classes: ${detector.classes.slice(0, 30).join(', ')}${detector.classes.length > 30 ? ', ...' : ''}.`,
        },
      );
    if (mapping.toProject.size === 0)
      throw new AssayError('INVALID_INPUT', `None of ${detector.name}'s classes is a class of the project.`, {
        hint: `The project's classes: ${projectClasses.join(', ')}; the model's: ${detector.classes.slice(0, 20).join(', ')}. Rename classes with \`assay fix\`, or predict into an empty project.`,
      });
    if (mapping.added.length > 0) await store.upsertClasses(mapping.added.map((name) => ({ name })));
    const classIds = new Map((await store.listClasses()).map((c) => [c.name, c.id]));
    const classOrder = (await store.listClasses()).map((c) => c.name);
    const db = storeDb(store);
    const src = await store.ensureSource(source);
    const fromPredict = await db.scalar('SELECT count(*) FROM prediction_models WHERE source_id = ?', [
      src.id,
    ]);
    const existing = await store.countAnnotations(src.id);
    if (options.restart || (existing > 0 && fromPredict === 0)) {
      if (!options.restart)
        throw new AssayError(
          'CONFLICT',
          `${source} holds ${existing} annotations that \`assay predict\` did not write.`,
          {
            hint: `Predict into another source (--as prediction:OTHER), or replace them with --restart.`,
          },
        );
      await store.transaction(async () => {
        await store.deleteAnnotations(src.id);
        await db.run('DELETE FROM predicted_samples WHERE source_id = ?', [src.id]);
      });
    }
    await db.run('DELETE FROM prediction_models WHERE source_id = ?', [src.id]);
    await db.run(
      'INSERT INTO prediction_models (source_id, model, model_version, path, sha256, classes, params) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        src.id,
        detector.name,
        detector.version,
        typeof detector.describe.file === 'string' ? detector.describe.file : null,
        typeof detector.describe.sha256 === 'string' ? detector.describe.sha256 : null,
        JSON.stringify(detector.classes),
        JSON.stringify({
          min_score: options.minScore ?? 0.25,
          iou: options.iou ?? 0.7,
          classes: options.classes ?? null,
        }),
      ],
    );
    const done = new Set(
      (
        await db.all<{ sample_id: number }>('SELECT sample_id FROM predicted_samples WHERE source_id = ?', [
          src.id,
        ])
      ).map((r) => r.sample_id),
    );
    const samples = (await store.listSamples({ kind: 'image' })).filter((s) => !unusable.has(s.probe.status));
    const todo = samples.filter((s) => !done.has(s.id));
    const runId = await store.startRun('predict', {
      model: detector.name,
      version: detector.version,
      source,
    });
    const summary: PredictRunSummary = {
      runId,
      source,
      model: detector.name,
      model_version: detector.version,
      samples: samples.length,
      resumed: samples.length - todo.length,
      predicted: 0,
      failed: 0,
      detections: 0,
      per_class: {},
      mapping: {
        mapped: Object.fromEntries([...mapping.toProject].map(([i, name]) => [detector.classes[i]!, name])),
        unmapped: mapping.unmapped,
        unknown_to_model: mapping.unknown_to_model,
        added: mapping.added,
      },
      interrupted: false,
      elapsed_ms: 0,
    };
    const roots = new Map<string, string>();
    const batch = Math.max(1, options.batch ?? 8);
    const decode = { minScore: options.minScore ?? 0.25, iou: options.iou ?? 0.7, maxDetections: 300 };
    try {
      for (let at = 0; at < todo.length; at += batch) {
        if (options.signal?.aborted) {
          summary.interrupted = true;
          break;
        }
        const chunk = todo.slice(at, at + batch);
        const bytes = await Promise.all(
          chunk.map(async (s) => {
            const root = project.resolveRoot(s.root);
            let real = roots.get(root);
            if (real === undefined) roots.set(root, (real = realRoot(root)));
            const path = join(root, s.key);
            try {
              if (mediaRefusal(path, [real])) return undefined;
              return new Uint8Array(await readFile(path));
            } catch {
              return undefined;
            }
          }),
        );
        const readable = chunk.flatMap((s, i) => (bytes[i] ? [{ s, b: bytes[i]! }] : []));
        const result = await detector.detect(
          readable.map((r) => r.b),
          decode,
        );
        const rows: Annotation[] = [];
        readable.forEach(({ s }, i) => {
          if (result.errors[i]) summary.failed++;
          for (const d of result.detections[i] ?? []) {
            const row = toAnnotation(d, s.key, source, mapping.toProject, classOrder);
            if (!row) continue;
            rows.push(row);
            summary.per_class[row.label!] = (summary.per_class[row.label!] ?? 0) + 1;
          }
        });
        summary.failed += chunk.length - readable.length;
        summary.detections += rows.length;
        summary.predicted += chunk.length;
        await store.transaction(async () => {
          if (rows.length > 0)
            await store.appendAnnotations(
              rows,
              {
                sampleIds: new Map(chunk.map((s) => [s.key, s.id])),
                classIds,
                sourceIds: new Map([[source, src.id]]),
              },
              runId,
            );
          await db.run(
            `INSERT INTO predicted_samples (source_id, sample_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
            chunk.flatMap((s) => [src.id, s.id]),
          );
        });
        options.onProgress?.(summary.resumed + summary.predicted, samples.length);
      }
      summary.elapsed_ms = Date.now() - started;
      const { runId: _r, ...brief } = summary;
      await store.finishRun(runId, summary.interrupted ? 'interrupted' : 'ok', brief, summary.predicted);
      if (options.review && !summary.interrupted)
        summary.review = await runDetectionIssues(project, {
          prediction: source,
          labels: typeof options.review === 'string' ? options.review : 'ground_truth',
          ...(options.signal ? { signal: options.signal } : {}),
        });
      return summary;
    } catch (error) {
      await store.finishRun(runId, 'failed', { error: String(error) });
      throw error;
    }
  } finally {
    if (!options.detector) await detector.close();
  }
}

/** A detection as a prediction annotation of the project's class, or undefined when its class is unmapped. */
function toAnnotation(
  d: Detection,
  key: string,
  source: string,
  toProject: Map<number, string>,
  classOrder: readonly string[],
): Annotation | undefined {
  const label = toProject.get(d.classIndex);
  if (label === undefined) return undefined;
  const row: Annotation = {
    sample: key,
    source,
    kind: d.keypoints ? 'keypoints' : 'bbox',
    label,
    bbox: d.bbox,
    score: d.score,
  };
  if (d.keypoints) row.keypoints = d.keypoints;
  if (d.classScores) {
    // Per-class scores over the project's classes (0 for classes the model lacks), normalised to sum 1.
    const probs = new Array<number>(classOrder.length).fill(0);
    for (const [i, name] of toProject) {
      const at = classOrder.indexOf(name);
      if (at >= 0) probs[at] = Math.max(probs[at]!, d.classScores[i] ?? 0);
    }
    const sum = probs.reduce((a, b) => a + b, 0);
    if (sum > 0) row.probs = probs.map((p) => p / sum);
  }
  return row;
}
