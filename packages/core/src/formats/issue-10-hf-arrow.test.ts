/**
 * Issue 10 (Hugging Face datasets as teams keep them): `dataset.save_to_disk(dir)` writes
 * dataset_dict.json and a folder per split holding data-00000-of-00001.arrow (Arrow IPC, the stream
 * form), dataset_info.json and state.json, beside `cache-*.arrow` files of its own. Such a folder was
 * "Could not tell which format". The Arrow files are written here from the Arrow specification
 * (Message.fbs, Schema.fbs: FlatBuffers tables; record batches of validity, offset and data buffers) by
 * a small FlatBuffers writer below.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { concatBytes } from '../arrays/concat-bytes.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { readArrowIpc } from './arrow-ipc.js';
import { emptyLookup } from './conformance.js';
import { detectFormat } from './detect-format.js';
import { formatById, formats } from './index.js';
import { toPosix } from './paths.js';

/** A FlatBuffers value: a table (fields by index), a string, a vector of tables, or a vector of 16-byte structs. */
type Node =
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
const field = (name: string, typeId: number, type: Node, children: Node[] = []): Node => ({
  table: [str(name), { u8: 1 }, { u8: typeId }, { ref: type }, undefined, { ref: { tables: children } }],
});
const utf8 = (name: string) => field(name, 5, { table: [] });
const int = (name: string, bits: number) => field(name, 2, { table: [{ i32: bits }, { u8: 1 }] });
const list = (name: string, item: Node) => field(name, 12, { table: [] }, [item]);

/** An Arrow stream: its schema (fields, metadata) and one record batch (nodes, buffers, body). */
function arrowStream(
  fields: Node[],
  metadata: Record<string, string>,
  batch: { rows: number; nodes: bigint[][]; buffers: Uint8Array[] },
): Uint8Array {
  const message = (type: number, header: Node, bodyLength: number) =>
    new Writer().root({ table: [{ i16: 4 }, { u8: type }, { ref: header }, { i64: bodyLength }] });
  const kv = Object.entries(metadata).map(([k, v]) => ({ table: [str(k), str(v)] }));
  const schema = message(1, { table: [{ i16: 0 }, { ref: { tables: fields } }, { ref: { tables: kv } }] }, 0);
  const padded = batch.buffers.map((b) => {
    const out = new Uint8Array(Math.ceil(b.length / 8) * 8);
    out.set(b);
    return out;
  });
  const body = new Uint8Array(padded.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  const spans: bigint[][] = [];
  padded.forEach((b, i) => {
    body.set(b, offset);
    spans.push([BigInt(offset), BigInt(batch.buffers[i]!.length)]);
    offset += b.length;
  });
  const recordBatch = message(
    3,
    { table: [{ i64: batch.rows }, { ref: { structs: batch.nodes } }, { ref: { structs: spans } }] },
    body.length,
  );
  const frame = (meta: Uint8Array) => {
    const head = new DataView(new ArrayBuffer(8));
    head.setInt32(0, -1, true);
    head.setInt32(4, meta.length, true);
    return [new Uint8Array(head.buffer), meta];
  };
  const end = new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0]);
  return concatBytes(...frame(schema), ...frame(recordBatch), body, end);
}

const i32s = (...v: number[]) => new Uint8Array(new Int32Array(v).buffer);
const i64s = (...v: number[]) => new Uint8Array(new BigInt64Array(v.map(BigInt)).buffer);
const bytes = (s: string) => new TextEncoder().encode(s);

/** A split of texts with a ClassLabel (int64) and a list of int32 topic ids, the third text's label null. */
function split(texts: string[], labels: number[], topics: number[][]): Uint8Array {
  const n = texts.length;
  const ends = [0];
  for (const t of texts) ends.push(ends[ends.length - 1]! + bytes(t).length);
  const topicEnds = [0];
  for (const t of topics) topicEnds.push(topicEnds[topicEnds.length - 1]! + t.length);
  const features = {
    text: { dtype: 'string', _type: 'Value' },
    label: { names: ['negative', 'positive'], _type: 'ClassLabel' },
    topics: { feature: { names: ['sports', 'politics', 'tech'], _type: 'ClassLabel' }, _type: 'Sequence' },
  };
  const valid = new Uint8Array([n === 3 ? 0b011 : (1 << n) - 1]);
  return arrowStream(
    [utf8('text'), int('label', 64), list('topics', int('item', 32))],
    { huggingface: JSON.stringify({ info: { features } }) },
    {
      rows: n,
      nodes: [
        [BigInt(n), 0n],
        [BigInt(n), n === 3 ? 1n : 0n],
        [BigInt(n), 0n],
        [BigInt(topicEnds[n]!), 0n],
      ],
      buffers: [
        new Uint8Array(0),
        i32s(...ends),
        bytes(texts.join('')),
        valid,
        i64s(...labels),
        new Uint8Array(0),
        i32s(...topicEnds),
        new Uint8Array(0),
        i32s(...topics.flat()),
      ],
    },
  );
}

