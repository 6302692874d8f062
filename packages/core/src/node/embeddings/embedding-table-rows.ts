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
  const problems: Problem[] = [];
  const keys: EmbeddingRows['keys'] = [];
  const values: number[][] = [];
  let dim = -1;
  for (const rec of records.slice(1)) {
    const record = `line ${rec.line}`;
    if (vectorAt < 0 && rec.cells.length !== names.length) {
      problems.push({
        file,
        record,
        severity: 'error',
        reason: `${rec.cells.length} fields where the header has ${names.length}`,
      });
      continue;
    }
    const cells =
      vectorAt >= 0 ? splitVector(rec.cells[vectorAt] ?? '') : valueCols.map((i) => rec.cells[i] ?? '');
    const nums = cells.map((c) => (c.trim() === '' ? Number.NaN : Number(c)));
    const bad = nums.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      problems.push({
        file,
        record,
        severity: 'error',
        reason: `value ${bad + 1} is "${cells[bad] ?? ''}", not a finite number`,
      });
      continue;
    }
    if (dim < 0) dim = nums.length;
    if (nums.length !== dim) {
      problems.push({
        file,
        record,
        severity: 'error',
        reason: `${nums.length} values where the first row has ${dim}`,
      });
      continue;
    }
    keys.push({ key: (rec.cells[keyAt] ?? '').trim(), byId, record });
    values.push(nums);
  }
  if (dim <= 0)
    throw badInput(
      file,
      'no row holds a vector.',
      problems[0]
        ? `First problem: ${problems[0].record} ${problems[0].reason}.`
        : 'Add rows under the header.',
    );
  const data = new Float32Array(values.length * dim);
  values.forEach((v, i) => {
    data.set(v, i * dim);
  });
  return { keys, dim, data, problems };
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
  const keys: EmbeddingRows['keys'] = [];
  const values: number[][] = [];
  const problems: Problem[] = [];
  let dim = -1;
  reader.getRows().forEach((row, i) => {
    const record = `row ${i}`;
    const list = row[1] as { items: unknown[] } | null;
    const nums = (list?.items ?? []).map((v) => (v === null ? Number.NaN : Number(v)));
    if (nums.length === 0 || nums.some((v) => !Number.isFinite(v))) {
      problems.push({
        file,
        record,
        severity: 'error',
        reason: nums.length === 0 ? 'no vector' : 'a value is null or not finite',
      });
      return;
    }
    if (dim < 0) dim = nums.length;
    if (nums.length !== dim) {
      problems.push({
        file,
        record,
        severity: 'error',
        reason: `${nums.length} values where the first row has ${dim}`,
      });
      return;
    }
    keys.push({ key: String(row[0] ?? ''), byId, record });
    values.push(nums);
  });
  if (dim <= 0) throw badInput(file, 'no row holds a vector.', 'Check the embedding column.');
  const data = new Float32Array(values.length * dim);
  values.forEach((v, i) => {
    data.set(v, i * dim);
  });
  return { keys, dim, data, problems };
}
