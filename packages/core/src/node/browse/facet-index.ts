import type { DuckDBValue } from '@duckdb/node-api';
import { sharedArray, sharedArrayOf } from '../arrays/shared-array.js';
import type { Db } from '../store/db.js';
import { type AnnotationColumns, KeyTable, loadAnnotationColumns } from './annotation-columns.js';
import type { FacetBase } from './facet-base.js';
import { NO_BIN } from './facet-codes.js';
import { eachRange, type IdRanges, idRanges, type Pace } from './id-ranges.js';
import { type KeyPositions, keyPositions } from './key-positions.js';
import { METRIC_COLUMNS } from './metric-columns.js';
import { LANGUAGE_SQL } from './text-language-sql.js';

/** A string column as small integer codes and the names they stand for (code 0 = NULL when `nullable`). */
export interface Coded {
  codes: Uint16Array;
  names: string[];
}

/**
 * The project's samples as typed arrays in the server's memory, one position per sample in id order,
 * built once per `change` beside the facet base: what a filter over splits, tags, classes, sources,
 * issues, ids and metric ranges needs to select samples, and what every facet counts. A class filter is
 * then a pass over the per-sample class × source lists (~5M small integers at 1M samples) instead of a
 * scan of every annotation, and a page deep in a sorted list is a walk over a stored order (sort-orders.ts).
 */
export interface FacetIndex {
  n: number;
  /** Sample id at each position, ascending. */
  ids: Int32Array;
  /** Position of a sample id, or -1. */
  position: (id: number) => number;
  /** Split per sample: code 0 = no split (`unassigned`). */
  split: Coded;
  /** Tags per sample: tagCodes[tagStart[i] .. tagStart[i + 1]). */
  tagStart: Uint32Array;
  tagCodes: Uint16Array;
  tagNames: string[];
  /** Language of text samples (stated, else detected, else `unknown`); code 0 = not a text sample. */
  language: Coded;
  /** Annotation counts per (class, source) of each sample: csKey/csCount[csStart[i] .. csStart[i + 1]). */
  csStart: Uint32Array;
  csKey: Uint16Array;
  csCount: Uint32Array;
  /** The same pairs by key: the samples holding each key (key-positions.ts), for class and source filters. */
  keySamples: KeyPositions;
  /** What a key stands for: class id (-1 = no class) and source id. */
  keyClass: Int32Array;
  keySource: Int32Array;
  /** Every annotation's sample position, key, score and outcome bits (annotation-columns.ts). */
  annotations: AnnotationColumns;
  /** TP/FP/FN counts per sample of the eval run the base was built for. */
  tp: Uint32Array;
  fp: Uint32Array;
  fn: Uint32Array;
  /** Issues per sample (type and status codes), for the issue filters and facets. */
  issueStart: Uint32Array;
  issueType: Uint16Array;
  issueStatus: Uint16Array;
  issueTypes: string[];
  issueStatuses: string[];
  /** The metrics with a range (histogram bins), in binRows' order. */
  binNames: string[];
  /**
   * Histogram bin (0..19) of each binned metric per sample, interleaved: sample i's bins are
   * binRows[i * binStride .. i * binStride + binNames.length), the rest of the stride (a multiple of
   * 4 bytes, so the counting reads a sample's bins as whole 32-bit words) NO_BIN; NO_BIN = no value.
   */
  binRows: Uint8Array;
  binStride: number;
  /** Each metric's values (NaN = none), loaded on first use by a metric range filter. */
  values: Map<string, Float64Array>;
  /** Each stored projection's x and y per position (NaN = no point), loaded by a map region filter (map-region.ts). */
  projections: Map<string, Promise<{ x: Float64Array; y: Float64Array }>>;
  /** Positions in the order of each sort asked for so far ("by:dir"), made once (sort-order.ts). */
  orders: Map<string, Promise<Int32Array | undefined>>;
  base: FacetBase;
}

export { NO_BIN };

/**
 * Builds the index from the project and its facet base (the same change); undefined when they disagree.
 * One short query per sample id range and column group; `pace` runs before each (id-ranges.ts).
 */
