/**
 * Column builders that fill a DuckDB data chunk from typed arrays: one native copy per column and
 * chunk instead of a call (and often a BigInt) per cell. Fixed-width values go in as their C layout;
 * strings of at most 12 bytes go in as inlined `duckdb_string_t` records (length, then the bytes,
 * zero-padded: the layout duckdb.h documents), longer ones through `vector_assign_string_element`.
 * 64-bit words (BIGINT, validity masks, list entries) are written as uint32 pairs, low half first:
 * little-endian, as on every platform @duckdb/node-bindings ships for (x64, arm64).
 */

import duckdb from '@duckdb/node-bindings';
import { type DuckDBAppender, DuckDBDataChunk, type DuckDBType } from './duckdb-api.js';

/** Rows per data chunk (DuckDB's vector size, 2048). */
export const CHUNK_ROWS = duckdb.vector_size();

type Vector = duckdb.Vector;

/** Which rows of a chunk are not NULL (bit i of the uint64 words, little-endian). */
class Validity {
  readonly words = new Uint32Array(Math.ceil(CHUNK_ROWS / 64) * 2);
  nulls = 0;

  reset(): void {
    this.words.fill(0);
    this.nulls = 0;
  }

  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  /** Writes the bits of rows [0, n): always, since a reused output chunk may hold older ones. */
  write(vector: Vector, n: number): void {
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, this.words.buffer, 0, Math.ceil(n / 64) * 8);
  }
}

/** A column of fixed-width numbers (INTEGER, DOUBLE, BOOLEAN, UTINYINT...), NULLs allowed. */
export class FixedColumn<T extends Int32Array | Float64Array | Uint8Array> {
  private readonly validity = new Validity();

  constructor(readonly values: T) {}

  static int32(): FixedColumn<Int32Array> {
    return new FixedColumn(new Int32Array(CHUNK_ROWS));
  }

  static float64(): FixedColumn<Float64Array> {
    return new FixedColumn(new Float64Array(CHUNK_ROWS));
  }

  /** BOOLEAN (0 or 1), UTINYINT, or an enum of at most 256 values (the value's index). */
  static uint8(): FixedColumn<Uint8Array> {
    return new FixedColumn(new Uint8Array(CHUNK_ROWS));
  }

  reset(): void {
    this.validity.reset();
  }

  set(i: number, value: number): void {
    this.values[i] = value;
    this.validity.set(i);
  }

  /** Sets `value`, or NULL when it is undefined or NaN. */
  setOptional(i: number, value: number | undefined): void {
    if (value === undefined || Number.isNaN(value)) this.validity.nulls++;
    else this.set(i, value);
  }

  setNull(): void {
    this.validity.nulls++;
  }

  write(vector: Vector, n: number): void {
    const { values } = this;
    duckdb.copy_data_to_vector(
      vector,
      0,
      values.buffer as ArrayBuffer,
      values.byteOffset,
      n * values.BYTES_PER_ELEMENT,
    );
    this.validity.write(vector, n);
  }
}

/** A BIGINT column of safe non-negative integers, written as two uint32 halves (no BigInt). */
export class BigIntColumn {
  private readonly words = new Uint32Array(CHUNK_ROWS * 2);

  set(i: number, value: number): void {
    this.words[2 * i] = value % 0x100000000;
    this.words[2 * i + 1] = Math.floor(value / 0x100000000);
  }

  write(vector: Vector, n: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.words.buffer, 0, n * 8);
  }
}

/** A VARCHAR or BLOB column: short ASCII values inlined in one buffer, the rest assigned one by one. */
export class StringColumn {
  private readonly inline = new Uint8Array(CHUNK_ROWS * 16);
  private readonly lengths = new Uint32Array(this.inline.buffer);
  private readonly validity = new Validity();
  private longRows: number[] = [];
  private longValues: (string | Uint8Array)[] = [];

  reset(): void {
    this.inline.fill(0);
    this.validity.reset();
    this.longRows = [];
    this.longValues = [];
  }

  setNull(): void {
    this.validity.nulls++;
  }

  set(i: number, value: string): void {
    this.validity.set(i);
    const n = value.length;
    if (n <= 12) {
      const at = i * 16 + 4;
      let j = 0;
      for (; j < n; j++) {
        const c = value.charCodeAt(j);
        if (c > 127) break;
        this.inline[at + j] = c;
      }
      if (j === n) {
        this.lengths[i * 4] = n;
        return;
      }
      this.inline.fill(0, at, at + 12);
    }
    this.longRows.push(i);
    this.longValues.push(value);
  }

