import { concatByteList } from '../../arrays/concat-bytes.js';
import { AssayError } from '../../errors.js';
import { decodeMsgpack, type MsgpackValue } from '../msgpack.js';
import { InflateLimit, inflate } from '../png-mask.js';
import { spacyStringId } from './spacy-strings.js';

/**
 * spaCy 3's DocBin (`.spacy`, what `spacy convert` writes and `spacy train` reads; spaCy's DocBin API
 * documentation and spacy/tokens/_serialize.py): zlib-compressed MessagePack of `attrs` (attribute ids,
 * ORTH first), `tokens` (uint64 little-endian, one row of the attrs per token, documents one after the
 * other), `spaces` (one byte per token: a space follows it), `lengths` (int32 tokens per document),
 * `strings` (every string the ids stand for), `cats` (per document: label → score), `flags` and
 * `span_groups`. Each document becomes `{text, spans, cats}` as text-jsonl reads a JSON line.
 */
export interface DocBinDocument {
  text: string;
  spans: { start: number; end: number; label: string }[];
  cats: Record<string, number>;
}

export interface DocBin {
  docs: { doc?: DocBinDocument; problem?: string }[];
  /** Documents with span groups (spancat's `doc.spans`), which are not read. */
  spanGroups: number;
}

/** spaCy's attribute ids (spacy/attrs.pxd). */
const ORTH = 65;
const ENT_IOB = 77;
const ENT_TYPE = 78;
/** ENT_IOB values: 1 inside, 2 outside, 3 beginning (0: not annotated). */
const IOB_I = 1n;
const IOB_B = 3n;
/** The span groups of a document without any: MessagePack's empty array. */
const NO_GROUPS = 0x90;

type Msg = { [key: string]: MsgpackValue };

function invalid(file: string, why: string): never {
  throw new AssayError('INVALID_INPUT', `${file} cannot be read as a spaCy DocBin: ${why}.`, {
    hint: 'Write it again with DocBin.to_disk, or as JSON Lines (text, spans, cats).',
  });
}

/** The most bytes a DocBin's MessagePack may inflate to. */
const MAX_BYTES = 1 << 30;

/** The DocBin message of a `.spacy` file's bytes. */
export async function docBinMessage(bytes: Uint8Array, file: string): Promise<Msg> {
  let raw: Uint8Array;
  try {
    raw = await inflate(bytes, MAX_BYTES);
  } catch (error) {
    return invalid(file, error instanceof InflateLimit ? error.message : 'not zlib data');
  }
  const msg = decodeMsgpack(raw, file);
  if (!msg || typeof msg !== 'object' || Array.isArray(msg) || msg instanceof Uint8Array)
    return invalid(file, 'its MessagePack is not a map');
  for (const key of ['attrs', 'tokens', 'spaces', 'lengths', 'strings'])
    if (!(key in msg)) invalid(file, `it has no "${key}"`);
  return msg;
}

/** The document at token rows [from, from + n) of a DocBin; a problem when a token's text is not among its strings. */
function documentAt(
  rows: { value: (row: number, col: number) => bigint; space: (row: number) => boolean },
  cols: { orth: number; iob: number; type: number },
  from: number,
  n: number,
  strings: Map<bigint, string>,
): { doc?: DocBinDocument; problem?: string } {
  let text = '';
  const spans: DocBinDocument['spans'] = [];
  let open: DocBinDocument['spans'][number] | undefined;
  for (let t = 0; t < n; t++) {
    const orth = rows.value(from + t, cols.orth);
    const word = strings.get(orth);
    if (word === undefined)
      return { problem: `token ${t + 1}'s text (id ${orth}) is not among the file's strings` };
    const iob = cols.iob < 0 ? 0n : rows.value(from + t, cols.iob);
    const type = cols.type < 0 ? undefined : strings.get(rows.value(from + t, cols.type));
    if (open && (iob !== IOB_I || type !== open.label)) open = undefined;
    if (open === undefined && (iob === IOB_B || iob === IOB_I) && type) {
      open = { start: text.length, end: text.length, label: type };
      spans.push(open);
    }
    text += word;
    if (open) open.end = text.length;
    if (rows.space(from + t)) text += ' ';
  }
  return { doc: { text, spans, cats: {} } };
}