export async function buildFacetIndex(db: Db, base: FacetBase, pace?: Pace): Promise<FacetIndex | undefined> {
  const n = await db.scalar('SELECT count(*) FROM samples');
  if ((await db.scalar(`SELECT count(*) FROM ${base.table}`)) !== n) return undefined;
  const ranges = await idRanges(db);
  const ids = sharedArray(Int32Array, n);
  const split = coder(n, true);
  const language = coder(n, true);
  let at = 0;
  await eachRange(
    db,
    ranges,
    's.id',
    (range) =>
      `SELECT s.id, s.split, CASE WHEN s.kind = 'text' THEN coalesce(${LANGUAGE_SQL}, 'unknown') END FROM samples s WHERE ${range} ORDER BY s.id`,
    [],
    ([id, sp, lang], rows) => {
      for (let r = 0; r < rows; r++, at++) {
        ids[at] = Number(id![r]);
        split.set(at, sp![r] as string | null);
        language.set(at, lang![r] as string | null);
      }
    },
    pace,
  );
  const position = positionOf(ids);
  const tags = coder(0, false);
  const tagList = await perSample(
    db,
    n,
    position,
    ranges,
    (range) => `SELECT id, unnest(tags) FROM samples WHERE ${range} ORDER BY id`,
    [],
    (v) => [tags.code(v[0] as string)],
    pace,
  );
  const keys = new KeyTable();
  const cs = await perSample(
    db,
    n,
    position,
    ranges,
    (range) =>
      `SELECT sample_id, coalesce(class_id, -1), source_id, count(*)::INTEGER FROM annotations WHERE ${range} GROUP BY ALL ORDER BY sample_id`,
    [],
    (v) => [keys.key(Number(v[0]), Number(v[1])), Number(v[2])],
    pace,
  );
  const annotations = await loadAnnotationColumns(db, ranges, position, keys, base.evalRunId, pace);
  if (keys.classOf.length > 65_535) return undefined; // keys are Uint16: so many class × source pairs stay in SQL
  const [tp, fp, fn] = [0, 1, 2].map(() => sharedArray(Uint32Array, n)) as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  if (base.evalRunId !== undefined) {
    await eachRange(
      db,
      ranges,
      'sample_id',
      (
        range,
      ) => `SELECT sample_id, count(*) FILTER (WHERE outcome = 'tp')::INTEGER, count(*) FILTER (WHERE outcome = 'fp')::INTEGER,
              count(*) FILTER (WHERE outcome = 'fn')::INTEGER FROM eval_matches WHERE run_id = ? AND ${range} GROUP BY sample_id`,
      [base.evalRunId],
      ([id, a, b, c], rows) => {
        for (let r = 0; r < rows; r++) {
          const p = position(Number(id![r]));
          if (p < 0) continue;
          tp[p] = Number(a![r]);
          fp[p] = Number(b![r]);
          fn[p] = Number(c![r]);
        }
      },
      pace,
    );
  }
  const types = coder(0, false);
  const statuses = coder(0, false);
  const issues = await perSample(
    db,
    n,
    position,
    ranges,
    (range) => `SELECT sample_id, type, status FROM issues WHERE ${range} ORDER BY sample_id`,
    [],
    (v) => [types.code(v[0] as string), statuses.code(v[1] as string)],
    pace,
  );
  const binned = METRIC_COLUMNS.filter((m) => base.ranges.has(m.name));
  const binStride = Math.ceil(binned.length / 4) * 4;
  const binRows = sharedArray(Uint8Array, n * binStride).fill(NO_BIN);
  if (binned.length) {
    at = 0;
    await eachRange(
      db,
      ranges,
      'id',
      (range) =>
        `SELECT ${binned.map((m) => `"b_${m.name}"`).join(', ')} FROM ${base.table} WHERE ${range} ORDER BY id`,
      [],
      (cols, rows) => {
        for (let r = 0; r < rows; r++, at++)
          for (let c = 0; c < binned.length; c++) {
            const b = cols[c]![r];
            if (b !== null) binRows[at * binStride + c] = Number(b);
          }
      },
      pace,
    );
  }
  const csKey = sharedArrayOf(Uint16Array, cs.values[0]!);
  return {
    n,
    ids,
    position,
    split: split.done(),
    tagStart: tagList.start,
    tagCodes: sharedArrayOf(Uint16Array, tagList.values[0]!),
    tagNames: tags.done().names,
    language: language.done(),
    csStart: cs.start,
    csKey,
    csCount: sharedArrayOf(Uint32Array, cs.values[1]!),
    keySamples: keyPositions(cs.start, csKey, keys.classOf.length),
    keyClass: sharedArrayOf(Int32Array, keys.classOf),
    keySource: sharedArrayOf(Int32Array, keys.sourceOf),
    annotations,
    tp,
    fp,
    fn,
    issueStart: issues.start,
    issueType: sharedArrayOf(Uint16Array, issues.values[0]!),
    issueStatus: sharedArrayOf(Uint16Array, issues.values[1]!),
    issueTypes: types.done().names,
    issueStatuses: statuses.done().names,
    binNames: binned.map((m) => m.name),
    binRows,
    binStride,
    values: new Map(),
    projections: new Map(),
    orders: new Map(),
    base,
  };
}

