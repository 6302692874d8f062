import type { Db } from '../store/db.js';
import type { BrowseFilter } from './browse-filter.js';
import type { BrowseNames } from './browse-names.js';
import { assembleFacets, type FacetCounts, type FacetRow } from './facet-counts.js';
import { type FacetIndex, NO_BIN } from './facet-index.js';
import { filterSql } from './filter-sql.js';
import { indexSelection } from './index-selection.js';
import { regionMask } from './map-region.js';
import { UNASSIGNED_SPLIT } from './project-info.js';

/**
 * facetCounts (facet-counts.ts) over the in-memory index: the selection is a byte mask
 * (index-selection.ts) and every facet one pass over the selected positions with typed-array counters.
 * Gives the same answer as the SQL version (facet-index.test.ts compares them); only a prediction-score
 * range still asks DuckDB, for the class/source counts of the annotations in that range.
 */
export async function indexFacetCounts(
  db: Db,
  index: FacetIndex,
  names: BrowseNames,
  filter: BrowseFilter,
): Promise<FacetCounts> {
  const f = filterSql(filter, names);
  const mask = await indexSelection(db, index, names, filter);
  const { n } = index;
  const rows: FacetRow[] = [];
  const split = new Float64Array(index.split.names.length);
  const tag = new Float64Array(index.tagNames.length);
  const language = new Float64Array(index.language.names.length);
  const byKey = new Float64Array(index.keyClass.length);
  const issueType = new Float64Array(index.issueTypes.length);
  const issueStatus = new Float64Array(index.issueStatuses.length);
  const typeSeen = new Int32Array(index.issueTypes.length).fill(-1);
  const statusSeen = new Int32Array(index.issueStatuses.length).fill(-1);
  const ignored = index.issueStatuses.indexOf('ignored');
  const bins = [...index.bins].map(([name, b]) => ({ name, b, counts: new Float64Array(NO_BIN + 1) }));
  const countKeys = !f.scopeHasScore; // else counted from the annotations below
  let total = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const { tagStart, tagCodes, csStart, csKey, csCount, issueStart } = index;
  const splitCodes = index.split.codes;
  const languageCodes = index.language.codes;
  // One tight loop per column (faster than one loop doing everything per sample)
  for (const m of bins) {
    const { b, counts } = m;
    for (let i = 0; i < n; i++) if (mask[i]) counts[b[i]!]!++;
  }
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    total++;
    split[splitCodes[i]!]!++;
    language[languageCodes[i]!]!++;
    tp += index.tp[i]!;
    fp += index.fp[i]!;
    fn += index.fn[i]!;
  }
  if (countKeys)
    for (let i = 0; i < n; i++) {
      if (mask[i]) for (let k = csStart[i]!; k < csStart[i + 1]!; k++) byKey[csKey[k]!]! += csCount[k]!;
    }
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    for (let k = tagStart[i]!; k < tagStart[i + 1]!; k++) tag[tagCodes[k]!]!++;
    for (let k = issueStart[i]!; k < issueStart[i + 1]!; k++) {
      const t = index.issueType[k]!;
      const s = index.issueStatus[k]!;
      if (s !== ignored && typeSeen[t] !== i) {
        typeSeen[t] = i;
        issueType[t]!++;
      }
      if (statusSeen[s] !== i) {
        statusSeen[s] = i;
        issueStatus[s]!++;
      }
    }
  }
  rows.push({ facet: 'total', value: '', n: total });
  if (filter.region) {
    const inside = await regionMask(db, index, filter.region);
    let points = 0;
    for (let i = 0; i < n; i++) points += inside[i]!;
    rows.push({ facet: 'region', value: '', n: points });
  }
  split.forEach((c, code) => {
    if (c > 0)
      rows.push({ facet: 'split', value: code === 0 ? UNASSIGNED_SPLIT : index.split.names[code]!, n: c });
  });
  const emit = (facet: string, counts: Float64Array, name: (code: number) => string | undefined) => {
    counts.forEach((c, code) => {
      const value = name(code);
      if (c > 0 && value !== undefined) rows.push({ facet, value, n: c });
    });
  };
  emit('tag', tag, (code) => index.tagNames[code]);
  emit('issue_type', issueType, (code) => index.issueTypes[code]);
  emit('issue_status', issueStatus, (code) => index.issueStatuses[code]);
  emit('language', language, (code) => (code === 0 ? undefined : index.language.names[code]));
  if (countKeys) {
    const scope = f.scopeSourceIds ? new Set(f.scopeSourceIds) : undefined;
    byKey.forEach((c, key) => {
      if (c > 0 && (scope === undefined || scope.has(index.keySource[key]!)))
        rows.push({ facet: 'class_source', value: `${index.keyClass[key]} ${index.keySource[key]}`, n: c });
    });
  } else {
    // A score range counts only the annotations inside it (of the filter's sources): one pass over them.
    const [lo, hi] = filter.score!;
    const scope = f.scopeSourceIds ? new Set(f.scopeSourceIds) : undefined;
    const keyOk = Uint8Array.from(index.keySource, (src) => (scope === undefined || scope.has(src) ? 1 : 0));
    const { position, key, score } = index.annotations;
    for (let a = 0; a < index.annotations.count; a++)
      if (keyOk[key[a]!] && score[a]! >= lo && score[a]! <= hi && mask[position[a]!]) byKey[key[a]!]!++;
    byKey.forEach((c, k) => {
      if (c > 0)
        rows.push({ facet: 'class_source', value: `${index.keyClass[k]} ${index.keySource[k]}`, n: c });
    });
  }
  if (names.evalRunId !== undefined) {
    for (const [o, c] of [
      ['tp', tp],
      ['fp', fp],
      ['fn', fn],
    ] as const)
      if (c > 0) rows.push({ facet: 'outcome', value: o, n: c });
  }
  for (const m of bins) {
    m.counts.forEach((c, b) => {
      if (b !== NO_BIN && c > 0) rows.push({ facet: 'bin', value: `${m.name} ${b}`, n: c });
    });
  }
  return assembleFacets(rows, names, index.base.ranges);
}
