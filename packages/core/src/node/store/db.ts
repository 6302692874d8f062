import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

type Row = Record<string, unknown>;

/** A DuckDB value as plain JS: bigints as numbers, structs as objects. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return value;
  if (value !== null && typeof value === 'object') {
    const out: Row = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/** A thin query helper over one DuckDB connection: rows come back as plain JS (bigints as numbers). */
export class Db {
  constructor(readonly connection: DuckDBConnection) {}

  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    await this.connection.run(sql, params);
  }

  async all<T extends Row>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((r) => plain(r) as T);
  }

  async one<T extends Row>(sql: string, params: DuckDBValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar(sql: string, params: DuckDBValue[] = []): Promise<number> {
    const row = await this.one<Row>(sql, params);
    const value = row === undefined ? undefined : Object.values(row)[0];
    return typeof value === 'number' ? value : Number(value ?? 0);
  }
}

export function parseJson<T>(text: unknown): T | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  return JSON.parse(text) as T;
}
