import type { FormatIO } from '../format-io.js';

/** Bytes read from the end of the file to look for `categories` (LVIS's 1,203 fit in ~1 MB). */
const TAIL = 4 * 1024 * 1024;
/** Candidate ends of the list tried before giving up. */
const MAX_TRIES = 256;

/**
 * The `categories` list of a COCO file that writes it last (the official files: info, licenses,
 * images, annotations, categories), read from the file's tail before the file is streamed, so that
 * annotations can be written while they are read. A guess: the last `"categories": [` in the tail,
 * up to the first `]` after which the text parses. The streaming reader checks it against the list
 * it then meets at the top level, and reads again without writing early when they differ. `tail`: the
 * bytes read (TAIL; a streamed import with a smaller threshold reads no more than the threshold).
 */
export async function readTrailingCategories(
  file: string,
  size: number,
  io: FormatIO,
  tail = TAIL,
): Promise<unknown[] | undefined> {
  const start = Math.max(0, size - tail);
  const bytes = new Uint8Array(size - start);
  let at = 0;
  for await (const chunk of io.readChunks(file, tail, start)) {
    bytes.set(chunk.subarray(0, bytes.length - at), at);
    at += chunk.length;
    if (at >= bytes.length) break;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, at));
  const key = text.lastIndexOf('"categories"');
  if (key < 0) return undefined;
  const open = /^"categories"\s*:\s*\[/.exec(text.slice(key, key + 64));
  if (!open) return undefined;
  const from = key + open[0].length - 1;
  let end = text.indexOf(']', from);
  for (let tries = 0; end >= 0 && tries < MAX_TRIES; tries++, end = text.indexOf(']', end + 1)) {
    const after = /^\s*([,}])/.exec(text.slice(end + 1, end + 65));
    if (!after) continue;
    try {
      const value: unknown = JSON.parse(text.slice(from, end + 1));
      return Array.isArray(value) ? value : undefined;
    } catch {
      // not the end of the list yet
    }
  }
  return undefined;
}
