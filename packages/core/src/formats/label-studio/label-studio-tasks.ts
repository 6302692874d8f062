import { appendAll } from '../../arrays/append-all.js';
import { AssayError } from '../../errors.js';
import type { LsResult } from './label-studio-result.js';

export interface LsAnnotation {
  id?: unknown;
  completed_by?: unknown;
  result?: LsResult[];
  was_cancelled?: boolean;
  ground_truth?: boolean;
  created_at?: unknown;
  updated_at?: unknown;
}

export interface LsPrediction {
  id?: unknown;
  model_version?: unknown;
  score?: number;
  result?: LsResult[];
}

export interface LsTask {
  id?: unknown;
  data?: Record<string, unknown>;
  annotations?: LsAnnotation[];
  predictions?: LsPrediction[];
}

/** JSON-MIN keys that describe the row rather than a control's output. */
const MIN_META = new Set([
  'id',
  'annotator',
  'annotation_id',
  'created_at',
  'updated_at',
  'lead_time',
  'image',
]);

/** Parses JSON; a syntax error is a PARSE_ERROR naming the file and, when V8 says where, the line. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    const where = line === undefined ? '' : ` (line ${line})`;
    throw new AssayError('PARSE_ERROR', `${file} is not valid JSON${where}: ${message}`, {
      hint: 'The export may be truncated; export the project again from Label Studio (JSON).',
      details: { file, ...(line === undefined ? {} : { line }) },
      cause: error,
    });
  }
}

function minResult(from: string, value: unknown): LsResult[] {
  if (typeof value === 'string') return [{ type: 'choices', from_name: from, value: { choices: [value] } }];
  if (!Array.isArray(value)) {
    const v = value as Record<string, unknown> | null;
    return v && Array.isArray(v.choices) ? [{ type: 'choices', from_name: from, value: v }] : [];
  }
  return value
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => {
      const { original_width, original_height, ...rest } = item;
      const type = Object.keys(rest).find((k) => k.endsWith('labels')) ?? 'rectangle';
      return {
        type,
        from_name: from,
        value: rest,
        ...(typeof original_width === 'number' ? { original_width } : {}),
        ...(typeof original_height === 'number' ? { original_height } : {}),
      };
    });
}

/**
 * Turns one JSON-MIN row (`{image, id, annotator, <control>: [regions] | "choice"}`) into a task.
 * Other string fields than `image` are read as single choices; a row without `image` whose `text` is a
 * string is a text task (`{text, id, annotator, label: [{start, end, text, labels}]}`).
 */
function taskFromJsonMin(row: Record<string, unknown>): LsTask {
  const result: LsResult[] = [];
  // A text task's row carries its text as `text` (no image): that is data, not a control's output.
  const textTask = row.image === undefined && typeof row.text === 'string';
  for (const [k, v] of Object.entries(row))
    if (!MIN_META.has(k) && !(textTask && k === 'text')) appendAll(result, minResult(k, v));
  const annotation: LsAnnotation = {
    id: row.annotation_id,
    completed_by: row.annotator,
    result,
    ...(row.created_at === undefined ? {} : { created_at: row.created_at }),
    ...(row.updated_at === undefined ? {} : { updated_at: row.updated_at }),
  };
  return {
    id: row.id,
    data: textTask ? { text: row.text } : { image: row.image },
    annotations: [annotation],
  };
}

/**
 * The tasks of a Label Studio JSON (or JSON-MIN) export, not yet validated (label-studio-schema.ts
 * does that per record); a file that is not a list of objects is INVALID_INPUT.
 */
export function tasksOf(root: unknown, file: string): unknown[] {
  const list = Array.isArray(root) ? root : typeof root === 'object' && root !== null ? [root] : undefined;
  if (list === undefined || !list.every((t) => typeof t === 'object' && t !== null && !Array.isArray(t))) {
    throw new AssayError(
      'INVALID_INPUT',
      `${file} is not a Label Studio export (expected a list of tasks).`,
      {
        hint: 'Export the project from Label Studio as "JSON" (or "JSON-MIN").',
      },
    );
  }
  // JSON-MIN has one row per annotation: rows of one task (same id and image) become one task.
  const tasks: LsTask[] = [];
  const minById = new Map<string, LsTask>();
  for (const t of list as Record<string, unknown>[]) {
    // Full tasks, and entries that are not objects (validTask reports them), pass as they are.
    if (typeof t !== 'object' || t === null || (typeof t.data === 'object' && t.data !== null)) {
      tasks.push(t as LsTask);
      continue;
    }
    const task = taskFromJsonMin(t);
    const key = t.id === undefined ? undefined : `${String(t.id)}\u0000${String(t.image)}`;
    const same = key === undefined ? undefined : minById.get(key);
    if (same) appendAll((same.annotations ??= []), task.annotations ?? []);
    else {
      if (key !== undefined) minById.set(key, task);
      tasks.push(task);
    }
  }
  return tasks;
}

/** Who made an annotation: `completed_by` as an id, an e-mail or a user object ({id, email}). */
export function annotatorOf(a: LsAnnotation): string | undefined {
  const by = a.completed_by;
  if (typeof by === 'number' || typeof by === 'string') return String(by);
  if (typeof by === 'object' && by !== null) {
    const user = by as { email?: unknown; id?: unknown };
    if (typeof user.email === 'string' && user.email) return user.email;
    if (typeof user.id === 'string' || typeof user.id === 'number') return String(user.id);
  }
  return undefined;
}

/** The image reference of a task: data.image, else the first string field that looks like one. */
export function imageRefOf(task: LsTask): string | undefined {
  const data = task.data ?? {};
  if (typeof data.image === 'string') return data.image;
  const found = Object.values(data).find(
    (v) =>
      typeof v === 'string' && (/\.(jpe?g|png|webp|bmp|gif|tiff?|avif)$/i.test(v) || v.startsWith('/data/')),
  );
  return found as string | undefined;
}

/** The data field holding a task's text: `text`, else the first string field that is not a URL or path. */
export function textFieldOf(data: Record<string, unknown> | undefined): string | undefined {
  if (!data) return undefined;
  if (typeof data.text === 'string') return 'text';
  return Object.keys(data).find((k) => {
    const v = data[k];
    return (
      typeof v === 'string' &&
      !/^(https?:|s3:|gs:|\/data\/)/.test(v) &&
      !/\.(jpe?g|png|webp|gif|tiff?)$/i.test(v)
    );
  });
}
