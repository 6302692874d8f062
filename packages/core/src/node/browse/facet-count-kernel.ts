import { NO_BIN, UNASSIGNED_SPLIT } from './facet-codes.js';
import type { FacetRow } from './facet-counts.js';
import type { FacetIndex } from './facet-index.js';

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
  | 'binNames'
  | 'binRows'
  | 'binStride'
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
  const { issueStatuses, binNames, binRows, binStride } = index;
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
    binNames,
    binRows,
    binStride,
  };
}

/** Every per-sample facet's counters over a list of sample positions. */
interface Tally {
  split: Int32Array;
  language: Int32Array;
  /** TP, FP, FN. */
  outcomes: Float64Array;
  tag: Int32Array;
  issueType: Int32Array;
  issueStatus: Int32Array;
  /** Annotations per (class, source) key. */
  byKey: Float64Array;
  /** Samples per metric bin: [metric × 256 + bin], in binRows' interleaved order. */
  bins: Int32Array;
}

/**
 * The list of positions the counts run over, reused from request to request (a fresh 4 MB array per
 * count at 1M samples, zeroed and collected each time, was ~5% of a count's CPU).
 */
let scratch = new Int32Array(0);

/** The tally of every sample, per index (keyed by one of its columns, the same object in every call). */
const everySample = new WeakMap<Uint32Array, Tally>();

/**
 * Every facet's rows (as facetCounts' SQL returns them, before assembleFacets) for the samples selected
 * by `mask` (one byte per index position). The selected positions are listed once (branch-free), then
 * each facet is one pass over that list with Int32 counters; when more than half of the samples are
 * selected, the unselected ones are listed and counted instead, and taken from the counts of every
 * sample (made once per index), so no count walks more than half of the samples. The metric bins are
 * read a sample at a time (binRows, interleaved), not a column each.
 */
export function countFacetRows(c: FacetCountColumns, mask: Uint8Array, q: FacetCountQuery): FacetRow[] {
  const { n } = c;
  if (scratch.length < n) scratch = new Int32Array(n);
  const list = scratch;
  let total = 0;
  for (let i = 0; i < n; i++) {
    list[total] = i;
    total += mask[i]!;
  }
  const perSampleKeys = q.score === undefined;
  let tally: Tally;
  if (total > n >>> 1) {
    const all = tallyOfEverySample(c);
    let rest = 0;
    for (let i = 0; i < n; i++) {
      list[rest] = i;
      rest += 1 - mask[i]!;
    }
    tally = tallyOf(c, list, rest, perSampleKeys);
    subtractFrom(all, tally);
  } else tally = tallyOf(c, list, total, perSampleKeys);
  const scope = q.scopeSourceIds ? new Set(q.scopeSourceIds) : undefined;
  if (!perSampleKeys) {
    // a score range: the annotations inside it, of the filter's sources
    const [lo, hi] = q.score!;
    const byKey = tally.byKey.fill(0);
    const keyOk = Uint8Array.from(c.keySource, (src) => (scope === undefined || scope.has(src) ? 1 : 0));
    const { position, key, score, count } = c.annotations;
    for (let a = 0; a < count; a++)
      if (keyOk[key[a]!] && score[a]! >= lo && score[a]! <= hi && mask[position[a]!]) byKey[key[a]!]!++;
  }
  return rowsOf(c, tally, total, q, scope);
}

/**
 * Makes the counts of every sample ahead of the first selection of more than half of the samples (one
 * count over all of them, which also has the counting functions compiled before the first request).
 */
export function prepareFacetCounts(c: FacetCountColumns): void {
  tallyOfEverySample(c);
}

/** The tally of every sample of the index, made on first use (one count over all samples). */
function tallyOfEverySample(c: FacetCountColumns): Tally {
  let all = everySample.get(c.csStart);
  if (all === undefined) {
    const list = new Int32Array(c.n);
    for (let i = 0; i < c.n; i++) list[i] = i;
    all = tallyOf(c, list, c.n, true);
    everySample.set(c.csStart, all);
  }
  return all;
}

/** `part` becomes `all` − `part`, counter by counter. */
function subtractFrom(all: Tally, part: Tally): void {
  for (const k of Object.keys(part) as (keyof Tally)[]) {
    const a = all[k];
    const p = part[k];
    for (let j = 0; j < p.length; j++) p[j] = a[j]! - p[j]!;
  }
}

