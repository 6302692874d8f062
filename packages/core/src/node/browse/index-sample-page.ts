import type { Db } from '../store/db.js';
import type { BrowseNames } from './browse-names.js';
import type { FacetIndex } from './facet-index.js';
import { indexSelection } from './index-selection.js';
import { orderOf, pageItems, type SamplePageItem, type SamplePageQuery, samplePage } from './sample-page.js';

/**
 * samplePage (sample-page.ts) over the in-memory index: the selection is a byte mask (index-selection.ts)
 * and the sort a stored order of every sample (one ORDER BY per sort key and direction, made on first use
 * and kept until the project changes), so a page deep in the list is a walk over that order instead of a
 * sort of the selected rows. Same answer as samplePage (index-sample-page.test.ts compares them).
 */
export async function indexSamplePage(
  db: Db,
  index: FacetIndex,
  names: BrowseNames,
  query: SamplePageQuery,
  /** The filter's selection when it is already made (indexSelection's mask). */
  selection?: Uint8Array,
): Promise<{ total: number; items: SamplePageItem[] }> {
  const mask = selection ?? (await indexSelection(db, index, names, query.filter));
  const order = await sortOrder(db, index, query.sort);
  if (order === null) return samplePage(db, names, query);
  let total = 0;
  for (let i = 0; i < index.n; i++) total += mask[i]!;
  const ids: number[] = [];
  let skip = query.offset;
  for (let k = 0; k < index.n && ids.length < query.limit; k++) {
    const p = order ? order[k]! : k;
    if (!mask[p]) continue;
    if (skip > 0) skip--;
    else ids.push(index.ids[p]!);
  }
  return { total, items: await pageItems(db, ids) };
}

/**
 * Positions in a sort's order; undefined for ascending ids (the index's own order); null when the order
 * does not list every sample once (then the caller asks SQL).
 */
export async function sortOrder(
  db: Db,
  index: FacetIndex,
  sort: SamplePageQuery['sort'],
): Promise<Int32Array | undefined | null> {
  const by = sort?.by ?? 'id';
  if (by === 'id' && !sort?.desc) return undefined;
  const { join, order } = orderOf(sort); // validates the name
  const key = `${by}:${sort?.desc ? 'desc' : 'asc'}`;
  let made = index.orders.get(key);
  if (made === undefined) {
    made = (async () => {
      const positions = new Int32Array(index.n);
      let at = 0;
      let ok = true;
      await db.eachChunk(`SELECT s.id FROM samples s ${join} ORDER BY ${order}`, [], ([id], rows) => {
        for (let r = 0; r < rows; r++) {
          const p = index.position(Number(id![r]));
          if (p < 0 || at >= index.n) ok = false;
          else positions[at++] = p;
        }
      });
      return ok && at === index.n ? positions : undefined;
    })();
    made.catch(() => index.orders.delete(key));
    index.orders.set(key, made);
  }
  return (await made) ?? null;
}
