import { AssayError } from '../../errors.js';
import { parseCsv } from '../../formats/classification/csv-rows.js';
import type { Problem } from '../../formats/problems.js';
import type { Project } from '../project.js';
import { readTextFile } from '../read-text-file.js';
import { storeDb } from '../store/duckdb-store.js';

/**
 * The rows of an embeddings table (CSV or Parquet: a key column and the vector's values) as
 * import-embeddings.ts matches them to samples; rows that cannot be read are problems naming the file and
 * record, a file with no readable row a user error.
 */

/** An embeddings file's rows as read, before they are matched to samples. */
export interface EmbeddingRows {
  /** Each row's key as written (a path or an id) and where it is (for problems). */
  keys: { key: string; byId: boolean; record: string }[];
  dim: number;
  data: Float32Array;
  /** Rows already refused while reading. */
  problems: Problem[];
}

const KEY_COLUMNS = ['id', 'sample_id', 'path', 'file', 'key', 'sample'];
const VECTOR_COLUMNS = ['embedding', 'embeddings', 'vector'];

export function badInput(file: string, message: string, hint: string): AssayError {
  return new AssayError('INVALID_INPUT', `${file}: ${message}`, { hint, details: { file } });
}

/** The rows of a table as read: each kept when it has as many values as the first kept row, else a problem. */
class RowsRead {
  readonly keys: EmbeddingRows['keys'] = [];
  readonly problems: Problem[] = [];
  private readonly values: number[][] = [];
  private dim = -1;

  constructor(private readonly file: string) {}

  refuse(record: string, reason: string): void {
    this.problems.push({ file: this.file, record, severity: 'error', reason });
  }

  add(key: EmbeddingRows['keys'][number], nums: number[]): void {
    if (this.dim < 0) this.dim = nums.length;
    if (nums.length !== this.dim) {
      this.refuse(key.record, `${nums.length} values where the first row has ${this.dim}`);
      return;
    }
    this.keys.push(key);
    this.values.push(nums);
  }

  /** The rows kept, packed; a user error (with `hint`) when no row holds a vector. */
  rows(hint: string): EmbeddingRows {
    const dim = this.dim;
    if (dim <= 0) throw badInput(this.file, 'no row holds a vector.', hint);
    const data = new Float32Array(this.values.length * dim);
    this.values.forEach((v, i) => {
      data.set(v, i * dim);
    });
    return { keys: this.keys, dim, data, problems: this.problems };
  }
}

export async function readCsvRows(file: string): Promise<EmbeddingRows> {
  const records = parseCsv(await readTextFile(file, 'embeddings CSV'), file);
  const header = records[0];
  if (!header)
    throw badInput(
      file,
      'the file is empty.',
      'Write a header line: id (or path), then one column per value.',
    );
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const keyAt = names.findIndex((n) => KEY_COLUMNS.includes(n));
  if (keyAt < 0) {
    throw badInput(
      file,
      `line 1: no key column (${KEY_COLUMNS.join(', ')}) in the header.`,
      'Name the sample column `id` (sample ids) or `path` (paths relative to the images folder).',
    );
  }
  const vectorAt = names.findIndex((n) => VECTOR_COLUMNS.includes(n));
  const byId = names[keyAt] === 'id' || names[keyAt] === 'sample_id';
  const valueCols = names.map((_, i) => i).filter((i) => i !== keyAt);
  const read = new RowsRead(file);
  for (const rec of records.slice(1)) {
    const record = `line ${rec.line}`;
    if (vectorAt < 0 && rec.cells.length !== names.length) {
      read.refuse(record, `${rec.cells.length} fields where the header has ${names.length}`);
      continue;
    }
    const cells =
      vectorAt >= 0 ? splitVector(rec.cells[vectorAt] ?? '') : valueCols.map((i) => rec.cells[i] ?? '');
    const nums = cells.map((c) => (c.trim() === '' ? Number.NaN : Number(c)));
    const bad = nums.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      read.refuse(record, `value ${bad + 1} is "${cells[bad] ?? ''}", not a finite number`);
      continue;
    }
    read.add({ key: (rec.cells[keyAt] ?? '').trim(), byId, record }, nums);
  }
  const first = read.problems[0];
  return read.rows(first ? `First problem: ${first.record} ${first.reason}.` : 'Add rows under the header.');
}

/** A vector written in one cell: `[0.1, 0.2]`, `0.1 0.2` or `0.1;0.2`. */
function splitVector(cell: string): string[] {
  return cell
    .replace(/^\s*\[|\]\s*$/g, '')
    .split(/[\s,;]+/)
    .filter((s) => s !== '');
}

export async function readParquetRows(project: Project, file: string): Promise<EmbeddingRows> {
  const db = storeDb(project.store);
  let names: string[];
  try {
    names = (
      await db.all<{ column_name: string }>(
        'SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))',
        [file],
      )
    ).map((r) => r.column_name);
  } catch (error) {
    throw badInput(
      file,
      `cannot be read as Parquet: ${(error as Error).message.split('\n')[0]}`,
      'Check that the file is a Parquet file.',
    );
  }
  const lower = names.map((n) => n.toLowerCase());
  const keyAt = lower.findIndex((n) => KEY_COLUMNS.includes(n));
  const vectorAt = lower.findIndex((n) => VECTOR_COLUMNS.includes(n));
  if (keyAt < 0 || vectorAt < 0) {
    throw badInput(
      file,
      `needs a key column (${KEY_COLUMNS.join(', ')}) and a list column (${VECTOR_COLUMNS.join(', ')}); it has ${names.join(', ')}.`,
      'Write the vectors as one list column named embedding.',
    );
  }
  const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
  const reader = await db.readAll(
    `SELECT CAST(${q(names[keyAt] as string)} AS VARCHAR), CAST(${q(names[vectorAt] as string)} AS DOUBLE[]) FROM read_parquet(?)`,
    [file],
  );
  const byId = lower[keyAt] === 'id' || lower[keyAt] === 'sample_id';
  const read = new RowsRead(file);
  reader.getRows().forEach((row, i) => {
    const record = `row ${i}`;
    const list = row[1] as { items: unknown[] } | null;
    const nums = (list?.items ?? []).map((v) => (v === null ? Number.NaN : Number(v)));
    if (nums.length === 0 || nums.some((v) => !Number.isFinite(v))) {
      read.refuse(record, nums.length === 0 ? 'no vector' : 'a value is null or not finite');
      return;
    }
    read.add({ key: String(row[0] ?? ''), byId, record }, nums);
  });
  return read.rows('Check the embedding column.');
}