/** A metric's value per sample (NaN = none), read once and kept in the index. */
export async function metricValues(
  db: Db,
  index: FacetIndex,
  name: string,
): Promise<Float64Array | undefined> {
  const known = index.values.get(name);
  if (known) return known;
  const m = METRIC_COLUMNS.find((c) => c.name === name);
  if (m === undefined) return undefined;
  const values = new Float64Array(index.n).fill(Number.NaN);
  const sql =
    m.table === 's'
      ? `SELECT s.id, ${m.sql} FROM samples s`
      : `SELECT m.sample_id, ${m.sql} FROM sample_metrics m`;
  await db.eachChunk(sql, [], ([id, v], rows) => {
    for (let r = 0; r < rows; r++) {
      const p = index.position(Number(id![r]));
      if (p >= 0 && v![r] !== null) values[p] = Number(v![r]);
    }
  });
  index.values.set(name, values);
  return values;
}

function positionOf(ids: Int32Array): (id: number) => number {
  const max = ids.length ? ids[ids.length - 1]! : 0;
  if (max <= 4 * ids.length + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    ids.forEach((id, k) => {
      table[id] = k;
    });
    return (id) => (id >= 0 && id <= max ? table[id]! : -1);
  }
  const map = new Map<number, number>();
  for (let k = 0; k < ids.length; k++) map.set(ids[k]!, k);
  return (id) => map.get(id) ?? -1;
}

function coder(n: number, nullable: boolean) {
  const names: string[] = nullable ? [''] : [];
  const byName = new Map<string, number>();
  const codes = sharedArray(Uint16Array, n);
  const code = (v: string | null): number => {
    if (v === null && nullable) return 0;
    const name = String(v);
    let c = byName.get(name);
    if (c === undefined) {
      c = names.length;
      byName.set(name, c);
      names.push(name);
    }
    return c;
  };
  return {
    code,
    set: (at: number, v: string | null) => {
      codes[at] = code(v);
    },
    done: (): Coded => ({ codes, names }),
  };
}

/** Rows `(sample_id, ...)` sorted by sample id as CSR lists per position: start offsets and value columns. */
async function perSample(
  db: Db,
  n: number,
  position: (id: number) => number,
  ranges: IdRanges,
  sql: (range: string) => string,
  params: DuckDBValue[],
  encode: (rest: DuckDBValue[]) => number[],
  pace?: Pace,
): Promise<{ start: Uint32Array; values: number[][] }> {
  const counts = new Uint32Array(n + 1);
  const values: number[][] = [];
  let last = -1;
  const rest: DuckDBValue[] = [];
  const column = /^SELECT (\w+)/.exec(sql(''))![1]!;
  await eachRange(
    db,
    ranges,
    column,
    sql,
    params,
    (cols, rows) => {
      for (let r = 0; r < rows; r++) {
        const p = position(Number(cols[0]![r]));
        if (p < 0) continue;
        if (p < last) throw new Error('facet index: rows are not sorted by sample id');
        last = p;
        for (let c = 1; c < cols.length; c++) rest[c - 1] = cols[c]![r]!;
        const enc = encode(rest);
        for (let k = 0; k < enc.length; k++) (values[k] ??= []).push(enc[k]!);
        counts[p + 1]!++;
      }
    },
    pace,
  );
  const start = sharedArray(Uint32Array, n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + counts[i + 1]!;
  return { start, values: values.length ? values : [[], []] };
}
