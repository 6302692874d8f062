import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type JsonStreamHandler, scanJsonStream } from '../../formats/json-stream.js';

/**
 * Files at least this big are not read as one string: V8 strings stop just under 512 MiB
 * (0x1fffffe8 UTF-16 units), and a UTF-8 file of that many bytes may hold that many characters.
 */
export const JSON_STRING_LIMIT = 0x1fffffe8;

/** The largest file `readFile` gives as one Buffer (2 GiB − 1): above it, bytes are streamed too. */
export const BUFFER_LIMIT = 2 ** 31 - 1;

const TOP_LISTS: ReadonlySet<string> = new Set(['images', 'annotations', 'categories']);

/** Every member named `key`, at any depth, with the value null (dropJsonValues on parsed JSON). */
function dropMembers(value: unknown, key: string): void {
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') dropMembers(v, key);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    if (k === key) record[k] = null;
    else {
      const v = record[k];
      if (v !== null && typeof v === 'object') dropMembers(v, key);
    }
  }
}

/**
 * A COCO file too big for one string, parsed as JSON.parse would parse it, without the string: the
 * import's streaming reader (formats/json-stream.ts) gives each element of the top-level list (a
 * results file) or of `images`, `annotations` and `categories` (a ground-truth file) parsed alone,
 * and they are put together into the same value. `unused`: members whose values are not read, set to
 * null as they come (dropJsonValues). Syntax errors are the reader's (PARSE_ERROR with the byte
 * offset).
 */
export async function readJsonStreamed(
  path: string,
  options: { unused?: string; signal?: AbortSignal } = {},
): Promise<unknown> {
  const { unused } = options;
  let root: unknown;
  const take = (value: unknown) => {
    if (unused !== undefined && value !== null && typeof value === 'object') dropMembers(value, unused);
    return value;
  };
  const handler: JsonStreamHandler = {
    start(kind) {
      root = kind === 'array' ? [] : kind === 'object' ? {} : undefined;
    },
    element(key, _index, value) {
      if (key === undefined) {
        (root as unknown[]).push(take(value));
        return;
      }
      const record = root as Record<string, unknown>;
      if (_index === 0 || !Array.isArray(record[key])) record[key] = [];
      (record[key] as unknown[]).push(take(value));
    },
    member(key, value) {
      if (key === undefined) root = take(value);
      else (root as Record<string, unknown>)[key] = take(value);
    },
    listEnd(key, count) {
      // An empty list gives no element: it is still a list.
      if (key !== undefined && count === 0) (root as Record<string, unknown>)[key] = [];
    },
  };
  await scanJsonStream(createReadStream(path, { highWaterMark: 1 << 20 }), handler, {
    file: path,
    streamKeys: TOP_LISTS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return root;
}

/** The size of a regular file, or undefined (missing, not a regular file: the reader's error says why). */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}
