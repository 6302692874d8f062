/**
 * Arrow IPC streams written for tests from the Arrow specification (Message.fbs, Schema.fbs: FlatBuffers
 * tables; record batches of validity, offset and data buffers), by a small FlatBuffers writer.
 */
import { concatBytes } from '../arrays/concat-bytes.js';

/** A FlatBuffers value: a table (fields by index), a string, a vector of tables, or a vector of 16-byte structs. */
export type Node =
  | { table: (Slot | undefined)[] }
  | { string: string }
  | { tables: Node[] }
  | { structs: bigint[][] };
type Slot = { u8: number } | { i16: number } | { i32: number } | { i64: number } | { ref: Node };

/** Writes FlatBuffers forward: each object before what it refers to, so every offset is positive. */
class Writer {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  at = 0;
  align(n: number, shift = 0) {
    while ((this.at + shift) % n !== 0) this.at++;
  }
  place(node: Node): number {
    if ('string' in node) {
      this.align(4);
      const text = new TextEncoder().encode(node.string);
      const pos = this.at;
      this.view.setUint32(pos, text.length, true);
      this.bytes.set(text, pos + 4);
      this.at = pos + 4 + text.length + 1;
      return pos;
    }
    if ('structs' in node) {
      this.align(8, 4);
      const pos = this.at;
      this.view.setUint32(pos, node.structs.length, true);
      node.structs.forEach((pair, i) => {
        this.view.setBigInt64(pos + 4 + 16 * i, pair[0]!, true);
        this.view.setBigInt64(pos + 12 + 16 * i, pair[1]!, true);
      });
      this.at = pos + 4 + 16 * node.structs.length;
      return pos;
    }
    if ('tables' in node) {
      this.align(4);
      const pos = this.at;
      this.view.setUint32(pos, node.tables.length, true);
      this.at = pos + 4 + 4 * node.tables.length;
      node.tables.forEach((t, i) => {
        this.patch(pos + 4 + 4 * i, this.place(t));
      });
      return pos;
    }
    const sizes = node.table.map((s) => (!s ? 0 : 'u8' in s ? 1 : 'i16' in s ? 2 : 'i64' in s ? 8 : 4));
    const offsets: number[] = [];
    let size = 4;
    for (const n of sizes) {
      if (n === 0) offsets.push(0);
      else {
        size = Math.ceil(size / n) * n;
        offsets.push(size);
        size += n;
      }
    }
    this.align(2);
    const vtable = this.at;
    this.view.setUint16(vtable, 4 + 2 * sizes.length, true);
    this.view.setUint16(vtable + 2, size, true);
    offsets.forEach((o, i) => {
      this.view.setUint16(vtable + 4 + 2 * i, o, true);
    });
    this.at = vtable + 4 + 2 * sizes.length;
    this.align(8);
    const pos = this.at;
    this.view.setInt32(pos, pos - vtable, true);
    this.at = pos + size;
    node.table.forEach((s, i) => {
      const at = pos + offsets[i]!;
      if (!s) return;
      if ('u8' in s) this.view.setUint8(at, s.u8);
      else if ('i16' in s) this.view.setInt16(at, s.i16, true);
      else if ('i32' in s) this.view.setInt32(at, s.i32, true);
      else if ('i64' in s) this.view.setBigInt64(at, BigInt(s.i64), true);
    });
    node.table.forEach((s, i) => {
      if (s && 'ref' in s) this.patch(pos + offsets[i]!, this.place(s.ref));
    });
    return pos;
  }
  patch(at: number, target: number) {
    this.view.setUint32(at, target - at, true);
  }
  /** A root table: its offset at byte 0. */
  root(node: Node): Uint8Array {
    this.at = 4;
    this.patch(0, this.place(node));
    this.align(8);
    return this.bytes.slice(0, this.at);
  }
}

