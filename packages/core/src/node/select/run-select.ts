import type { Edit } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import type { Plan } from '../../plan/plan.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { rowUncertainty, type SelectInput, selectSamples } from '../../select/select-samples.js';
import { type Aggregate, probUncertainty, type UncertaintyKind } from '../../select/uncertainty.js';
import { metricColumn, metricNames } from '../browse/metric-columns.js';
import { applyEdits } from '../edits/apply-edits.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import {
  labelledRows,
  loadPoolSamples,
  loadPredictionInputs,
  loadRowEmbeddings,
  poolRows,
  predictionSources,
} from './select-inputs.js';

export interface RunSelectOptions {
  /** A count (`200`) or a share of the pool (`5%`). */
  budget: string;
  strategy: string;
  /** Tag the selection gets (default `selected`). */
  tag?: string;
  /** Pool: a split or a tag (default every sample). */
  from?: string;
  pred?: string[];
  embeddings?: string;
  aggregate?: Aggregate;
  uncertainty?: UncertaintyKind;
  /** Keep only pool rows passing `field<value` / `field>value` (fields: SELECT_FIELDS, or `metric.NAME` of scan). */
  where?: string[];
  /** Class-balance targets from a plan's `composition` entry for `class`. */
  plan?: Plan;
  seed?: number;
  dryRun?: boolean;
  author?: string;
}

export interface RunSelectSummary {
  strategy: string;
  budget: number;
  pool: number;
  tag: string;
  predictions: string[];
  embeddings: string | null;
  selected: { id: number; key: string; score: number | null }[];
  batch: number | null;
  dryRun: boolean;
}

export const SELECT_FIELDS = [
  'least-confidence',
  'margin',
  'entropy',
  'max-score',
  'classes',
  'boxes',
] as const;

export function parseBudget(text: string, pool: number): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  const v = m ? Number(m[1]) : Number.NaN;
  if (!m || !(v > 0) || (m[2] === '' && !Number.isInteger(v)) || (m[2] === '%' && v > 100))
    throw new AssayError(
      'USAGE',
      `--budget takes a whole number of samples or a percentage, not "${text}".`,
      {
        hint: 'For example --budget 200 or --budget 5%.',
      },
    );
  return m[2] === '%' ? Math.max(1, Math.round((v / 100) * pool)) : v;
}

function fieldValues(input: SelectInput, field: string, aggregate: Aggregate): Float64Array {
  const n = input.n;
  if (field === 'classes' || field === 'boxes') {
    const out = new Float64Array(n);
    if (field === 'classes' && input.classes)
      for (let i = 0; i < n; i++) out[i] = input.classes.offsets[i + 1]! - input.classes.offsets[i]!;
    if (field === 'boxes' && input.boxes) for (const o of input.boxes.owner) out[o]!++;
    return out;
  }
  if (field === 'max-score') {
    const out = new Float64Array(n);
    if (input.probs) {
      const lc = probUncertainty(input.probs.data, n, input.probs.k, 'least-confidence');
      for (let i = 0; i < n; i++) out[i] = 1 - lc[i]!;
    } else if (input.boxes)
      for (let b = 0; b < input.boxes.owner.length; b++)
        out[input.boxes.owner[b]!] = Math.max(out[input.boxes.owner[b]!]!, input.boxes.score[b]!);
    return out;
  }
  if (field === 'least-confidence' || field === 'margin' || field === 'entropy')
    return rowUncertainty(input, field, aggregate);
  throw new AssayError('USAGE', `--where cannot filter on "${field}".`, {
    hint: `Fields: ${SELECT_FIELDS.join(', ')}.`,
  });
}

/** A scan metric per row (`metric.sharpness`; NaN where the sample has none). */
async function metricValues(project: Project, ids: readonly number[], name: string): Promise<Float64Array> {
  const column = metricColumn(name);
  if (!column)
    throw new AssayError('USAGE', `--where cannot filter on metric "${name}".`, {
      hint: `Metrics: ${metricNames()
        .map((m) => `metric.${m}`)
        .join(', ')}.`,
    });
  const rows = await storeDb(project.store).all<{ id: number; v: number | null }>(
    `SELECT s.id, ${column.sql} AS v FROM samples s LEFT JOIN sample_metrics m ON m.sample_id = s.id`,
  );
  const byId = new Map(rows.map((r) => [r.id, r.v]));
  return Float64Array.from(ids, (id) => byId.get(id) ?? Number.NaN);
}