const io = createNodeFormatIO();

describe('issue 10: a Hugging Face save_to_disk folder (Arrow IPC streams)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-hf-arrow-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the reader: strings, int64 with a null, lists of int32, and the schema metadata', () => {
    const got = readArrowIpc(split(['great match', 'dull', 'née'], [1, 0, 0], [[0], [1, 2], []]), 'x.arrow');
    assert.deepEqual(got.rows, [
      { text: 'great match', label: 1, topics: [0] },
      { text: 'dull', label: 0, topics: [1, 2] },
      { text: 'née', label: null, topics: [] },
    ]);
    assert.match(got.metadata.huggingface ?? '', /ClassLabel/);
  });

  it('a save_to_disk folder: detected, each split read, ClassLabel names used, caches left out', async () => {
    const saved = `${dir}/saved`;
    await mkdir(`${saved}/train`, { recursive: true });
    await mkdir(`${saved}/test`);
    await writeFile(`${saved}/dataset_dict.json`, JSON.stringify({ splits: ['train', 'test'] }));
    await writeFile(
      `${saved}/train/data-00000-of-00001.arrow`,
      split(['great match', 'dull'], [1, 0], [[0], [1, 2]]),
    );
    await writeFile(
      `${saved}/train/cache-0a1b2c3d4e5f6789.arrow`,
      split(['cached copy', 'x'], [1, 1], [[], []]),
    );
    await writeFile(
      `${saved}/train/state.json`,
      JSON.stringify({ _data_files: [{ filename: 'data-00000-of-00001.arrow' }] }),
    );
    await writeFile(
      `${saved}/test/data-00000-of-00001.arrow`,
      split(['fine', 'meh', 'no label'], [1, 0, 0], [[2], [], []]),
    );
    const found = await detectFormat(formats, saved, io);
    assert.equal(found.format.id, 'text-jsonl');
    const got = await formatById('text-jsonl')!.read({
      path: saved,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
      textFields: { labels: ['label', 'topics'] },
    });
    assert.deepEqual(
      got.samples.map((s) => [
        s.key,
        s.split,
        s.text,
        got.annotations.filter((a) => a.sample === s.key).map((a) => a.label),
      ]),
      [
        ['train/data-00000-of-00001#1', 'train', 'great match', ['positive', 'sports']],
        ['train/data-00000-of-00001#2', 'train', 'dull', ['negative', 'politics', 'tech']],
        ['test/data-00000-of-00001#1', 'test', 'fine', ['positive', 'tech']],
        ['test/data-00000-of-00001#2', 'test', 'meh', ['negative']],
        ['test/data-00000-of-00001#3', 'test', 'no label', []],
      ],
    );
  });

  it('a cut or damaged Arrow file: a clear error naming it, with a conversion in the hint', () => {
    const whole = split(['a b'], [1], [[0]]);
    assert.throws(() => readArrowIpc(whole.subarray(0, whole.length - 40), '/data/train.arrow'), {
      code: 'INVALID_INPUT',
      message:
        /^\/data\/train\.arrow cannot be read as an Arrow IPC file: a message body at byte \d+ runs past the end of the file\.$/,
    });
    // The record batch's vector of 9 buffers said to hold 2^31 - 16 (the heap ran out before vectors were
    // checked against their message): a clear error.
    const view = new DataView(whole.buffer, whole.byteOffset, whole.byteLength);
    const batch = 8 + view.getInt32(4, true) + 8;
    const batchEnd = batch + view.getInt32(batch - 4, true);
    let found = 0;
    for (let p = batch; p + 4 <= batchEnd; p += 4) {
      if (view.getUint32(p, true) !== 9) continue;
      found++;
      const huge = whole.slice();
      new DataView(huge.buffer).setUint32(p, 0x7ffffff0, true);
      assert.throws(() => readArrowIpc(huge, 'v.arrow'), { code: 'INVALID_INPUT' });
    }
    assert.ok(found > 0);
    // Seeded mutations: each reads, or is an INVALID_INPUT naming the file.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let k = 0; k < 300; k++) {
      const mutated = whole.slice();
      for (let j = 0; j < 1 + (next() % 6); j++) mutated[next() % mutated.length] = next() % 256;
      try {
        readArrowIpc(mutated, 'm.arrow');
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'INVALID_INPUT', String(error));
      }
    }
  });
});