/** Reads the documents of a DocBin: texts rebuilt from their tokens, entities as spans, cats. */
export async function readDocBin(bytes: Uint8Array, file: string): Promise<DocBin> {
  const msg = await docBinMessage(bytes, file);
  const attrs = msg.attrs;
  const { tokens, spaces, lengths, strings } = msg;
  if (!Array.isArray(attrs) || attrs.length === 0 || !attrs.every((a) => typeof a === 'number'))
    return invalid(file, '"attrs" is not a list of attribute ids');
  if (!(tokens instanceof Uint8Array) || !(spaces instanceof Uint8Array) || !(lengths instanceof Uint8Array))
    return invalid(file, '"tokens", "spaces" and "lengths" are not bytes');
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string'))
    return invalid(file, '"strings" is not a list of strings');
  const width = attrs.length;
  const count = Math.floor(tokens.length / (8 * width));
  if (tokens.length !== count * 8 * width || spaces.length !== count || lengths.length % 4 !== 0)
    invalid(
      file,
      `${tokens.length} token bytes, ${spaces.length} space bytes for ${width} attributes a token`,
    );
  const sizes = new DataView(lengths.buffer, lengths.byteOffset, lengths.byteLength);
  const view = new DataView(tokens.buffer, tokens.byteOffset, tokens.byteLength);
  const rows = {
    value: (row: number, col: number) => view.getBigUint64((row * width + col) * 8, true),
    space: (row: number) => spaces[row] !== 0,
  };
  const cols = { orth: attrs.indexOf(ORTH), iob: attrs.indexOf(ENT_IOB), type: attrs.indexOf(ENT_TYPE) };
  if (cols.orth < 0) invalid(file, '"attrs" has no ORTH (the tokens\' texts)');
  const ids = new Map<bigint, string>((strings as string[]).map((s) => [spacyStringId(s), s]));
  const cats = Array.isArray(msg.cats) ? msg.cats : [];
  const flags = Array.isArray(msg.flags) ? msg.flags : [];
  const groups = Array.isArray(msg.span_groups) ? msg.span_groups : [];
  const docs: DocBin['docs'] = [];
  let from = 0;
  let spanGroups = 0;
  for (let i = 0; i < lengths.length / 4; i++) {
    const n = sizes.getInt32(i * 4, true);
    if (n < 0 || from + n > count)
      invalid(file, `document ${i + 1} claims ${n} tokens, ${count - from} left`);
    const flag = flags[i];
    const unknownSpaces = !!flag && typeof flag === 'object' && (flag as Msg).has_unknown_spaces === true;
    // spaCy's Doc without spaces (has_unknown_spaces): a space after every token.
    const own = unknownSpaces ? { ...rows, space: () => true } : rows;
    const out = documentAt(own, cols, from, n, ids);
    const cat = cats[i];
    if (out.doc && cat && typeof cat === 'object' && !Array.isArray(cat) && !(cat instanceof Uint8Array))
      for (const [label, score] of Object.entries(cat))
        if (typeof score === 'number') out.doc.cats[label] = score;
    const g = groups[i];
    if (g instanceof Uint8Array && g.length > 0 && !(g.length === 1 && g[0] === NO_GROUPS)) spanGroups++;
    docs.push(out);
    from += n;
  }
  if (from !== count) invalid(file, `the documents' lengths add up to ${from} tokens, not ${count}`);
  return { docs, spanGroups };
}

/**
 * Whether a `.spacy` file's first bytes inflate to the start of a DocBin message: a MessagePack map
 * whose first keys include "attrs" and "tokens" (only the file's first 64 KiB are read and inflated).
 */
export async function looksLikeDocBin(head: Uint8Array): Promise<boolean> {
  if (head[0] !== 0x78) return false; // zlib's header: deflate, 32 KiB window
  const reader = new Blob([head as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'))
    .getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 512) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.length;
    }
    await reader.cancel();
  } catch {
    // A head cut from a longer file ends mid-stream: what came out before is enough.
  }
  const out = concatByteList(parts);
  const text = new TextDecoder('latin1').decode(out.subarray(0, 512));
  return ((out[0] ?? 0) & 0xf0) === 0x80 && text.includes('\xa5attrs') && text.includes('\xa6tokens');
}
