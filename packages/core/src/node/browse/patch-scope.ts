import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';
import { shownSizeSql } from '../store/shown-size.js';
import type { FacetIndex } from './facet-index.js';

/** Width and height as the image is shown (see shown-size.ts). */
const SHOWN_BARE = shownSizeSql('');

/** class_id of an annotation without a class, in PatchScope.classId. */
export const NO_CLASS = -2_147_483_648;

/**
 * The boxes of one patch scope (a source, maybe one class) as columns, in table order: everything a
 * patch item shows, so a page of patches is read from memory instead of looking its 100 rows up in the
 * annotations table (a lookup of scattered rows touches nearly every row group: a scan of all of them).
 * ~44 bytes a box (52 with scores): 176 MB for the 4M ground-truth boxes of the 1M-sample bench project.
 */
export interface PatchScope {
  /** Boxes held (those of samples in the index). */
  count: number;
  /** Rows the scope's WHERE matched. */
  rows: number;
  /** Annotation ids (Uint32Array when every id fits, the usual case). */
  id: Uint32Array | Float64Array;
  /** The sample's position in the index. */
  position: Uint32Array;
  classId: Int32Array;
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  /** NaN = no score; undefined when no box of the scope has one. */
  score: Float64Array | undefined;
}

/** Loads the boxes `where` (over `annotations a`) selects; boxes of samples the index lacks are left out. */
export async function loadPatchScope(
  db: Db,
  index: FacetIndex,
  where: string,
  params: DuckDBValue[],
): Promise<PatchScope> {
  const head = await db.one<{ n: number; top: number | null; scored: number }>(
    `SELECT count(*) AS n, max(a.id) AS top, count(a.score) AS scored FROM annotations a WHERE ${where}`,
    params,
  );
  const n = head?.n ?? 0;
  const scope: PatchScope = {
    count: 0,
    rows: n,
    id: (head?.top ?? 0) < 2 ** 32 ? new Uint32Array(n) : new Float64Array(n),
    position: new Uint32Array(n),
    classId: new Int32Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    w: new Float64Array(n),
    h: new Float64Array(n),
    score: (head?.scored ?? 0) > 0 ? new Float64Array(n) : undefined,
  };
  let at = 0;
  await db.eachChunk(
    `SELECT a.id, a.sample_id, a.class_id, a.x, a.y, a.w, a.h, a.score FROM annotations a WHERE ${where}`,
    params,
    ([id, sample, cls, x, y, w, h, score], rows) => {
      for (let r = 0; r < rows && at < n; r++) {
        const p = index.position(Number(sample![r]));
        if (p < 0) continue;
        scope.id[at] = Number(id![r]);
        scope.position[at] = p;
        scope.classId[at] = cls![r] === null ? NO_CLASS : Number(cls![r]);
        scope.x[at] = Number(x![r]);
        scope.y[at] = Number(y![r]);
        scope.w[at] = Number(w![r]);
        scope.h[at] = Number(h![r]);
        if (scope.score) scope.score[at] = score![r] === null ? Number.NaN : Number(score![r]);
        at++;
      }
    },
  );
  scope.count = at;
  return scope;
}

/** Entries of a scope in the sequence of `ids` (an ORDER BY's result), through a table of id → entry. */
export function scopeEntries(scope: PatchScope, ids: Float64Array, count: number): Uint32Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scope.count; i++) {
    const id = scope.id[i]!;
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const out = new Uint32Array(count);
  let at = 0;
  if (scope.count > 0 && hi - lo < 16_000_000) {
    // dense: 4 bytes per id in the range, for the time of this call (30 MB at 7.5M annotations)
    const entry = new Int32Array(hi - lo + 1).fill(-1);
    for (let i = 0; i < scope.count; i++) entry[scope.id[i]! - lo] = i;
    for (let k = 0; k < count; k++) {
      const e = ids[k]! >= lo && ids[k]! <= hi ? entry[ids[k]! - lo]! : -1;
      if (e >= 0) out[at++] = e;
    }
  } else {
    const entry = new Map<number, number>();
    for (let i = 0; i < scope.count; i++) entry.set(scope.id[i]!, i);
    for (let k = 0; k < count; k++) {
      const e = entry.get(ids[k]!);
      if (e !== undefined) out[at++] = e;
    }
  }
  return out.subarray(0, at);
}

/** Each sample's stored (else declared) size by index position; -1 = unknown. Read once per index. */
export interface SampleSizes {
  width: Int32Array;
  height: Int32Array;
}

const sizes = new WeakMap<FacetIndex, Promise<SampleSizes>>();

export function sampleSizes(db: Db, index: FacetIndex): Promise<SampleSizes> {
  let made = sizes.get(index);
  if (made === undefined) {
    made = (async () => {
      const out = { width: new Int32Array(index.n).fill(-1), height: new Int32Array(index.n).fill(-1) };
      await db.eachChunk(
        `SELECT id, ${SHOWN_BARE.width}, ${SHOWN_BARE.height} FROM samples`,
        [],
        ([id, w, h], rows) => {
          for (let r = 0; r < rows; r++) {
            const p = index.position(Number(id![r]));
            if (p < 0) continue;
            if (w![r] !== null) out.width[p] = Number(w![r]);
            if (h![r] !== null) out.height[p] = Number(h![r]);
          }
        },
      );
      return out;
    })();
    made.catch(() => sizes.delete(index));
    sizes.set(index, made);
  }
  return made;
}
