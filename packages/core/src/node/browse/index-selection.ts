import type { Db } from '../store/db.js';
import { OUTCOME_BITS } from './annotation-columns.js';
import type { BrowseFilter } from './browse-filter.js';
import { type BrowseNames, idsOf } from './browse-names.js';
import { type FacetIndex, metricValues } from './facet-index.js';
import { filterSql } from './filter-sql.js';
import { regionMask } from './map-region.js';
import { UNASSIGNED_SPLIT } from './project-info.js';

/** Filter fields the index answers by itself; any other field makes the selection a SQL query. */
const IN_MEMORY = new Set([
  'ids',
  'splits',
  'tags',
  'classes',
  'sources',
  'score',
  'outcome',
  'issue_types',
  'issue_status',
  'metrics',
  'region',
]);

/** True when the filter selects every sample (no field with a value). */
export function isEmptyFilter(filter: BrowseFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
}

/**
 * The samples a filter selects, as one byte per index position (1 = selected), with the same meaning as
 * filterSql's WHERE (filter-sql.ts): fields the index holds (and a map region, over the projection's points
 * read once, map-region.ts) are evaluated on its typed arrays; a filter
 * with any other field (path text, languages, prediction score, TP/FP/FN, attributes) asks DuckDB for
 * the matching ids instead. Unknown names raise the same INVALID_INPUT errors as filterSql.
 */
export async function indexSelection(
  db: Db,
  index: FacetIndex,
  names: BrowseNames,
  filter: BrowseFilter,
): Promise<Uint8Array> {
  const f = filterSql(filter, names); // validates names and ranges
  // A plain buffer: posted to the facet count worker it is copied (1 MB, well under a millisecond); masks
  // on SharedArrayBuffers, one per request, piled up hundreds of MB before the collector freed them.
  const mask = new Uint8Array(index.n);
  if (f.all) return mask.fill(1);
  const keys = Object.entries(filter)
    .filter(([, v]) => !(v === undefined || (Array.isArray(v) && v.length === 0)))
    .map(([k]) => k);
  // TP/FP/FN in the index are of the eval run its base was built for
  const staleOutcome = filter.outcome?.length && index.base.evalRunId !== names.evalRunId;
  if (staleOutcome || !keys.every((k) => IN_MEMORY.has(k))) {
    await db.eachChunk(
      `SELECT s.id FROM samples s WHERE ${f.samples.text}`,
      f.samples.params,
      ([id], rows) => {
        for (let r = 0; r < rows; r++) {
          const p = index.position(Number(id![r]));
          if (p >= 0) mask[p] = 1;
        }
      },
    );
    return mask;
  }
  mask.fill(1);
  const and = (keep: (i: number) => boolean) => {
    for (let i = 0; i < index.n; i++) if (mask[i] && !keep(i)) mask[i] = 0;
  };
  if (filter.ids) {
    const chosen = new Uint8Array(index.n);
    for (const id of filter.ids) {
      const p = index.position(id);
      if (p >= 0) chosen[p] = 1;
    }
    and((i) => chosen[i] === 1);
  }
  if (filter.region) {
    const inside = await regionMask(db, index, filter.region);
    and((i) => inside[i] === 1);
  }
  if (filter.splits?.length) {
    const wanted = new Uint8Array(index.split.names.length);
    index.split.names.forEach((name, code) => {
      if (code === 0) wanted[0] = filter.splits!.includes(UNASSIGNED_SPLIT) ? 1 : 0;
      else if (name !== UNASSIGNED_SPLIT && filter.splits!.includes(name)) wanted[code] = 1;
    });
    const codes = index.split.codes;
    and((i) => wanted[codes[i]!] === 1);
  }
  if (filter.tags?.length) {
    const wanted = new Uint8Array(index.tagNames.length);
    index.tagNames.forEach((name, code) => {
      if (filter.tags!.includes(name)) wanted[code] = 1;
    });
    const { tagStart, tagCodes } = index;
    and((i) => {
      for (let k = tagStart[i]!; k < tagStart[i + 1]!; k++) if (wanted[tagCodes[k]!]) return true;
      return false;
    });
  }
  for (const [name, [lo, hi]] of Object.entries(filter.metrics ?? {})) {
    if (lo === null && hi === null) continue;
    const values = (await metricValues(db, index, name))!;
    const low = lo ?? Number.NEGATIVE_INFINITY;
    const high = hi ?? Number.POSITIVE_INFINITY;
    and((i) => values[i]! >= low && values[i]! <= high); // NaN (no value) never passes, like SQL NULL
  }
  if (filter.issue_types?.length || filter.issue_status?.length) {
    const typeOk = codesOf(index.issueTypes, filter.issue_types);
    const status = filter.issue_status ?? [];
    const statusOk = status.length
      ? codesOf(index.issueStatuses, status)
      : Uint8Array.from(index.issueStatuses, (s) => (s === 'ignored' ? 0 : 1));
    const { issueStart, issueType, issueStatus } = index;
    and((i) => {
      for (let k = issueStart[i]!; k < issueStart[i + 1]!; k++)
        if (typeOk[issueType[k]!] && statusOk[issueStatus[k]!]) return true;
      return false;
    });
  }
  const { keyOk, annotationTest } = annotationConditions(index, names, filter);
  if (annotationTest && keyOk) {
    // score or TP/FP/FN: one pass over every annotation
    const { position, key, score, outcome } = index.annotations;
    const [lo, hi] = filter.score ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    let bits = 0;
    for (const o of filter.outcome ?? []) bits |= OUTCOME_BITS[o];
    const anyOutcome = bits === 0;
    const hit = new Uint8Array(index.n);
    // Sequential passes: a slice of annotations sorted by score reads the columns at random, slower at 7.5M.
    if (filter.score) {
      for (let a = 0; a < index.annotations.count; a++)
        if (keyOk[key[a]!] && score[a]! >= lo && score[a]! <= hi && (anyOutcome || outcome[a]! & bits))
          hit[position[a]!] = 1;
    } else {
      for (let a = 0; a < index.annotations.count; a++)
        if (keyOk[key[a]!] && (anyOutcome || outcome[a]! & bits)) hit[position[a]!] = 1;
    }
    and((i) => hit[i] === 1);
  } else if (keyOk) {
    // the samples of the accepted keys (key-positions.ts): one write per such sample and key, instead of
    // reading every sample's key list (one class of twenty at 1M samples: ~0.3M writes against ~6M reads)
    const { start, positions } = index.keySamples;
    const hit = new Uint8Array(index.n);
    for (let key = 0; key < keyOk.length; key++) {
      if (!keyOk[key]) continue;
      for (let k = start[key]!, end = start[key + 1]!; k < end; k++) hit[positions[k]!] = 1;
    }
    for (let i = 0; i < index.n; i++) mask[i]! &= hit[i]!;
  }
  return mask;
}

