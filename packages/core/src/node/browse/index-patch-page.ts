import type { Db } from '../store/db.js';
import type { BrowseNames } from './browse-names.js';
import type { FacetIndex } from './facet-index.js';
import { indexSelection } from './index-selection.js';
import { type PatchItem, type PatchQuery, patchIssueScores, patchOrder, patchScope } from './patch-page.js';
import { loadPatchScope, NO_CLASS, type PatchScope, sampleSizes, scopeEntries } from './patch-scope.js';

/** One patch order: entries of its scope, in the order's sequence. */
interface PatchOrder {
  scope: PatchScope;
  entries: Uint32Array;
}

/** Orders kept per index (source, class, sort, direction); the oldest is dropped past this many. */
const KEPT_ORDERS = 12;
/** Boxes kept in scopes per index (~50 bytes each); the oldest scopes go past it, the newest stays. */
const KEPT_BOXES = 6_000_000;

interface Kept {
  scopes: Map<string, Promise<PatchScope>>;
  /** Boxes of each loaded scope, for the budget. */
  boxes: Map<string, number>;
  orders: Map<string, Promise<PatchOrder>>;
}
const kept = new WeakMap<FacetIndex, Kept>();

/**
 * patchPage (patch-page.ts) over the in-memory index: the boxes of one source and class are loaded once
 * as columns (patch-scope.ts) and sorted once per sort and direction (until the project changes); a page
 * is a walk over that order keeping the boxes of selected samples (index-selection.ts), its items read
 * from the columns: no scan of the annotations per page (only the page's issue scores are asked of the
 * issues table). Same answer as patchPage (facet-index.test.ts).
 */
export async function indexPatchPage(
  db: Db,
  index: FacetIndex,
  names: BrowseNames,
  q: PatchQuery,
): Promise<{ total: number; items: PatchItem[] }> {
  const mask = await indexSelection(db, index, names, q.filter);
  const { scope, entries } = await patchOrderOf(db, index, names, q);
  let total = 0;
  const picked: number[] = [];
  let skip = q.offset;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k]!;
    if (!mask[scope.position[e]!]) continue;
    total++;
    if (skip > 0) skip--;
    else if (picked.length < q.limit) picked.push(e);
  }
  const size = await sampleSizes(db, index);
  const issueScores = await patchIssueScores(
    db,
    picked.map((e) => scope.id[e]!),
  );
  const items = picked.map((e): PatchItem => {
    const p = scope.position[e]!;
    const score = scope.score?.[e] ?? Number.NaN;
    const id = scope.id[e]!;
    return {
      annotation_id: id,
      sample_id: index.ids[p]!,
      class_id: scope.classId[e] === NO_CLASS ? null : scope.classId[e]!,
      bbox: [scope.x[e]!, scope.y[e]!, scope.w[e]!, scope.h[e]!],
      width: size.width[p]! < 0 ? null : size.width[p]!,
      height: size.height[p]! < 0 ? null : size.height[p]!,
      score: Number.isNaN(score) ? null : score,
      issue_score: issueScores.get(id) ?? null,
    };
  });
  return { total, items };
}

function keptOf(index: FacetIndex): Kept {
  let k = kept.get(index);
  if (k === undefined) {
    k = { scopes: new Map(), boxes: new Map(), orders: new Map() };
    kept.set(index, k);
  }
  return k;
}

async function scopeOf(db: Db, index: FacetIndex, where: string, params: number[]): Promise<PatchScope> {
  const k = keptOf(index);
  const key = `${where} ${params.join(',')}`;
  let made = k.scopes.get(key);
  if (made === undefined) {
    made = loadPatchScope(db, index, where, params);
    made.catch(() => k.scopes.delete(key));
  } else {
    k.scopes.delete(key); // most recently used last
  }
  k.scopes.set(key, made);
  const scope = await made;
  k.boxes.set(key, scope.count);
  // Past the budget, the least recently used scopes go (with their orders); the one asked for stays.
  let boxes = 0;
  for (const n of k.boxes.values()) boxes += n;
  for (const old of [...k.scopes.keys()]) {
    if (boxes <= KEPT_BOXES) break;
    if (old === key || !k.boxes.has(old)) continue;
    boxes -= k.boxes.get(old)!;
    k.boxes.delete(old);
    k.scopes.delete(old);
    for (const o of [...k.orders.keys()]) if (o.startsWith(`${old}|`)) k.orders.delete(o);
  }
  return scope;
}

function patchOrderOf(db: Db, index: FacetIndex, names: BrowseNames, q: PatchQuery): Promise<PatchOrder> {
  const { where, params } = patchScope(names, q); // validates the names
  const { join, order } = patchOrder(q);
  const { orders } = keptOf(index);
  const key = `${where} ${params.join(',')}|${order}`;
  let made = orders.get(key);
  if (made === undefined) {
    made = (async () => {
      const scope = await scopeOf(db, index, where, params);
      const ids = new Float64Array(scope.rows);
      let at = 0;
      await db.eachChunk(
        `SELECT a.id FROM annotations a ${join} WHERE ${where} ORDER BY ${order}`,
        params,
        ([id], rows) => {
          for (let r = 0; r < rows && at < ids.length; r++) ids[at++] = Number(id![r]);
        },
      );
      return { scope, entries: scopeEntries(scope, ids, at) };
    })();
    made.catch(() => orders.delete(key));
    orders.set(key, made);
    if (orders.size > KEPT_ORDERS) orders.delete(orders.keys().next().value!);
  }
  return made;
}
