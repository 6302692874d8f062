import { AssayError } from '../../errors.js';
import type { CommitteeBoxes } from '../../select/detection-committee.js';
import type { SelectInput } from '../../select/select-samples.js';
import type { LabelRows } from '../../split/iterative-stratification.js';
import { listEmbeddingModels, loadEmbeddingMatrix } from '../embeddings/embedding-store.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';

export interface PoolSample {
  id: number;
  key: string;
  split: string | null;
  tags: string[];
}

export async function loadPoolSamples(project: Project): Promise<PoolSample[]> {
  const rows = await storeDb(project.store).all<{
    id: number;
    key: string;
    split: string | null;
    tags: string[] | null;
  }>('SELECT id, key, split, tags FROM samples ORDER BY id');
  return rows.map((r) => ({ ...r, tags: r.tags ?? [] }));
}

/** Rows of `--from`: a split name or a tag (a name that is both is refused as ambiguous). */
export function poolRows(samples: readonly PoolSample[], from: string | undefined): Int32Array {
  if (from === undefined) return Int32Array.from(samples, (_, i) => i);
  const bySplit = samples.flatMap((s, i) => (s.split === from ? [i] : []));
  const byTag = samples.flatMap((s, i) => (s.tags.includes(from) ? [i] : []));
  if (bySplit.length > 0 && byTag.length > 0)
    throw new AssayError('USAGE', `"${from}" is both a split and a tag.`, {
      hint: 'Rename the tag, or select from the split by another name.',
    });
  if (bySplit.length + byTag.length === 0)
    throw new AssayError('USAGE', `No sample is in a split or has a tag named "${from}".`, {
      hint: 'See the splits with `assay info`; tags are set by `assay select --tag` and `assay sample --tag`.',
    });
  return Int32Array.from(bySplit.length > 0 ? bySplit : byTag);
}

interface PredRow extends Record<string, unknown> {
  sample_id: number;
  kind: string;
  class_id: number | null;
  score: number | null;
  probs: number[] | null;
  x: number | null;
  y: number | null;
  w: number | null;
  h: number | null;
}

/** The prediction sources to read: the named ones, or every `prediction:*` source. */
export async function predictionSources(project: Project, named: string[] | undefined): Promise<string[]> {
  const known = (await project.store.listSources()).map((s) => s.name);
  if (named && named.length > 0) {
    const unknown = named.filter((n) => !known.includes(n));
    if (unknown.length > 0)
      throw new AssayError(
        'USAGE',
        `The project has no label source ${unknown.map((u) => `"${u}"`).join(', ')}.`,
        {
          hint: `Sources: ${known.join(', ')}.`,
        },
      );
    return named;
  }
  return known.filter((n) => n.startsWith('prediction:'));
}

/**
 * Fills `probs`, `committee`, `boxes` and `classes` of a SelectInput from prediction sources: the first
 * source's class probabilities (classification) or box scores (detection); every source with
 * probabilities joins the committee. Classes per row come from the first source (argmax, or boxes
 * scoring ≥ 0.5), else from ground truth.
 */
export async function loadPredictionInputs(
  project: Project,
  samples: readonly PoolSample[],
  sources: string[],
): Promise<
  Pick<SelectInput, 'probs' | 'committee' | 'boxes' | 'classes' | 'detectionCommittee'> & {
    classNames: string[];
  }
> {
  const db = storeDb(project.store);
  const classes = await project.store.listClasses();
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c.id, i]));
  const rowOf = new Map(samples.map((s, i) => [s.id, i]));
  const n = samples.length;
  const out: Pick<SelectInput, 'probs' | 'committee' | 'boxes' | 'classes' | 'detectionCommittee'> = {};
  const detection: PredRow[][] = []; // boxes of each detection source, for the committee
  const committee: Float64Array[] = [];
  const perRow: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (const [si, source] of sources.entries()) {
    const rows = await db.all<PredRow>(
      `SELECT a.sample_id, a.kind::VARCHAR AS kind, a.class_id, a.score, a.probs, a.x, a.y, a.w, a.h FROM annotations a JOIN sources s ON s.id = a.source_id
        WHERE s.name = ? ORDER BY a.sample_id, a.id`,
      [source],
    );
    const withProbs = rows.filter((r) => r.kind === 'classification' && r.probs && r.probs.length === k);
    if (withProbs.length > 0) {
      const data = new Float64Array(n * k);
      for (const r of withProbs) {
        const i = rowOf.get(r.sample_id);
        if (i === undefined) continue;
        for (let j = 0; j < k; j++) data[i * k + j] = r.probs![j]!;
        if (si === 0) {
          let best = 0;
          for (let j = 1; j < k; j++) if (r.probs![j]! > r.probs![best]!) best = j;
          perRow[i]!.add(best);
        }
      }
      committee.push(data);
      if (si === 0) out.probs = { data, k };
    } else {
      const boxes = rows.filter(
        (r) => rowOf.has(r.sample_id) && r.kind !== 'classification' && r.class_id !== null && r.w !== null,
      );
      if (boxes.length > 0) detection.push(boxes);
    }
    if (withProbs.length === 0 && si === 0) {
      const kept = rows.filter((r) => rowOf.has(r.sample_id) && r.kind !== 'classification');
      out.boxes = {
        owner: Int32Array.from(kept, (r) => rowOf.get(r.sample_id)!),
        score: Float64Array.from(kept, (r) => r.score ?? 1),
      };
      if (kept.length > 0 && kept.every((r) => r.probs && r.probs.length === k)) {
        const probs = new Float64Array(kept.length * k);
        for (const [b, r] of kept.entries()) for (let j = 0; j < k; j++) probs[b * k + j] = r.probs![j]!;
        out.boxes.probs = probs;
      }
      for (const r of kept)
        if ((r.score ?? 1) >= 0.5 && r.class_id !== null)
          perRow[rowOf.get(r.sample_id)!]!.add(classIndex.get(r.class_id)!);
    }
  }
  if (committee.length > 0) out.committee = committee;
  if (detection.length >= 2) out.detectionCommittee = committeeBoxes(detection, rowOf, classIndex, k);
  if (sources.length === 0 || perRow.every((s) => s.size === 0)) {
    const gt = await db.all<{ sample_id: number; class_id: number }>(
      `SELECT DISTINCT a.sample_id, a.class_id FROM annotations a JOIN sources s ON s.id = a.source_id
        WHERE s.name = 'ground_truth' AND a.class_id IS NOT NULL`,
    );
    for (const r of gt) {
      const i = rowOf.get(r.sample_id);
      if (i !== undefined) perRow[i]!.add(classIndex.get(r.class_id)!);
    }
  }
  out.classes = rowsOf(perRow, k);
  return { ...out, classNames: classes.map((c) => c.name) };
}

