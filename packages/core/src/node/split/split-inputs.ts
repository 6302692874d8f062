import { AssayError } from '../../errors.js';
import { findNearDuplicates } from '../../metrics/near-duplicates.js';
import type { LabelRows } from '../../split/iterative-stratification.js';
import { groupsFromKeys, groupsFromPairs, mergeGroups } from '../../split/sample-groups.js';
import { embeddingDuplicatePairs } from '../embeddings/embedding-duplicates.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';

export interface SplitSampleRow {
  id: number;
  key: string;
  split: string | null;
  sha256: string | null;
  metadata: Record<string, unknown> | null;
}

/** Samples in id order with what split needs. */
export async function loadSplitSamples(project: Project): Promise<SplitSampleRow[]> {
  const rows = await storeDb(project.store).all<{
    id: number;
    key: string;
    split: string | null;
    sha256: string | null;
    metadata: string | null;
  }>('SELECT id, key, split, sha256, metadata::VARCHAR AS metadata FROM samples ORDER BY id');
  return rows.map((r) => ({
    ...r,
    metadata: r.metadata ? (JSON.parse(r.metadata) as Record<string, unknown>) : null,
  }));
}

/**
 * Per sample (in `samples` order): the classes it holds (presence) and its annotation count per class,
 * from one label source, read as one GROUP BY.
 */
export async function loadClassRows(
  project: Project,
  samples: readonly SplitSampleRow[],
  source: string,
): Promise<{ presence: LabelRows; annotations: LabelRows; classes: string[] }> {
  const db = storeDb(project.store);
  const known = await project.store.listSources();
  if (!known.some((s) => s.name === source))
    throw new AssayError('USAGE', `The project has no label source "${source}".`, {
      hint: `Sources: ${known.map((s) => s.name).join(', ') || 'none (import annotations first)'}.`,
    });
  const classes = await project.store.listClasses();
  const classIndex = new Map(classes.map((c, i) => [c.id, i]));
  const reader = await db.readAll(
    `SELECT a.sample_id, a.class_id, count(*)::INTEGER AS n FROM annotations a JOIN sources s ON s.id = a.source_id
      WHERE s.name = ? AND a.class_id IS NOT NULL GROUP BY ALL ORDER BY a.sample_id, a.class_id`,
    [source],
  );
  const cols = reader.getColumnsJS() as [number[], number[], number[]];
  const [sampleIds, classIds, ns] = cols;
  const index = new Map(samples.map((s, i) => [s.id, i]));
  const n = samples.length;
  const perSample: [number, number][][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < sampleIds.length; r++) {
    const i = index.get(Number(sampleIds[r]));
    const c = classIndex.get(Number(classIds[r]));
    if (i !== undefined && c !== undefined) perSample[i]!.push([c, Number(ns[r])]);
  }
  const offsets = new Int32Array(n + 1);
  const flat: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const [c, k] of perSample[i]!.sort((a, b) => a[0] - b[0])) {
      flat.push(c);
      counts.push(k);
    }
    offsets[i + 1] = flat.length;
  }
  const labels = Int32Array.from(flat);
  const L = classes.length;
  return {
    presence: { n, labelCount: L, offsets, labels },
    annotations: { n, labelCount: L, offsets, labels, counts: Float64Array.from(counts) },
    classes: classes.map((c) => c.name),
  };
}

/** One label per sample from a metadata field's value (samples without it have none). */
export function fieldRows(
  samples: readonly SplitSampleRow[],
  field: string,
): { rows: LabelRows; values: string[] } {
  const ids = new Map<string, number>();
  const offsets = new Int32Array(samples.length + 1);
  const flat: number[] = [];
  for (const [i, s] of samples.entries()) {
    const v = fieldValue(s, field);
    if (v !== undefined) {
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      flat.push(id);
    }
    offsets[i + 1] = flat.length;
  }
  return {
    rows: { n: samples.length, labelCount: ids.size, offsets, labels: Int32Array.from(flat) },
    values: [...ids.keys()],
  };
}

/** A metadata field's value as text; `folder` is the sample's parent folder when no such field exists. */
export function fieldValue(s: SplitSampleRow, field: string): string | undefined {
  const v = s.metadata?.[field];
  if (v !== undefined && v !== null) return typeof v === 'string' ? v : JSON.stringify(v);
  if (field === 'folder') {
    const slash = s.key.lastIndexOf('/');
    return slash < 0 ? '' : s.key.slice(0, slash);
  }
  return undefined;
}

/**
 * Groups that must stay in one split: `near-duplicates` (same bytes, same decoded pixels, a
 * near-duplicate pair by the perceptual hashes `assay check` uses: findNearDuplicates, or by a built-in
 * model's embedding distance: embeddingDuplicatePairs) or a field.
 */
export async function loadGroups(
  project: Project,
  samples: readonly SplitSampleRow[],
  by: string,
): Promise<{ groups: Int32Array; grouped: number; groupCount: number }> {
  let groups: Int32Array;
  if (by === 'near-duplicates') {
    const metrics = await project.store.listSampleMetrics();
    // pairs within a built-in model's embedding distance, as `assay check` joins them to the hash ones:
    // without them a split kept the hash groups whole and check then found the embedding pairs leaking
    const embedding = await embeddingDuplicatePairs(project);
    if (metrics.size === 0 && embedding === undefined)
      throw new AssayError(
        'USAGE',
        'Near-duplicate groups need scanned images or vectors of a built-in model (mobilenet, classic); the project has neither.',
        {
          hint: 'Run `assay scan` first (imported vectors have no near-duplicate distance; `assay embed` adds one by a built-in model).',
        },
      );
    const withMetrics: number[] = [];
    for (const [i, s] of samples.entries()) if (metrics.has(s.id)) withMetrics.push(i);
    const near = findNearDuplicates(withMetrics.map((i) => metrics.get(samples[i]!.id)!));
    const pairs: [number, number][] = near.map((p) => [withMetrics[p.a]!, withMetrics[p.b]!]);
    if (embedding) {
      const rowOf = new Map(samples.map((s, i) => [s.id, i]));
      for (const p of embedding.pairs) {
        const a = rowOf.get(p.a);
        const b = rowOf.get(p.b);
        if (a !== undefined && b !== undefined) pairs.push([a, b]);
      }
    }
    const bySha = groupsFromKeys(samples.map((s) => s.sha256 ?? undefined));
    const byPixels = groupsFromKeys(samples.map((s) => metrics.get(s.id)?.pixelHash));
    groups = mergeGroups(mergeGroups(groupsFromPairs(samples.length, pairs), bySha), byPixels);
  } else {
    groups = groupsFromKeys(samples.map((s) => fieldValue(s, by)));
    if (!groups.some((g) => g >= 0))
      throw new AssayError('USAGE', `No sample has a metadata field "${by}" to group by.`, {
        hint: 'Group by near-duplicates, folder, or a field that the imported metadata holds.',
      });
  }
  const sizes = new Map<number, number>();
  for (const g of groups) if (g >= 0) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  let grouped = 0;
  let groupCount = 0;
  for (const s of sizes.values())
    if (s > 1) {
      grouped += s;
      groupCount++;
    }
  return { groups, grouped, groupCount };
}
