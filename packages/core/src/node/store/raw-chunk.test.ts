import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  appendColumns,
  BigIntColumn,
  CHUNK_ROWS,
  type ColumnWriter,
  FixedColumn,
  NullColumn,
  NumberListColumn,
  StringColumn,
  StringListColumn,
} from './raw-chunk.js';

const TABLE = `CREATE TABLE t (id BIGINT, n INTEGER, x DOUBLE, b BOOLEAN, s VARCHAR, o VARCHAR, bl BLOB,
  l DOUBLE[], tags VARCHAR[], j JSON, z VARCHAR)`;

/** Row i of the test table, as plain values (null for NULL). */
function expectedRow(i: number) {
  const texts = ['bbox', 'polygon', 'ünïcode', 'a string longer than twelve bytes', '', 'twelve chars'];
  return {
    id: 2 ** 40 + i,
    n: i % 7 === 0 ? null : i - 1000,
    x: i % 5 === 0 ? null : i / 3,
    b: i % 2 === 0,
    s: i % 11 === 0 ? null : texts[i % texts.length]!,
    o: i % 3 === 0 ? i * 7919 : i % 3 === 1 ? -i : i + 0.5,
    bl: i % 4 === 0 ? null : Uint8Array.from({ length: (i % 40) + 1 }, (_, k) => (i + k) & 255),
    l: i % 6 === 0 ? null : Array.from({ length: i % 5 }, (_, k) => i + k / 10),
    tags: i % 9 === 0 ? ['a', `tag ${i}`] : null,
    j: i % 8 === 0 ? JSON.stringify({ i, name: 'é' }) : null,
  };
}

async function writeRows(count: number) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(TABLE);
  const appender = await connection.createAppender('t');
  const types = Array.from({ length: appender.columnCount }, (_, c) => appender.columnType(c));
  const c = {
    id: new BigIntColumn(),
    n: FixedColumn.int32(),
    x: FixedColumn.float64(),
    b: FixedColumn.uint8(),
    s: new StringColumn(),
    o: new StringColumn(),
    bl: new StringColumn(),
    l: new NumberListColumn(),
    tags: new StringListColumn(),
    j: new StringColumn(),
    z: new NullColumn(),
  };
  const list: ColumnWriter[] = Object.values(c);
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, count - start);
    for (const column of list) column.reset?.();
    for (let i = 0; i < n; i++) {
      const r = expectedRow(start + i);
      c.id.set(i, r.id);
      c.n.setOptional(i, r.n ?? undefined);
      c.x.setOptional(i, r.x ?? Number.NaN);
      c.b.set(i, r.b ? 1 : 0);
      if (r.s === null) c.s.setNull();
      else c.s.set(i, r.s);
      c.o.setInteger(i, r.o);
      if (r.bl === null) c.bl.setNull();
      else c.bl.setBytes(i, r.bl);
      if (r.l === null) c.l.setNull(i);
      else c.l.set(i, r.l);
      if (r.tags === null) c.tags.setNull(i);
      else c.tags.set(i, r.tags);
      if (r.j === null) c.j.setNull();
      else c.j.set(i, r.j);
    }
    appendColumns(appender, types, list, n);
  }
  appender.closeSync();
  const reader = await connection.runAndReadAll(
    'SELECT id::DOUBLE AS id, n, x, b, s, o, bl, l, tags, j::VARCHAR AS j, z FROM t ORDER BY id',
  );
  return reader.getRowObjectsJS();
}

describe('raw-chunk column builders', () => {
  it('write what DuckDB reads back, across chunks, NULLs, inlined and long strings', async () => {
    const count = 2 * CHUNK_ROWS + 17;
    const rows = await writeRows(count);
    assert.equal(rows.length, count);
    for (let i = 0; i < count; i++) {
      const e = expectedRow(i);
      const r = rows[i]!;
      assert.equal(r.id, e.id);
      assert.equal(r.n, e.n);
      assert.equal(r.x, e.x);
      assert.equal(r.b, e.b);
      assert.equal(r.s, e.s, `row ${i}`);
      assert.equal(r.o, String(e.o));
      assert.deepEqual(r.bl === null ? null : new Uint8Array(r.bl as Uint8Array), e.bl);
      assert.deepEqual(r.l, e.l);
      assert.deepEqual(r.tags, e.tags);
      assert.equal(r.j, e.j);
      assert.equal(r.z, null);
    }
  });
});