/** The detection sources' boxes as one committee table, sorted by row (members in source order). */
function committeeBoxes(
  sources: PredRow[][],
  rowOf: Map<number, number>,
  classIndex: Map<number, number>,
  k: number,
): NonNullable<SelectInput['detectionCommittee']> {
  const all = sources.flatMap((rows, m) => rows.map((r) => ({ r, m, row: rowOf.get(r.sample_id)! })));
  all.sort((a, b) => a.row - b.row);
  const withProbs = all.every((b) => b.r.probs && b.r.probs.length === k);
  const boxes: CommitteeBoxes = {
    owner: Int32Array.from(all, (b) => b.row),
    member: Int32Array.from(all, (b) => b.m),
    bbox: Float64Array.from(all.flatMap((b) => [b.r.x ?? 0, b.r.y ?? 0, b.r.w ?? 0, b.r.h ?? 0])),
    cls: Int32Array.from(all, (b) => classIndex.get(b.r.class_id!)!),
    score: Float64Array.from(all, (b) => b.r.score ?? 1),
  };
  if (withProbs) boxes.probs = Float64Array.from(all.flatMap((b) => b.r.probs!));
  return { boxes, members: sources.length, k };
}

function rowsOf(sets: Set<number>[], k: number): LabelRows {
  const offsets = new Int32Array(sets.length + 1);
  const flat: number[] = [];
  for (const [i, s] of sets.entries()) {
    flat.push(...[...s].sort((a, b) => a - b));
    offsets[i + 1] = flat.length;
  }
  return { n: sets.length, labelCount: k, offsets, labels: Int32Array.from(flat) };
}

/** Row-aligned embeddings of `model` (default: the project's only model, or none when it has none). */
export async function loadRowEmbeddings(
  project: Project,
  samples: readonly PoolSample[],
  model: string | undefined,
): Promise<(SelectInput['embeddings'] & { model: string }) | undefined> {
  let name = model;
  if (name === undefined) {
    const models = (await listEmbeddingModels(project)).filter((m) => m.count > 0);
    if (models.length === 0) return undefined;
    if (models.length > 1)
      throw new AssayError(
        'USAGE',
        `The project has embeddings of several models (${models.map((m) => m.name).join(', ')}).`,
        {
          hint: 'Name one with --embeddings MODEL.',
        },
      );
    name = models[0]!.name;
  }
  const m = await loadEmbeddingMatrix(project, name, { shared: false });
  // every sample has a vector (both by ascending id): the matrix is the rows already, not copied again
  if (m.sampleIds.length === samples.length && samples.every((s, i) => s.id === m.sampleIds[i]))
    return { data: m.data, dim: m.dim, has: new Uint8Array(samples.length).fill(1), model: name };
  const rowOf = new Map(samples.map((s, i) => [s.id, i]));
  const data = new Float32Array(samples.length * m.dim);
  const has = new Uint8Array(samples.length);
  for (let r = 0; r < m.sampleIds.length; r++) {
    const i = rowOf.get(m.sampleIds[r]!);
    if (i === undefined) continue;
    data.set(m.data.subarray(r * m.dim, (r + 1) * m.dim), i * m.dim);
    has[i] = 1;
  }
  return { data, dim: m.dim, has, model: name };
}

/** Rows holding ground-truth annotations (the labelled set). */
export async function labelledRows(project: Project, samples: readonly PoolSample[]): Promise<Set<number>> {
  const rowOf = new Map(samples.map((s, i) => [s.id, i]));
  const rows = await storeDb(project.store).all<{ sample_id: number }>(
    `SELECT DISTINCT a.sample_id FROM annotations a JOIN sources s ON s.id = a.source_id WHERE s.name = 'ground_truth'`,
  );
  return new Set(rows.flatMap((r) => (rowOf.has(r.sample_id) ? [rowOf.get(r.sample_id)!] : [])));
}
