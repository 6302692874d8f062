import type { Db } from '../store/db.js';
import type { BrowseNames } from './browse-names.js';
import type { FacetIndex } from './facet-index.js';
import { indexSelection } from './index-selection.js';
import { type PatchItem, type PatchQuery, patchItems, patchOrder, patchScope } from './patch-page.js';

/** One patch order: annotation ids and their samples' index positions, in the order's sequence. */
interface PatchOrder {
  ids: Float64Array;
  positions: Uint32Array;
}

/** Patch orders kept per index (source, class, sort, direction); the oldest is dropped past this many. */
const KEPT_ORDERS = 12;
const orders = new WeakMap<FacetIndex, Map<string, Promise<PatchOrder>>>();

/**
 * patchPage (patch-page.ts) over the in-memory index: the boxes of one source and class are sorted once
 * (per sort and direction, until the project changes) and a page is a walk over that order keeping the
 * boxes of selected samples (index-selection.ts). Same answer as patchPage (facet-index.test.ts).
 */
export async function indexPatchPage(
  db: Db,
  index: FacetIndex,
  names: BrowseNames,
  q: PatchQuery,
): Promise<{ total: number; items: PatchItem[] }> {
  const mask = await indexSelection(db, index, names, q.filter);
  const order = await patchOrderOf(db, index, names, q);
  let total = 0;
  const ids: number[] = [];
  const samples: number[] = [];
  let skip = q.offset;
  for (let k = 0; k < order.ids.length; k++) {
    if (!mask[order.positions[k]!]) continue;
    total++;
    if (skip > 0) skip--;
    else if (ids.length < q.limit) {
      ids.push(order.ids[k]!);
      samples.push(index.ids[order.positions[k]!]!);
    }
  }
  return { total, items: await patchItems(db, ids, q, samples) };
}

function patchOrderOf(db: Db, index: FacetIndex, names: BrowseNames, q: PatchQuery): Promise<PatchOrder> {
  const { where, params } = patchScope(names, q); // validates the names
  const { join, order } = patchOrder(q);
  const key = `${where} ${params.join(',')} ${order}`;
  let kept = orders.get(index);
  if (kept === undefined) {
    kept = new Map();
    orders.set(index, kept);
  }
  let made = kept.get(key);
  if (made === undefined) {
    made = (async () => {
      const n = await db.scalar(`SELECT count(*) FROM annotations a WHERE ${where}`, params);
      const out: PatchOrder = { ids: new Float64Array(n), positions: new Uint32Array(n) };
      let at = 0;
      await db.eachChunk(
        `SELECT a.id, a.sample_id FROM annotations a ${join} WHERE ${where} ORDER BY ${order}`,
        params,
        ([id, sample], rows) => {
          for (let r = 0; r < rows && at < n; r++) {
            const p = index.position(Number(sample![r]));
            if (p < 0) continue;
            out.ids[at] = Number(id![r]);
            out.positions[at++] = p;
          }
        },
      );
      return { ids: out.ids.subarray(0, at), positions: out.positions.subarray(0, at) };
    })();
    const map = kept;
    made.catch(() => map.delete(key));
    kept.set(key, made);
    if (kept.size > KEPT_ORDERS) kept.delete(kept.keys().next().value!);
  }
  return made;
}
