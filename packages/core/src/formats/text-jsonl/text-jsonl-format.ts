import { ARROW_EXTENSIONS, readArrowIpc } from '../arrow-ipc.js';
import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, extName } from '../paths.js';
import { TEXT_NAMES, textPair } from '../text-records.js';
import { guessDocBin } from './docbin-guess.js';
import { guessFastText } from './fasttext-guess.js';
import { spacyTuples } from './spacy-tuples.js';
import { tokenFields } from './token-tags.js';

/** What makes an object a text record: a text field, or tokens with their NER tags; undefined for neither. */
function textOf(o: unknown): string | undefined {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const pair = textPair((f) => typeof r[f] === 'string');
  if (pair !== undefined) return `"${pair[0]}" and "${pair[1]}" fields (a text pair)`;
  const text = TEXT_NAMES.find((f) => typeof r[f] === 'string');
  if (text !== undefined) return `a "${text}" field`;
  const tagged = tokenFields(r);
  return tagged && `"${tagged.tokens}" and "${tagged.tags}" fields (tokens and their NER tags)`;
}

/**
 * A JSON array whose first element is an object with a text field (Hugging Face's `to_json(lines=False)`):
 * less sure than a Label Studio JSON-MIN export (an array of such objects with an annotator), which wins.
 */
async function detectArray(path: string, io: FormatIO): Promise<Detection | undefined> {
  let whole: unknown;
  try {
    whole = JSON.parse((await io.readText(path)).replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const tuples = spacyTuples(whole);
  if (tuples !== undefined)
    return {
      confidence: 0.7,
      reason: `spaCy training tuples ([text, {"entities": [[start, end, label]]}]${Array.isArray(whole) ? '' : ' in "annotations"'})`,
    };
  if (!Array.isArray(whole)) return undefined;
  const first: unknown = whole[0];
  const what = textOf(first);
  if (what === undefined) return undefined;
  return { confidence: 0.7, reason: `a JSON array whose first object has ${what}` };
}

/** A Parquet table whose first row has a text column (a Hugging Face dataset as the Hub serves it). */
async function detectParquet(path: string, io: FormatIO): Promise<Detection | undefined> {
  let first: Record<string, unknown> | undefined;
  try {
    first = (await io.readParquet!(path, { limit: 1 })).rows[0];
  } catch {
    return undefined;
  }
  const what = textOf(first);
  if (what === undefined) return undefined;
  return { confidence: 0.8, reason: `a Parquet table whose first row has ${what}` };
}

/** Files of an Arrow table bigger than this are detected from their schema alone (field names, no values). */
const ARROW_WHOLE = 32 << 20;

/**
 * An Arrow IPC file (Hugging Face `save_to_disk`: data-00000-of-00001.arrow; pandas `to_feather`, LZ4 by
 * default) whose schema names a text field and whose first row (for a big file, its schema alone) has
 * one; a table without one (an Argoverse sweep of x, y, z) is left after reading its schema only. Its
 * `cache-*.arrow` siblings are datasets' caches, not data.
 */
async function detectArrow(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (/^cache-[0-9a-f]+\.arrow$/.test(baseName(path))) return undefined;
  let first: Record<string, unknown> | undefined;
  try {
    let head: Uint8Array | undefined;
    for await (const chunk of io.readChunks(path, 1 << 20)) {
      head = chunk;
      break;
    }
    const { fields } = readArrowIpc(head ?? new Uint8Array(), path, { schemaOnly: true });
    first = Object.fromEntries(fields.map((f) => [f, f === 'tokens' || f.endsWith('_tags') ? [] : '']));
    if (textOf(first) === undefined) return undefined;
    if (((await io.fileSize(path)) ?? 0) <= ARROW_WHOLE) {
      const { arrowDecompress } = await import('../arrow-ipc-codecs.js');
      first = readArrowIpc(await io.readBytes(path), path, { decompress: arrowDecompress }).rows[0];
    }
  } catch {
    return undefined;
  }
  const what = textOf(first);
  return what === undefined
    ? undefined
    : { confidence: 0.8, reason: `an Arrow table whose first row has ${what}` };
}

/** A spaCy DocBin (`.spacy`): its first 64 KiB inflate to a MessagePack map with "attrs" and "tokens". */
async function detectDocBin(path: string, io: FormatIO): Promise<Detection | undefined> {
  let head: Uint8Array | undefined;
  for await (const chunk of io.readChunks(path, 1 << 16)) {
    head = chunk;
    break;
  }
  const { looksLikeDocBin } = await import('./spacy-docbin.js');
  return head && (await looksLikeDocBin(head))
    ? { confidence: 0.9, reason: 'a spaCy DocBin (.spacy: its documents, entities and cats)' }
    : undefined;
}

/** Texts as JSON Lines with labels, spans (character offsets) and a model's class probabilities. */
export const textJsonl = defineFormat({
  id: 'text-jsonl',
  title: 'Texts as JSON Lines (text, label, spans)',
  tasks: ['classification', 'span'],
  capabilities: {
    roundTrip: ['classification', 'span'],
    keepsClassIds: false,
    needsImages: false,
    scores: true,
  },
  readOptions: ['text-column', 'label-column', 'id-column', 'key-prefix'],
  async detect(path, io) {
    if (extName(path) === '.parquet' && io.readParquet && !(await io.isDirectory(path)))
      return detectParquet(path, io);
    if (ARROW_EXTENSIONS.includes(extName(path)) && !(await io.isDirectory(path)))
      return detectArrow(path, io);
    if (extName(path) === '.spacy' && !(await io.isDirectory(path))) {
      const detected = await detectDocBin(path, io);
      if (detected !== undefined) return detected;
    }
    if (!['.jsonl', '.ndjson', '.json'].includes(extName(path)) || (await io.isDirectory(path)))
      return (await guessDocBin(path, io)) ?? guessFastText(path, io);
    const head = (await io.readText(path)).slice(0, 65536).replace(/^\uFEFF/, '');
    if (head.trimStart().startsWith('[')) return detectArray(path, io);
    const first = head.split(/\r?\n/).find((l) => l.trim() !== '');
    if (!first?.trim().startsWith('{')) return undefined;
    // one JSON object holding spaCy tuples in "annotations" (the NER Annotator for spaCy's export)
    if (/^\s*\{\s*"(classes|annotations)"/.test(head)) {
      const tuples = await detectArray(path, io);
      if (tuples !== undefined) return tuples;
    }
    try {
      const what = textOf(JSON.parse(first));
      if (what === undefined) return undefined;
      return { confidence: 0.8, reason: `JSON Lines whose first object has ${what}` };
    } catch {
      return undefined;
    }
  },
  read: async (input) => (await import('./text-jsonl-read.js')).readTextJsonl(input),
  write: async (input) => (await import('./text-jsonl-write.js')).writeTextJsonl(input),
});
