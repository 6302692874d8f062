import type { DuckDBValue } from '@duckdb/node-api';
import { listValue } from '../store/duckdb-api.js';

/** Sample ids are INTEGER columns: a number outside this range names no sample. */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * `column` is one of `ids` (a page's sample ids, a few hundred at most), as one SQL condition with three
 * parameters: the ids as one list parameter instead of a placeholder each (DuckDB parses and binds 100
 * placeholders on every statement), and their range, so DuckDB skips the row groups whose min/max lie
 * outside it (rows are stored in sample order). Ids that cannot be an INTEGER match nothing, as before.
 */
export function idListSql(column: string, ids: readonly number[]): { text: string; params: DuckDBValue[] } {
  const valid = ids.filter((id) => Number.isInteger(id) && id >= INT32_MIN && id <= INT32_MAX);
  if (valid.length === 0) return { text: 'FALSE', params: [] };
  let lo = valid[0]!;
  let hi = lo;
  for (const id of valid) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  return {
    text: `${column} BETWEEN ? AND ? AND ${column} IN (SELECT unnest(?::INTEGER[]))`,
    params: [lo, hi, listValue(valid)],
  };
}
