import { defineFormat } from '../define-format.js';
import { isLabelStudioCsvHeader } from '../label-studio/label-studio-csv.js';
import { extName, isImagePath } from '../paths.js';
import { binaryTextReason } from '../text-check.js';
import { csvColumns } from './class-csv-columns.js';
import { parseCsv } from './csv-rows.js';

/**
 * Image classification as a CSV of `path,label` rows (header optional; extra `split`, `score` and
 * per-class probability columns honoured, see class-csv-columns.ts). Rows that cannot be read (wrong
 * column count, empty label, bad score, a path leaving the images folder) are per-line problems.
 * An optional classes.txt beside the CSV fixes the class-map order.
 */
export const classCsv = defineFormat({
  id: 'class-csv',
  title: 'Image classification CSV (path,label)',
  tasks: ['classification'],
  capabilities: { roundTrip: ['classification'], keepsClassIds: false, needsImages: false, scores: true },
  async detect(path, io) {
    if (extName(path) !== '.csv' || (await io.isDirectory(path))) return undefined;
    const text = (await io.readText(path)).slice(0, 65536);
    if (binaryTextReason(text) !== undefined) return undefined;
    let rows: ReturnType<typeof parseCsv>;
    try {
      rows = parseCsv(text.slice(0, text.lastIndexOf('\n') + 1 || text.length), path);
    } catch {
      return undefined;
    }
    // Label Studio's CSV export: label-studio claims it (its label cells are JSON regions).
    if (isLabelStudioCsvHeader(rows[0]?.cells ?? [])) return undefined;
    const cols = csvColumns(rows);
    const first = (cols.header ? rows[1] : rows[0])?.cells;
    if (!first || !isImagePath(first[cols.path] ?? '')) return undefined;
    if (cols.box) return undefined; // a box CSV: box-csv claims it
    if (cols.label === undefined && cols.probs.length === 0) return undefined;
    return { confidence: 0.8, reason: 'a CSV whose first column holds image paths, with a label column' };
  },
  read: async (input) => (await import('./class-csv-read.js')).readClassCsv(input),
  write: async (input) => (await import('./class-csv-write.js')).writeClassCsv(input),
  // An export passes the project in batches: only its classifications are held.
  writesBatches: true,
});
