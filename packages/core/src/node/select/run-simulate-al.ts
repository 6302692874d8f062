import { AssayError } from '../../errors.js';
import { learningCurveSvg } from '../../select/learning-curve-svg.js';
import {
  type SimulateAlOptions,
  type SimulateAlResult,
  simulateActiveLearning,
} from '../../select/simulate-al.js';
import { writeFileAtomic } from '../atomic-write.js';
import { guardOutput, projectProtectedPaths } from '../output-guard.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { loadPoolSamples, loadRowEmbeddings } from './select-inputs.js';

export interface RunSimulateAlOptions extends Omit<SimulateAlOptions, 'onRound'> {
  embeddings?: string;
  /** Learning curves as JSON. */
  out?: string;
  /** Learning curves as an SVG chart. */
  plot?: string;
  onRound?: SimulateAlOptions['onRound'];
}

export interface RunSimulateAlSummary extends SimulateAlResult {
  embeddings: string;
  classNames: string[];
  /** Samples left out: no embedding, or not exactly one ground-truth class. */
  skipped: number;
  out: string | null;
  plot: string | null;
}

/**
 * `assay simulate-al`: the project's samples with an embedding and exactly one ground-truth class are
 * the labelled set; runs simulateActiveLearning and writes the curves (JSON, SVG) atomically.
 */
export async function runSimulateAl(
  project: Project,
  options: RunSimulateAlOptions,
): Promise<RunSimulateAlSummary> {
  const protect = await projectProtectedPaths(project);
  const outs = { out: options.out, plot: options.plot };
  for (const [what, path] of Object.entries(outs))
    if (path)
      guardOutput(path, { kind: 'file', label: `the ${what === 'out' ? 'curves' : 'plot'}`, protect });
  const samples = await loadPoolSamples(project);
  const emb = await loadRowEmbeddings(project, samples, options.embeddings);
  if (!emb)
    throw new AssayError('USAGE', 'The project has no embeddings to simulate active learning on.', {
      hint: 'Compute or import embeddings first (`assay embed`).',
    });
  const classes = await project.store.listClasses();
  const index = new Map(classes.map((c, i) => [c.id, i]));
  const gt = await storeDb(project.store).all<{ sample_id: number; class_id: number; n: number }>(
    `SELECT a.sample_id, min(a.class_id) AS class_id, count(DISTINCT a.class_id)::INTEGER AS n FROM annotations a
       JOIN sources s ON s.id = a.source_id WHERE s.name = 'ground_truth' AND a.class_id IS NOT NULL GROUP BY a.sample_id`,
  );
  const label = new Map(gt.filter((r) => r.n === 1).map((r) => [r.sample_id, index.get(r.class_id)!]));
  const keep = samples.flatMap((s, i) => (emb.has[i] && label.has(s.id) ? [i] : []));
  if (keep.length < 10)
    throw new AssayError(
      'USAGE',
      `Only ${keep.length} samples have both an embedding and exactly one ground-truth class.`,
      {
        hint: 'simulate-al needs a labelled (single-label) dataset with embeddings.',
      },
    );
  const X = new Float32Array(keep.length * emb.dim);
  const y = new Int32Array(keep.length);
  for (const [r, i] of keep.entries()) {
    X.set(emb.data.subarray(i * emb.dim, (i + 1) * emb.dim), r * emb.dim);
    y[r] = label.get(samples[i]!.id)!;
  }
  const { out, plot, embeddings: _, ...sim } = options;
  const result = simulateActiveLearning(X, emb.dim, y, classes.length, sim);
  const summary: RunSimulateAlSummary = {
    ...result,
    embeddings: emb.model,
    classNames: classes.map((c) => c.name),
    skipped: samples.length - keep.length,
    out: out ? guardOutput(out, { kind: 'file', label: 'the curves', protect }) : null,
    plot: plot ? guardOutput(plot, { kind: 'file', label: 'the plot', protect }) : null,
  };
  if (summary.out) await writeFileAtomic(summary.out, `${JSON.stringify(curvesJson(summary), null, 1)}\n`);
  if (summary.plot)
    await writeFileAtomic(
      summary.plot,
      learningCurveSvg(result, `Active learning on ${emb.model} (${keep.length} samples)`),
    );
  return summary;
}

/** The curves file: snake_case keys like every --json document. */
function curvesJson(s: RunSimulateAlSummary): Record<string, unknown> {
  return {
    embeddings: s.embeddings,
    n: s.n,
    classes: s.classes,
    class_names: s.classNames,
    dim: s.dim,
    test: s.test,
    skipped: s.skipped,
    labels: s.labels,
    target_accuracy: s.targetAccuracy,
    curves: s.curves.map((c) => ({
      strategy: c.strategy,
      mean: c.mean,
      std: c.std,
      runs: c.runs,
      labels_to_target: c.labelsToTarget,
      labels_saved: c.labelsSaved,
    })),
  };
}
