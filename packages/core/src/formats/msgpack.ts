import { AssayError } from '../errors.js';

/**
 * A MessagePack value as decoded here: maps as plain objects (keys as strings), bin as bytes, integers
 * as numbers (exact up to 2^53), float 32/64 as numbers. Extension types are refused.
 */
export type MsgpackValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | MsgpackValue[]
  | { [key: string]: MsgpackValue };

/** Nesting deeper than this is refused (a mutated file must not exhaust the stack). */
const MAX_DEPTH = 64;

/**
 * Decodes one MessagePack value (the MessagePack specification, msgpack/msgpack spec.md) from `bytes`,
 * which must hold it exactly. Every length is checked against the bytes left, so a truncated or
 * corrupt file is INVALID_INPUT naming `file`, never a huge allocation.
 */
export function decodeMsgpack(bytes: Uint8Array, file: string): MsgpackValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: false });
  let at = 0;
  const fail = (why: string): never => {
    throw new AssayError('INVALID_INPUT', `${file} cannot be read as MessagePack: ${why} at byte ${at}.`, {
      hint: 'The file may be truncated or not what its name says; write it again.',
    });
  };
  const need = (n: number) => {
    if (n < 0 || at + n > bytes.length) fail(`${n} bytes needed, ${bytes.length - at} left`);
  };
  const u = (n: 1 | 2 | 4) => {
    need(n);
    const v = n === 1 ? view.getUint8(at) : n === 2 ? view.getUint16(at) : view.getUint32(at);
    at += n;
    return v;
  };
  const take = (n: number) => {
    need(n);
    at += n;
    return bytes.subarray(at - n, at);
  };
  const int64 = (signed: boolean) => {
    need(8);
    const v = signed ? view.getBigInt64(at) : view.getBigUint64(at);
    at += 8;
    return Number(v);
  };
  const value = (depth: number): MsgpackValue => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    const b = u(1);
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return map(b & 0x0f, depth);
    if ((b & 0xf0) === 0x90) return array(b & 0x0f, depth);
    if ((b & 0xe0) === 0xa0) return text.decode(take(b & 0x1f));
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6:
        return take(u(b === 0xc4 ? 1 : b === 0xc5 ? 2 : 4)).slice();
      case 0xca:
        need(4);
        at += 4;
        return view.getFloat32(at - 4);
      case 0xcb:
        need(8);
        at += 8;
        return view.getFloat64(at - 8);
      case 0xcc:
        return u(1);
      case 0xcd:
        return u(2);
      case 0xce:
        return u(4);
      case 0xcf:
        return int64(false);
      case 0xd0:
        return (u(1) << 24) >> 24;
      case 0xd1:
        return (u(2) << 16) >> 16;
      case 0xd2:
        return u(4) | 0;
      case 0xd3:
        return int64(true);
      case 0xd9:
      case 0xda:
      case 0xdb:
        return text.decode(take(u(b === 0xd9 ? 1 : b === 0xda ? 2 : 4)));
      case 0xdc:
      case 0xdd:
        return array(u(b === 0xdc ? 2 : 4), depth);
      case 0xde:
      case 0xdf:
        return map(u(b === 0xde ? 2 : 4), depth);
      default:
        return fail(`type byte 0x${b.toString(16)} (an extension type, or not MessagePack)`);
    }
  };
  const array = (n: number, depth: number): MsgpackValue[] => {
    need(n); // every element takes a byte at least
    const out: MsgpackValue[] = [];
    for (let i = 0; i < n; i++) out.push(value(depth + 1));
    return out;
  };
  const map = (n: number, depth: number): { [key: string]: MsgpackValue } => {
    need(2 * n);
    const out: { [key: string]: MsgpackValue } = {};
    for (let i = 0; i < n; i++) {
      const key = value(depth + 1);
      const v = value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number')
        fail('a map key that is not a string or number');
      if (key !== '__proto__') out[String(key)] = v;
    }
    return out;
  };
  const out = value(0);
  if (at !== bytes.length) fail(`${bytes.length - at} bytes after the value`);
  return out;
}
