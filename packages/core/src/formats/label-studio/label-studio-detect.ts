import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName } from '../paths.js';
import { isLabelStudioCsvHeader } from './label-studio-csv.js';
import { imageRefOf, type LsTask, textFieldOf } from './label-studio-tasks.js';

/** Label Studio's CSV export of image tasks: its header names `image` and `annotator`/`annotation_id`. */
async function csvKind(
  path: string,
  io: FormatIO,
): Promise<{ kind: 'image'; detection: Detection } | undefined> {
  const head = (await io.readText(path)).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const header = head.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  if (!isLabelStudioCsvHeader(header)) return undefined;
  return {
    kind: 'image',
    detection: {
      confidence: 0.9,
      reason: 'a CSV with image and annotator columns (Label Studio CSV export, image tasks)',
    },
  };
}

/** What the first entry of a Label Studio export holds: image tasks, text tasks, or not an export. */
export async function labelStudioKind(
  path: string,
  io: FormatIO,
): Promise<{ kind: 'image' | 'text'; detection: Detection } | undefined> {
  if (extName(path) === '.csv' && !(await io.isDirectory(path))) return csvKind(path, io);
  if (extName(path) !== '.json' || (await io.isDirectory(path))) return undefined;
  const text = await io.readText(path);
  if (!/^\uFEFF?\s*\[/.test(text)) return undefined;
  let first: unknown;
  try {
    first = (JSON.parse(text.replace(/^\uFEFF/, '')) as unknown[])[0];
  } catch {
    return undefined;
  }
  if (typeof first !== 'object' || first === null) return undefined;
  const task = first as Record<string, unknown>;
  if (
    typeof task.data === 'object' &&
    task.data !== null &&
    ('annotations' in task || 'predictions' in task || 'completions' in task)
  ) {
    const data = task.data as Record<string, unknown>;
    const isText = imageRefOf(task as LsTask) === undefined && textFieldOf(data) !== undefined;
    return {
      kind: isText ? 'text' : 'image',
      detection: {
        confidence: 0.95,
        reason: `a JSON list of tasks with data and annotations/predictions (Label Studio JSON, ${isText ? 'text' : 'image'} tasks)`,
      },
    };
  }
  const row = 'annotator' in task || 'annotation_id' in task;
  if (typeof task.image === 'string' && row)
    return {
      kind: 'image',
      detection: {
        confidence: 0.8,
        reason: 'a JSON list of rows with image and annotator (Label Studio JSON-MIN)',
      },
    };
  if (typeof task.text === 'string' && task.image === undefined && row)
    return {
      kind: 'text',
      detection: {
        confidence: 0.8,
        reason: 'a JSON list of rows with text and annotator (Label Studio JSON-MIN, text)',
      },
    };
  return undefined;
}