  /** Sets a safe integer as its decimal text (what String(value) gives). */
  setInteger(i: number, value: number): void {
    if (!Number.isSafeInteger(value) || value < 0 || value >= 1e12) {
      this.set(i, String(value));
      return;
    }
    this.validity.set(i);
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    const at = i * 16 + 4;
    let v = value;
    for (let j = digits - 1; j >= 0; j--) {
      this.inline[at + j] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.lengths[i * 4] = digits;
  }

  /** Sets bytes (a BLOB); the bytes are copied by DuckDB when the column is written. */
  setBytes(i: number, value: Uint8Array): void {
    this.validity.set(i);
    this.longRows.push(i);
    this.longValues.push(value);
  }

  write(vector: Vector, n: number): void {
    duckdb.copy_data_to_vector(vector, 0, this.inline.buffer, 0, n * 16);
    const { longRows, longValues } = this;
    for (let k = 0; k < longRows.length; k++) {
      const value = longValues[k]!;
      if (typeof value === 'string') duckdb.vector_assign_string_element(vector, longRows[k]!, value);
      else duckdb.vector_assign_string_element_len(vector, longRows[k]!, value);
    }
    this.validity.write(vector, n);
  }
}

/** A DOUBLE[] column: list entries (offset, length as uint64) and one child buffer of values. */
export class NumberListColumn {
  private readonly entries = new Uint32Array(CHUNK_ROWS * 4);
  private readonly validity = new Validity();
  private child = new Float64Array(1024);
  private size = 0;

  reset(): void {
    this.validity.reset();
    this.size = 0;
  }

  setNull(i: number): void {
    this.validity.nulls++;
    this.entries.fill(0, 4 * i, 4 * i + 4);
  }

  set(i: number, values: readonly number[]): void {
    this.validity.set(i);
    const need = this.size + values.length;
    if (need > this.child.length) {
      const grown = new Float64Array(Math.max(need, this.child.length * 2));
      grown.set(this.child.subarray(0, this.size));
      this.child = grown;
    }
    for (let k = 0; k < values.length; k++) this.child[this.size + k] = values[k]!;
    this.entries[4 * i] = this.size;
    this.entries[4 * i + 1] = 0;
    this.entries[4 * i + 2] = values.length;
    this.entries[4 * i + 3] = 0;
    this.size = need;
  }

  write(vector: Vector, n: number): void {
    if (this.size > 0) {
      duckdb.list_vector_reserve(vector, this.size);
      const child = duckdb.list_vector_get_child(vector);
      duckdb.copy_data_to_vector(child, 0, this.child.buffer, 0, this.size * 8);
      duckdb.list_vector_set_size(vector, this.size);
    }
    duckdb.copy_data_to_vector(vector, 0, this.entries.buffer, 0, n * 16);
    this.validity.write(vector, n);
  }
}

/** A VARCHAR[] column (rare values, such as sample tags): each string assigned on its own. */
export class StringListColumn {
  private readonly entries = new Uint32Array(CHUNK_ROWS * 4);
  private readonly validity = new Validity();
  private child: string[] = [];

  reset(): void {
    this.validity.reset();
    this.child = [];
  }

  setNull(i: number): void {
    this.validity.nulls++;
    this.entries.fill(0, 4 * i, 4 * i + 4);
  }

  set(i: number, values: readonly string[]): void {
    this.validity.set(i);
    this.entries[4 * i] = this.child.length;
    this.entries[4 * i + 1] = 0;
    this.entries[4 * i + 2] = values.length;
    this.entries[4 * i + 3] = 0;
    for (const value of values) this.child.push(value);
  }

  write(vector: Vector, n: number): void {
    const size = this.child.length;
    if (size > 0) {
      duckdb.list_vector_reserve(vector, size);
      const child = duckdb.list_vector_get_child(vector);
      for (let k = 0; k < size; k++) duckdb.vector_assign_string_element(child, k, this.child[k]!);
      duckdb.list_vector_set_size(vector, size);
    }
    duckdb.copy_data_to_vector(vector, 0, this.entries.buffer, 0, n * 16);
    this.validity.write(vector, n);
  }
}

/** A column every row of which is NULL. */
export class NullColumn {
  write(vector: Vector, n: number): void {
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, NO_ROWS.buffer, 0, Math.ceil(n / 64) * 8);
  }
}

const NO_ROWS = new Uint32Array(Math.ceil(CHUNK_ROWS / 64) * 2);

export interface ColumnWriter {
  reset?(): void;
  write(vector: Vector, n: number): void;
}

/** Writes `n` rows held by `columns` (in table order) as one data chunk through `appender`. */
export function appendColumns(
  appender: DuckDBAppender,
  types: readonly DuckDBType[],
  columns: readonly ColumnWriter[],
  n: number,
): void {
  const chunk = DuckDBDataChunk.create(types, n);
  for (let c = 0; c < columns.length; c++) {
    columns[c]!.write(duckdb.data_chunk_get_vector(chunk.chunk, c), n);
  }
  appender.appendDataChunk(chunk);
}
