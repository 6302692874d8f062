import { parseCsv } from '../classification/csv-rows.js';
import { defineFormat } from '../define-format.js';
import { extName, isImagePath } from '../paths.js';
import { binaryTextReason } from '../text-check.js';
import { boxCsvColumns } from './box-csv-columns.js';
import { boxCsvFiles, readBoxCsv } from './box-csv-read.js';

/**
 * Boxes as a CSV, one row per box: the TensorFlow Object Detection CSV and its relatives (Roboflow's
 * `_annotations.csv`, `image,label,x_min,y_min,x_max,y_max`, supervision's CSVSink with an image
 * column, Keras RetinaNet's headerless CSV; box-csv-columns.ts). Pixel or normalised coordinates
 * (box-csv-rows.ts boxUnits). Written as the TensorFlow Object Detection CSV.
 */
export const boxCsv = defineFormat({
  id: 'box-csv',
  title: 'Box CSV (TensorFlow Object Detection CSV: filename,width,height,class,xmin,ymin,xmax,ymax)',
  tasks: ['bbox'],
  capabilities: { roundTrip: ['bbox'], keepsClassIds: false, needsImages: false, scores: true },
  async detect(path, io) {
    const folder = await io.isDirectory(path);
    const files = await boxCsvFiles(path, io);
    const file = files?.[0]?.file;
    if (file === undefined || extName(file) !== '.csv') return undefined;
    const text = (await io.readText(file)).slice(0, 65536);
    if (binaryTextReason(text) !== undefined) return undefined;
    let rows: ReturnType<typeof parseCsv>;
    try {
      rows = parseCsv(text.slice(0, text.lastIndexOf('\n') + 1 || text.length), file);
    } catch {
      return undefined;
    }
    const cols = boxCsvColumns(rows[0]?.cells ?? []);
    if (!cols) return undefined;
    const first = (cols.header ? rows[1] : rows[0])?.cells;
    if (first && !isImagePath(first[cols.path] ?? '')) return undefined;
    const form = cols.header
      ? `columns ${cols.boxNames.join(', ')}`
      : 'Keras RetinaNet rows path,x1,y1,x2,y2,class';
    return {
      confidence: 0.9,
      reason:
        files && files.length > 1
          ? `box CSVs, one per split (${files.map((f) => f.file.slice(path.length + 1)).join(', ')}: image paths with ${form})`
          : `a box CSV (image paths with ${form})`,
      ...(folder && files?.length === 1 ? { path: file } : {}),
    };
  },
  read: readBoxCsv,
  write: async (input) => (await import('./box-csv-write.js')).writeBoxCsv(input),
});
