import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../store/db.js';

/** Sample ids per query while building: each query stays short, so requests on the connection interleave. */
const RANGE = 50_000;

/**
 * What long background work (the server's facet base and index builds) calls between its statements:
 * it may wait (the server lets a page's queries go first) or throw (the work is abandoned).
 */
export type Pace = () => Promise<void>;

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

/** The condition of one range on `column` (numbers of ours, inlined). */
export function rangeSql(column: string, [lo, hi]: [number, number]): string {
  return `${column} BETWEEN ${Math.trunc(lo)} AND ${Math.trunc(hi)}`;
}

/** eachChunk over one query per id range; `sql` gets the range as a condition on `column`; `pace` runs before each. */
export async function eachRange(
  db: Db,
  ranges: IdRanges,
  column: string,
  sql: (range: string) => string,
  params: DuckDBValue[],
  visit: (columns: DuckDBValue[][], rows: number) => void,
  pace?: Pace,
): Promise<void> {
  for (const range of ranges) {
    await pace?.();
    await db.eachChunk(sql(rangeSql(column, range)), params, visit);
  }
}
