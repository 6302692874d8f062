import type { Db } from '../store/db.js';
import type { BrowseFilter } from './browse-filter.js';
import type { BrowseNames } from './browse-names.js';
import { countFacetRows, type FacetCountQuery, facetCountColumns } from './facet-count-kernel.js';
import { assembleFacets, type FacetCounts, type FacetRow } from './facet-counts.js';
import type { FacetIndex } from './facet-index.js';
import { filterSql } from './filter-sql.js';
import { indexSelection } from './index-selection.js';
import { regionMask } from './map-region.js';

export interface IndexFacetCountsOptions {
  /** The filter's selection when it is already made (indexSelection's mask); default: made here. */
  mask?: Uint8Array;
  /**
   * Counts the selection's facet rows somewhere else, e.g. on a worker thread (FacetCounter.count,
   * facet-counter.ts); default: countFacetRows on this thread. Both give the same rows.
   */
  count?: (mask: Uint8Array, query: FacetCountQuery) => Promise<FacetRow[]>;
}

/**
 * facetCounts (facet-counts.ts) over the in-memory index: the selection is a byte mask
 * (index-selection.ts) and every facet one pass over the selected positions with typed-array counters
 * (facet-count-kernel.ts). Gives the same answer as the SQL version (facet-index.test.ts compares them).
 */
export async function indexFacetCounts(
  db: Db,
  index: FacetIndex,
  names: BrowseNames,
  filter: BrowseFilter,
  options: IndexFacetCountsOptions = {},
): Promise<FacetCounts> {
  const f = filterSql(filter, names); // validates names and ranges
  const mask = options.mask ?? (await indexSelection(db, index, names, filter));
  const query: FacetCountQuery = {
    ...(filter.score === undefined ? {} : { score: filter.score }),
    ...(f.scopeSourceIds === undefined ? {} : { scopeSourceIds: f.scopeSourceIds }),
    outcomes: names.evalRunId !== undefined,
  };
  const rows = options.count
    ? await options.count(mask, query)
    : countFacetRows(facetCountColumns(index), mask, query);
  if (filter.region) {
    const inside = await regionMask(db, index, filter.region);
    let points = 0;
    for (let i = 0; i < index.n; i++) points += inside[i]!;
    rows.push({ facet: 'region', value: '', n: points });
  }
  return assembleFacets(rows, names, index.base.ranges);
}