async function applyWhere(
  project: Project,
  ids: readonly number[],
  input: SelectInput,
  where: string[],
  aggregate: Aggregate,
): Promise<Int32Array> {
  let pool = input.pool;
  for (const w of where) {
    const m = /^((?:metric\.)?[a-z_-]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)$/.exec(w.trim());
    if (!m)
      throw new AssayError('USAGE', `--where takes FIELD<VALUE or FIELD>VALUE, not "${w}".`, {
        hint: `Fields: ${SELECT_FIELDS.join(', ')}.`,
      });
    const [, field = '', op, text] = m;
    const v = Number(text);
    const values = field.startsWith('metric.')
      ? await metricValues(project, ids, field.slice('metric.'.length))
      : fieldValues(input, field, aggregate);
    pool = pool.filter((r) => {
      const x = values[r]!;
      return op === '<' ? x < v : op === '<=' ? x <= v : op === '>' ? x > v : x >= v;
    });
  }
  return pool;
}

/**
 * `assay select`: ranks the pool by a strategy, takes the budget, and tags the picked samples (one
 * batch of `sample` edits, undoable) unless `dryRun`.
 */
export async function runSelect(project: Project, options: RunSelectOptions): Promise<RunSelectSummary> {
  const samples = await loadPoolSamples(project);
  const tag = options.tag ?? 'selected';
  const sources = await predictionSources(project, options.pred);
  const preds = await loadPredictionInputs(project, samples, sources);
  const needsEmbeddings = /kcenter|kmeans|dua/.test(options.strategy);
  const emb =
    needsEmbeddings || options.embeddings
      ? await loadRowEmbeddings(project, samples, options.embeddings)
      : undefined;
  const labelled = await labelledRows(project, samples);
  const input: SelectInput = { n: samples.length, pool: poolRows(samples, options.from), ...preds };
  // a mask, not pool.includes per labelled row: that was |labelled| × |pool| (10¹² steps at 1M)
  const inPool = new Uint8Array(samples.length);
  for (const r of input.pool) inPool[r] = 1;
  input.labelled = Int32Array.from([...labelled].filter((r) => inPool[r] === 0));
  if (emb) input.embeddings = emb;
  if (options.plan) {
    const t = options.plan.composition.find((c) => c.field === 'class');
    if (t) input.target = Float64Array.from(preds.classNames, (name) => t.target[name] ?? 0);
  }
  const aggregate = options.aggregate ?? 'max';
  if (options.where?.length)
    input.pool = await applyWhere(
      project,
      samples.map((s) => s.id),
      input,
      options.where,
      aggregate,
    );
  const budget = parseBudget(options.budget, input.pool.length);
  const seed = options.seed ?? 0;
  const result = selectSamples(input, {
    budget,
    strategy: options.strategy,
    aggregate,
    ...(options.uncertainty ? { uncertainty: options.uncertainty } : {}),
    seed,
    random: mulberry32(seed),
  });
  const selected = Array.from(result.rows, (r, i) => ({
    id: samples[r]!.id,
    key: samples[r]!.key,
    score: result.scores[i] ?? null,
  }));
  const edits: Edit[] = [];
  for (const r of result.rows) {
    const s = samples[r]!;
    if (s.tags.includes(tag)) continue;
    edits.push({
      op: 'sample',
      sampleId: s.id,
      set: { tags: [...s.tags, tag] },
      expect: { tags: s.tags.length > 0 ? s.tags : null },
      reason: `assay select ${options.strategy} (budget ${budget}, seed ${seed})`,
    });
  }
  let batch: number | null = null;
  if (!options.dryRun && edits.length > 0)
    batch = (
      await applyEdits(project, edits, {
        rule: 'select',
        ...(options.author ? { author: options.author } : {}),
      })
    ).batch;
  return {
    strategy: options.strategy,
    budget,
    pool: input.pool.length,
    tag,
    predictions: sources,
    embeddings: emb?.model ?? null,
    selected,
    batch,
    dryRun: options.dryRun === true,
  };
}
