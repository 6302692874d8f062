/**
 * Writes spaCy DocBin files (`.spacy`) for tests, from spaCy's description of the format (DocBin API
 * documentation; spacy/tokens/_serialize.py): zlib-compressed MessagePack of attrs, tokens (uint64 rows),
 * spaces, lengths (int32), strings, cats, flags, span_groups. The MessagePack encoder covers what those
 * need: maps with string keys, arrays, strings, bin, integers, floats, booleans.
 */
import { deflateSync } from 'node:zlib';

export type PackValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | PackValue[]
  | { [k: string]: PackValue };

const be = (n: number, bytes: number) => {
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1, v = n; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v & 0xff;
  return out;
};

/** MessagePack bytes of `v` (the shortest forms, as msgpack-python writes them). */
export function packMsgpack(v: PackValue): Uint8Array {
  const parts: Uint8Array[] = [];
  const head = (small: number, base: number, codes: [number, number, number], n: number) => {
    if (n < small) parts.push(Uint8Array.of(base | n));
    else if (n < 256 && codes[0] !== 0) parts.push(Uint8Array.of(codes[0], n));
    else if (n < 65536) parts.push(Uint8Array.of(codes[1]), be(n, 2));
    else parts.push(Uint8Array.of(codes[2]), be(n, 4));
  };
  const put = (x: PackValue) => {
    if (x === null) parts.push(Uint8Array.of(0xc0));
    else if (typeof x === 'boolean') parts.push(Uint8Array.of(x ? 0xc3 : 0xc2));
    else if (typeof x === 'number') {
      if (!Number.isInteger(x)) {
        const b = new Uint8Array(9);
        b[0] = 0xcb;
        new DataView(b.buffer).setFloat64(1, x);
        parts.push(b);
      } else if (x >= 0 && x < 128) parts.push(Uint8Array.of(x));
      else if (x < 0 && x >= -32) parts.push(Uint8Array.of(x + 256));
      else if (x >= 0) parts.push(Uint8Array.of(0xce), be(x, 4));
      else parts.push(Uint8Array.of(0xd2), be(x >>> 0, 4));
    } else if (typeof x === 'string') {
      const b = new TextEncoder().encode(x);
      head(32, 0xa0, [0xd9, 0xda, 0xdb], b.length);
      parts.push(b);
    } else if (x instanceof Uint8Array) {
      head(0, 0, [0xc4, 0xc5, 0xc6], x.length);
      parts.push(x);
    } else if (Array.isArray(x)) {
      head(16, 0x90, [0, 0xdc, 0xdd], x.length);
      for (const e of x) put(e);
    } else {
      const entries = Object.entries(x);
      head(16, 0x80, [0, 0xde, 0xdf], entries.length);
      for (const [k, e] of entries) {
        put(k);
        put(e);
      }
    }
  };
  put(v);
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** One document of a DocBin: rows of attribute values (as `attrs` orders them) and a space flag per token. */
export interface DocBinDoc {
  rows: bigint[][];
  spaces: boolean[];
  cats?: Record<string, number>;
  unknownSpaces?: boolean;
  spanGroups?: Uint8Array;
}

/** The bytes of a `.spacy` file holding `docs`. */
export function docBinBytes(attrs: number[], docs: DocBinDoc[], strings: string[]): Uint8Array {
  const rows = docs.flatMap((d) => d.rows);
  const tokens = new Uint8Array(rows.length * attrs.length * 8);
  const view = new DataView(tokens.buffer);
  for (const [i, r] of rows.entries())
    for (const [j, v] of r.entries())
      view.setBigUint64((i * attrs.length + j) * 8, BigInt.asUintN(64, v), true);
  const lengths = new Uint8Array(docs.length * 4);
  for (const [i, d] of docs.entries()) new DataView(lengths.buffer).setInt32(i * 4, d.rows.length, true);
  const msg: PackValue = {
    version: '0.1',
    attrs,
    tokens,
    spaces: Uint8Array.from(docs.flatMap((d) => d.spaces.map((s) => (s ? 1 : 0)))),
    lengths,
    strings: [...strings].sort(),
    cats: docs.map((d) => d.cats ?? {}),
    flags: docs.map((d) => ({ has_unknown_spaces: d.unknownSpaces ?? false })),
    span_groups: docs.map((d) => d.spanGroups ?? Uint8Array.of(0x90)),
  };
  return new Uint8Array(deflateSync(packMsgpack(msg)));
}
