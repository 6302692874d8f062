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
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { arrowStream, int, list, utf8 } from '../test-kit/arrow-stream.js';
import { readArrowIpc } from './arrow-ipc.js';
import { emptyLookup } from './conformance.js';
import { detectFormat } from './detect-format.js';
import { formatById, formats } from './index.js';
import { toPosix } from './paths.js';

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
