import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';

/** Sample ids per query while building: each query stays short, so requests on the connection interleave. */
const RANGE = 50_000;

/** Consecutive [lo, hi] sample id ranges covering every sample (numbers of ours, inlined into SQL). */
export type IdRanges = [number, number][];

export async function idRanges(db: Db): Promise<IdRanges> {
  const row = await db.one<{ lo: number | null; hi: number | null }>(
    'SELECT min(id) AS lo, max(id) AS hi FROM samples',
  );
  const ranges: IdRanges = [];
  if (row?.lo == null || row.hi == null) return ranges;
  for (let lo = row.lo; lo <= row.hi; lo += RANGE) ranges.push([lo, Math.min(row.hi, lo + RANGE - 1)]);
  return ranges;
}

/** eachChunk over one query per id range; `sql` gets the range as a condition on `column`. */
export async function eachRange(
  db: Db,
  ranges: IdRanges,
  column: string,
  sql: (range: string) => string,
  params: DuckDBValue[],
  visit: (columns: DuckDBValue[][], rows: number) => void,
): Promise<void> {
  for (const [lo, hi] of ranges)
    await db.eachChunk(sql(`${column} BETWEEN ${Math.trunc(lo)} AND ${Math.trunc(hi)}`), params, visit);
}