const str = (s: string): Slot => ({ ref: { string: s } });
/** Schema.fbs Field: name, nullable, type_type, type, dictionary, children. */
export const field = (
  name: string,
  typeId: number,
  type: Node,
  children: Node[] = [],
  dictionary?: { id: number; bits: number },
): Node => ({
  table: [
    str(name),
    { u8: 1 },
    { u8: typeId },
    { ref: type },
    dictionary
      ? {
          ref: { table: [{ i64: dictionary.id }, { ref: { table: [{ i32: dictionary.bits }, { u8: 1 }] } }] },
        }
      : undefined,
    { ref: { tables: children } },
  ],
});
export const utf8 = (name: string, dictionary?: { id: number; bits: number }) =>
  field(name, 5, { table: [] }, [], dictionary);
export const int = (name: string, bits: number) => field(name, 2, { table: [{ i32: bits }, { u8: 1 }] });
export const list = (name: string, item: Node) => field(name, 12, { table: [] }, [item]);

/** A record batch's rows, field nodes (length, null count) and buffers, in the specification's order. */
export interface BatchData {
  rows: number;
  nodes: bigint[][];
  buffers: Uint8Array[];
}

/**
 * An Arrow stream: its schema (fields, metadata), dictionary batches (`dictionaries`: id and the batch of
 * its values' one column) and one record batch (nodes, buffers, body). With `compression`, every batch
 * says so (BodyCompression: codec 0 LZ4_FRAME, 1 ZSTD) and each non-empty buffer is its uncompressed
 * length (int64) and what `encode` makes of it (a length of -1: stored as is).
 */
export function arrowStream(
  fields: Node[],
  metadata: Record<string, string>,
  batch: BatchData,
  compression?: { codec: number; encode: (buffer: Uint8Array) => Uint8Array | undefined },
  dictionaries: { id: number; batch: BatchData }[] = [],
): Uint8Array {
  const message = (type: number, header: Node, bodyLength: number) =>
    new Writer().root({ table: [{ i16: 4 }, { u8: type }, { ref: header }, { i64: bodyLength }] });
  const kv = Object.entries(metadata).map(([k, v]) => ({ table: [str(k), str(v)] }));
  const schema = message(1, { table: [{ i16: 0 }, { ref: { tables: fields } }, { ref: { tables: kv } }] }, 0);
  /** A RecordBatch table and its body. */
  const recordBatch = (data: BatchData): { header: Node; body: Uint8Array } => {
    const buffers = data.buffers.map((b) => {
      if (!compression || b.length === 0) return b;
      const encoded = compression.encode(b);
      const size = new Uint8Array(new BigInt64Array([BigInt(encoded ? b.length : -1)]).buffer);
      return concatBytes(size, encoded ?? b);
    });
    const padded = buffers.map((b) => {
      const out = new Uint8Array(Math.ceil(b.length / 8) * 8);
      out.set(b);
      return out;
    });
    const body = new Uint8Array(padded.reduce((n, b) => n + b.length, 0));
    let offset = 0;
    const spans: bigint[][] = [];
    padded.forEach((b, i) => {
      body.set(b, offset);
      spans.push([BigInt(offset), BigInt(buffers[i]!.length)]);
      offset += b.length;
    });
    const header: Node = {
      table: [
        { i64: data.rows },
        { ref: { structs: data.nodes } },
        { ref: { structs: spans } },
        compression ? { ref: { table: [{ u8: compression.codec }, { u8: 0 }] } } : undefined,
      ],
    };
    return { header, body };
  };
  const frame = (meta: Uint8Array) => {
    const head = new DataView(new ArrayBuffer(8));
    head.setInt32(0, -1, true);
    head.setInt32(4, meta.length, true);
    return [new Uint8Array(head.buffer), meta];
  };
  const parts = frame(schema);
  for (const d of dictionaries) {
    const { header, body } = recordBatch(d.batch);
    parts.push(...frame(message(2, { table: [{ i64: d.id }, { ref: header }] }, body.length)), body);
  }
  const { header, body } = recordBatch(batch);
  parts.push(...frame(message(3, header, body.length)), body);
  const end = new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0]);
  return concatBytes(...parts, end);
}