/** Counts the facets of the `count` positions at the head of `list` (distinct, ascending). */
function tallyOf(c: FacetCountColumns, list: Int32Array, count: number, perSampleKeys: boolean): Tally {
  // split, language, TP/FP/FN
  const split = new Int32Array(c.split.names.length);
  const language = new Int32Array(c.language.names.length);
  const splitCodes = c.split.codes;
  const languageCodes = c.language.codes;
  const { tp: tpOf, fp: fpOf, fn: fnOf } = c;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let k = 0; k < count; k++) {
    const i = list[k]!;
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
  for (let k = 0; k < count; k++) {
    const i = list[k]!;
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
  // class × source: per-sample annotation counts (a score range counts annotations instead: the caller)
  const byKey = new Float64Array(c.keyClass.length);
  if (perSampleKeys) {
    const { csStart, csKey, csCount } = c;
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      for (let j = csStart[i]!, end = csStart[i + 1]!; j < end; j++) byKey[csKey[j]!]! += csCount[j]!;
    }
  }
  return {
    split,
    language,
    outcomes: Float64Array.of(tp, fp, fn),
    tag,
    issueType,
    issueStatus,
    byKey,
    bins: binTally(c, list, count),
  };
}

/**
 * Samples per metric bin: each sample's bins read as 32-bit words (four metrics each, binRows'
 * stride), one counter row of 256 per metric; the padding's NO_BIN counts are never read.
 */
function binTally(c: FacetCountColumns, list: Int32Array, count: number): Int32Array {
  const { binRows, binStride } = c;
  const counts = new Int32Array(binStride * 256);
  if (binStride === 0) return counts;
  const words = binStride >>> 2;
  if (LITTLE_ENDIAN && binRows.byteOffset % 4 === 0) {
    const w = new Uint32Array(binRows.buffer, binRows.byteOffset, binRows.length >>> 2);
    for (let k = 0; k < count; k++) {
      const at = list[k]! * words;
      for (let j = 0, o = 0; j < words; j++, o += 1024) {
        const x = w[at + j]!;
        counts[o + (x & 255)]!++;
        counts[o + 256 + ((x >>> 8) & 255)]!++;
        counts[o + 512 + ((x >>> 16) & 255)]!++;
        counts[o + 768 + (x >>> 24)]!++;
      }
    }
  } else {
    for (let k = 0; k < count; k++) {
      const at = list[k]! * binStride;
      for (let j = 0; j < binStride; j++) counts[j * 256 + binRows[at + j]!]!++;
    }
  }
  return counts;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The facet rows of a tally, in the order the SQL version gives them. */
function rowsOf(
  c: FacetCountColumns,
  t: Tally,
  total: number,
  q: FacetCountQuery,
  scope: Set<number> | undefined,
): FacetRow[] {
  const rows: FacetRow[] = [{ facet: 'total', value: '', n: total }];
  t.split.forEach((n, code) => {
    if (n > 0) rows.push({ facet: 'split', value: code === 0 ? UNASSIGNED_SPLIT : c.split.names[code]!, n });
  });
  const emit = (facet: string, counts: Int32Array, name: (code: number) => string | undefined) => {
    counts.forEach((n, code) => {
      const value = name(code);
      if (n > 0 && value !== undefined) rows.push({ facet, value, n });
    });
  };
  emit('tag', t.tag, (code) => c.tagNames[code]);
  emit('issue_type', t.issueType, (code) => c.issueTypes[code]);
  emit('issue_status', t.issueStatus, (code) => c.issueStatuses[code]);
  emit('language', t.language, (code) => (code === 0 ? undefined : c.language.names[code]));
  t.byKey.forEach((n, key) => {
    // with a score range the scope was applied per annotation
    if (n > 0 && (q.score !== undefined || scope === undefined || scope.has(c.keySource[key]!)))
      rows.push({ facet: 'class_source', value: `${c.keyClass[key]} ${c.keySource[key]}`, n });
  });
  if (q.outcomes) {
    const [tp, fp, fn] = t.outcomes;
    for (const [o, n] of [
      ['tp', tp!],
      ['fp', fp!],
      ['fn', fn!],
    ] as const)
      if (n > 0) rows.push({ facet: 'outcome', value: o, n });
  }
  c.binNames.forEach((name, m) => {
    for (let b = 0; b < NO_BIN; b++) {
      const n = t.bins[m * 256 + b]!;
      if (n > 0) rows.push({ facet: 'bin', value: `${name} ${b}`, n });
    }
  });
  return rows;
}
