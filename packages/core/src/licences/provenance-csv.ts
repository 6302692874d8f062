import { AssayError } from '../errors.js';
import { parseCsv } from '../formats/classification/csv-rows.js';

/** One row of a provenance CSV: the sample (its path as imported) and what the row states. */
export interface ProvenanceRow {
  key: string;
  licence?: string;
  url?: string;
  source?: string;
  /** File and line, for messages. */
  where: string;
}

const KEY_COLUMNS = ['file_name', 'filename', 'path', 'sample', 'key', 'image'];
const LICENCE_COLUMNS = ['licence', 'license'];
const URL_COLUMNS = ['licence_url', 'license_url', 'url'];
const SOURCE_COLUMNS = ['source', 'origin', 'provenance'];

/**
 * A provenance CSV with a header: the sample column (`file_name`, `path`, `sample`, `key` or `image`:
 * the path as imported) and any of `licence`/`license`, `licence_url`/`license_url`/`url` and
 * `source`. Empty cells state nothing. Pure; errors name the file and line.
 */
export function parseProvenanceCsv(text: string, file: string): ProvenanceRow[] {
  const [header, ...rows] = parseCsv(text, file);
  if (!header)
    throw new AssayError('INVALID_INPUT', `${file} is empty.`, {
      hint: 'Give a header row, then one row per sample.',
    });
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const find = (options: string[]) => names.findIndex((n) => options.includes(n));
  const key = find(KEY_COLUMNS);
  const licence = find(LICENCE_COLUMNS);
  const url = find(URL_COLUMNS);
  const source = find(SOURCE_COLUMNS);
  if (key < 0)
    throw new AssayError('INVALID_INPUT', `${file}: no sample column in the header (${names.join(', ')}).`, {
      hint: `Name the column of sample paths one of: ${KEY_COLUMNS.join(', ')}.`,
    });
  if (licence < 0 && source < 0)
    throw new AssayError('INVALID_INPUT', `${file}: no licence or source column in the header.`, {
      hint: 'Add a `licence` column (and optionally `licence_url` and `source`).',
    });
  return rows.map((r) => {
    const cell = (i: number) => (i < 0 ? undefined : r.cells[i]?.trim() || undefined);
    const row: ProvenanceRow = { key: cell(key) ?? '', where: `${file}:${r.line}` };
    const l = cell(licence);
    const u = cell(url);
    const s = cell(source);
    if (l !== undefined) row.licence = l;
    if (u !== undefined) row.url = u;
    if (s !== undefined) row.source = s;
    return row;
  });
}