/** 1 for each name in `wanted` (all when wanted is empty or missing). */
function codesOf(names: string[], wanted: string[] | undefined): Uint8Array {
  if (!wanted?.length) return new Uint8Array(names.length).fill(1);
  return Uint8Array.from(names, (n) => (wanted.includes(n) ? 1 : 0));
}

/**
 * Which (class, source) keys the filter's annotation conditions accept (undefined: no such condition),
 * and whether a score range or TP/FP/FN needs each annotation.
 */
export function annotationConditions(
  index: FacetIndex,
  names: BrowseNames,
  filter: BrowseFilter,
): { keyOk: Uint8Array | undefined; annotationTest: boolean } {
  const annotationTest = filter.score !== undefined || (filter.outcome?.length ?? 0) > 0;
  if (!filter.classes?.length && !filter.sources?.length && !annotationTest)
    return { keyOk: undefined, annotationTest };
  const classes = filter.classes?.length
    ? new Set(idsOf(filter.classes, names.classIds, 'classes'))
    : undefined;
  const sources = filter.sources?.length
    ? new Set(idsOf(filter.sources, names.sourceIds, 'sources'))
    : undefined;
  const keyOk = Uint8Array.from(index.keyClass, (c, key) =>
    (classes === undefined || classes.has(c)) && (sources === undefined || sources.has(index.keySource[key]!))
      ? 1
      : 0,
  );
  return { keyOk, annotationTest };
}
