import { parseCsv } from '../classification/csv-rows.js';

/** Columns of every row of Label Studio's CSV export (the JSON-MIN keys, one column each). */
const ROW_COLUMNS = ['annotator', 'annotation_id'];

/** A cell Label Studio wrote as JSON (a control's regions or choices object), parsed; else the text. */
function cellValue(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith('[') || t.startsWith('{'))) return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/** The header of a CSV when it is Label Studio's export of image tasks: an `image` and a row column. */
export function isLabelStudioCsvHeader(header: string[]): boolean {
  const names = header.map((h) => h.trim());
  return names.includes('image') && ROW_COLUMNS.some((c) => names.includes(c));
}

/**
 * Label Studio's CSV export: the JSON-MIN rows as a table, one column per key, each control's regions
 * as a JSON cell (`label` = `[{"x": …, "rectanglelabels": ["Car"], "original_width": …}]`). Returns
 * the rows as JSON-MIN objects (tasksOf turns them into tasks), or undefined when the header is not
 * such an export's.
 */
export function labelStudioCsvRows(text: string, file: string): Record<string, unknown>[] | undefined {
  const rows = parseCsv(text, file);
  const header = rows[0]?.cells;
  if (!header || !isLabelStudioCsvHeader(header)) return undefined;
  const names = header.map((h) => h.trim());
  return rows.slice(1).map((row) => {
    const out: Record<string, unknown> = {};
    for (const [i, name] of names.entries()) {
      const cell = row.cells[i];
      if (cell === undefined || cell === '' || name === '') continue;
      out[name] = name === 'image' ? cell : cellValue(cell);
    }
    return out;
  });
}
