import type { FacetRow } from './facet-counts.js';
import { type FacetIndex, NO_BIN } from './facet-index.js';
import { UNASSIGNED_SPLIT } from './project-info.js';

/**
 * The parts of the facet index the counts read: plain typed arrays and names (no functions), so the
 * same object can be handed to a worker thread (facet-count-worker.ts), sharing the arrays when they
 * are on SharedArrayBuffers (facet-index.ts allocates them there).
 */
export type FacetCountColumns = Pick<
  FacetIndex,
  | 'n'
  | 'split'
  | 'language'
  | 'tagStart'
  | 'tagCodes'
  | 'tagNames'
  | 'csStart'
  | 'csKey'
  | 'csCount'
  | 'keyClass'
  | 'keySource'
  | 'annotations'
  | 'tp'
  | 'fp'
  | 'fn'
  | 'issueStart'
  | 'issueType'
  | 'issueStatus'
  | 'issueTypes'
  | 'issueStatuses'
  | 'bins'
>;

/** What of the filter the counting needs besides its selection (filterSql's scope, the eval run). */
export interface FacetCountQuery {
  /** A prediction-score range: the class/source facet counts only the annotations inside it. */
  score?: [number, number];
  /** The filter's sources: the class/source facet counts only theirs (undefined = every source). */
  scopeSourceIds?: number[];
  /** Whether TP/FP/FN rows are wanted (the project has an eval run). */
  outcomes: boolean;
}

/** The columns of an index, without what a worker cannot receive. */
export function facetCountColumns(index: FacetIndex): FacetCountColumns {
  const { n, split, language, tagStart, tagCodes, tagNames, csStart, csKey, csCount, keyClass } = index;
  const { keySource, annotations, tp, fp, fn, issueStart, issueType, issueStatus, issueTypes } = index;
  const { issueStatuses, bins } = index;
  return {
    n,
    split,
    language,
    tagStart,
    tagCodes,
    tagNames,
    csStart,
    csKey,
    csCount,
    keyClass,
    keySource,
    annotations,
    tp,
    fp,
    fn,
    issueStart,
    issueType,
    issueStatus,
    issueTypes,
    issueStatuses,
    bins,
  };
}

/**
 * Every facet's rows (as facetCounts' SQL returns them, before assembleFacets) for the samples selected
 * by `mask` (one byte per index position). The selected positions are listed once (branch-free), then
 * each column is one pass over that list with Int32 counters: no pass over unselected samples, and no
 * allocation the size of the project besides the list.
 */
export function countFacetRows(c: FacetCountColumns, mask: Uint8Array, q: FacetCountQuery): FacetRow[] {
  const { n } = c;
  const sel = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sel[total] = i;
    total += mask[i]!;
  }
  const rows: FacetRow[] = [{ facet: 'total', value: '', n: total }];
  // split, language, TP/FP/FN
  const split = new Int32Array(c.split.names.length);
  const language = new Int32Array(c.language.names.length);
  const splitCodes = c.split.codes;
  const languageCodes = c.language.codes;
  const { tp: tpOf, fp: fpOf, fn: fnOf } = c;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let k = 0; k < total; k++) {
    const i = sel[k]!;
    split[splitCodes[i]!]!++;
    language[languageCodes[i]!]!++;
    tp += tpOf[i]!;
    fp += fpOf[i]!;
    fn += fnOf[i]!;
  }
  // tags and issues (an issue type counts once per sample, ignored issues not at all)
  const tag = new Int32Array(c.tagNames.length);
  const issueType = new Int32Array(c.issueTypes.length);
  const issueStatus = new Int32Array(c.issueStatuses.length);
  const typeSeen = new Int32Array(c.issueTypes.length).fill(-1);
  const statusSeen = new Int32Array(c.issueStatuses.length).fill(-1);
  const ignored = c.issueStatuses.indexOf('ignored');
  const { tagStart, tagCodes, issueStart, issueType: types, issueStatus: statuses } = c;
  for (let k = 0; k < total; k++) {
    const i = sel[k]!;
    for (let j = tagStart[i]!, end = tagStart[i + 1]!; j < end; j++) tag[tagCodes[j]!]!++;
    for (let j = issueStart[i]!, end = issueStart[i + 1]!; j < end; j++) {
      const t = types[j]!;
      const s = statuses[j]!;
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
  // class × source: per-sample counts, or (a score range) the annotations inside the range
  const byKey = new Float64Array(c.keyClass.length);
  const scope = q.scopeSourceIds ? new Set(q.scopeSourceIds) : undefined;
  if (q.score === undefined) {
    const { csStart, csKey, csCount } = c;
    for (let k = 0; k < total; k++) {
      const i = sel[k]!;
      for (let j = csStart[i]!, end = csStart[i + 1]!; j < end; j++) byKey[csKey[j]!]! += csCount[j]!;
    }
  } else {
    const [lo, hi] = q.score;
    const keyOk = Uint8Array.from(c.keySource, (src) => (scope === undefined || scope.has(src) ? 1 : 0));
    const { position, key, score, count } = c.annotations;
    for (let a = 0; a < count; a++)
      if (keyOk[key[a]!] && score[a]! >= lo && score[a]! <= hi && mask[position[a]!]) byKey[key[a]!]!++;
  }
  // metric histogram bins
  const bins: { name: string; counts: Int32Array }[] = [];
  for (const [name, b] of c.bins) {
    const counts = new Int32Array(NO_BIN + 1);
    for (let k = 0; k < total; k++) counts[b[sel[k]!]!]!++;
    bins.push({ name, counts });
  }
  split.forEach((n, code) => {
    if (n > 0) rows.push({ facet: 'split', value: code === 0 ? UNASSIGNED_SPLIT : c.split.names[code]!, n });
  });
  const emit = (facet: string, counts: Int32Array, name: (code: number) => string | undefined) => {
    counts.forEach((n, code) => {
      const value = name(code);
      if (n > 0 && value !== undefined) rows.push({ facet, value, n });
    });
  };
  emit('tag', tag, (code) => c.tagNames[code]);
  emit('issue_type', issueType, (code) => c.issueTypes[code]);
  emit('issue_status', issueStatus, (code) => c.issueStatuses[code]);
  emit('language', language, (code) => (code === 0 ? undefined : c.language.names[code]));
  byKey.forEach((n, key) => {
    // with a score range the scope was applied per annotation above
    if (n > 0 && (q.score !== undefined || scope === undefined || scope.has(c.keySource[key]!)))
      rows.push({ facet: 'class_source', value: `${c.keyClass[key]} ${c.keySource[key]}`, n });
  });
  if (q.outcomes) {
    for (const [o, n] of [
      ['tp', tp],
      ['fp', fp],
      ['fn', fn],
    ] as const)
      if (n > 0) rows.push({ facet: 'outcome', value: o, n });
  }
  for (const m of bins) {
    m.counts.forEach((n, b) => {
      if (b !== NO_BIN && n > 0) rows.push({ facet: 'bin', value: `${m.name} ${b}`, n });
    });
  }
  return rows;
}
