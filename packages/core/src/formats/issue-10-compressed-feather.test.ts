/**
 * Issue 10 (Arrow files with compressed bodies): pandas `to_feather` (pyarrow's Feather v2) compresses
 * record batches with LZ4_FRAME by default, ZSTD on request; each buffer is its uncompressed length
 * (int64, -1: stored as is) and the codec's bytes (Arrow's Message.fbs BodyCompression). On main such a
 * file was "its record batches are compressed (LZ4 or ZSTD)", and a `.feather` text set was not detected
 * at all. LZ4 frames are made here by a small greedy encoder written from the LZ4 block and frame
 * descriptions; the ZSTD bytes are one compressed block made by the zstd 1.5 command-line tool (`zstd -19`)
 * of the sentence below. A pandas categorical column is dictionary-encoded (a DictionaryBatch of its
 * categories before the record batch, int8 codes in it): refused on main ("dictionary-encoded, which Assay
 * does not read").
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { concatBytes } from '../arrays/concat-bytes.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { arrowStream, int, utf8 } from '../test-kit/arrow-stream.js';
import { readArrowIpc } from './arrow-ipc.js';
import { arrowDecompress } from './arrow-ipc-codecs.js';
import { emptyLookup } from './conformance.js';
import { detectFormat } from './detect-format.js';
import { formats } from './index.js';
import { lz4FrameDecode } from './lz4-frame.js';
import { toPosix } from './paths.js';
import { textJsonl } from './text-jsonl/text-jsonl-format.js';

const SENTENCE =
  'the cat sat on the mat; the cat sat on the mat; the cat sat on the mat and the dog sat on the log';
const SENTENCE_ZSTD =
  '28b52ffd246155010072c2070cd03dea8a20231ca85090d502a5573a26bb27c386079aec4ef563fd10933d02003eb9c46bce31f31f9679';
const hex = (h: string) => new Uint8Array(h.match(/../g)!.map((b) => Number.parseInt(b, 16)));

/** An LZ4 block of `src`: greedy matches of 4 bytes or more, the last 5 bytes literals (the block format's rule). */
function lz4Block(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  const seen = new Map<number, number>();
  const length = (n: number) => {
    for (; n >= 255; n -= 255) out.push(255);
    out.push(n);
  };
  const sequence = (from: number, to: number, offset: number, match: number) => {
    const lit = to - from;
    out.push((Math.min(lit, 15) << 4) | (match > 0 ? Math.min(match - 4, 15) : 0));
    if (lit >= 15) length(lit - 15);
    out.push(...src.subarray(from, to));
    if (match === 0) return;
    out.push(offset & 255, offset >> 8);
    if (match - 4 >= 15) length(match - 4 - 15);
  };
  let anchor = 0;
  let i = 0;
  while (i < src.length - 12) {
    const key = src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24);
    const at = seen.get(key);
    seen.set(key, i);
    if (at === undefined || i - at > 65535) {
      i++;
      continue;
    }
    let m = 4;
    while (i + m < src.length - 5 && src[at + m] === src[i + m]) m++;
    sequence(anchor, i, i - at, m);
    i += m;
    anchor = i;
  }
  sequence(anchor, src.length, 0, 0);
  return Uint8Array.from(out);
}

/** An LZ4 frame (version 01, independent blocks, 64 KiB) of `src`: blocks compressed, or stored when that is shorter. */
function lz4Frame(src: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82])];
  for (let at = 0; at < src.length; at += 65536) {
    const raw = src.subarray(at, at + 65536);
    const block = lz4Block(raw);
    const stored = block.length >= raw.length;
    const size = new Uint8Array(
      new Uint32Array([(stored ? raw.length : block.length) | (stored ? 0x80000000 : 0)]).buffer,
    );
    parts.push(size, stored ? raw : block);
  }
  parts.push(new Uint8Array(4));
  return concatBytes(...parts);
}

const i32s = (...v: number[]) => new Uint8Array(new Int32Array(v).buffer);
const i64s = (...v: number[]) => new Uint8Array(new BigInt64Array(v.map(BigInt)).buffer);
const utf8Bytes = (s: string) => new TextEncoder().encode(s);

/** A text set of `texts` and int64 `labels`, its buffers compressed by `encode` under `codec`. */
function textSet(
  texts: string[],
  labels: number[],
  codec: number,
  encode: (b: Uint8Array) => Uint8Array | undefined,
): Uint8Array {
  const ends = [0];
  for (const t of texts) ends.push(ends[ends.length - 1]! + utf8Bytes(t).length);
  const n = BigInt(texts.length);
  return arrowStream(
    [utf8('text'), int('label', 64)],
    {},
    {
      rows: texts.length,
      nodes: [
        [n, 0n],
        [n, 0n],
      ],
      buffers: [
        new Uint8Array(0),
        i32s(...ends),
        utf8Bytes(texts.join('')),
        new Uint8Array(0),
        i64s(...labels),
      ],
    },
    { codec, encode },
  );
}

/** The Feather v2 (Arrow file) form of a stream: magic, the stream, a footer's length and the magic again. */
const feather = (stream: Uint8Array) =>
  concatBytes(utf8Bytes('ARROW1\0\0'), stream, i32s(0), utf8Bytes('ARROW1'));

const io = createNodeFormatIO();
const TEXTS = [SENTENCE, 'a dull, dull, dull, dull, dull, dull film', 'née'];

describe('issue 10: Feather/Arrow files with LZ4_FRAME or ZSTD bodies', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-feather-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('LZ4 frames decode (matches, overlapping copies, stored blocks, several blocks)', () => {
    const long = utf8Bytes(`${'abcabcabcabcabcabc'.repeat(5000)}${SENTENCE}`);
    for (const src of [utf8Bytes(SENTENCE), long, new Uint8Array(70000).fill(7), utf8Bytes('short')])
      assert.deepEqual(lz4FrameDecode(lz4Frame(src), src.length), src);
    assert.throws(() => lz4FrameDecode(lz4Frame(long), long.length - 1), RangeError);
    assert.throws(() => lz4FrameDecode(utf8Bytes('not a frame'), 3), /not an LZ4 frame/);
  });

  it('a pandas-style Feather text set, LZ4 (pyarrow default): found by import auto, its rows read', async () => {
    const path = `${dir}/train.feather`;
    await writeFile(path, feather(textSet(TEXTS, [1, 0, 0], 0, lz4Frame)));
    const detected = await detectFormat(formats, path, io);
    assert.equal(detected.format.id, 'text-jsonl');
    const got = await textJsonl.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      got.samples.map((s) => s.text),
      TEXTS,
    );
    assert.deepEqual(
      got.annotations.map((a) => a.label),
      ['1', '0', '0'],
    );
  });

  it('ZSTD bodies and buffers stored as is (-1) read; without the codecs, an unknown codec, or damage: INVALID_INPUT', () => {
    const sentence = utf8Bytes(SENTENCE);
    const zstd = (b: Uint8Array) =>
      b.length === sentence.length && b.every((x, i) => x === sentence[i]) ? hex(SENTENCE_ZSTD) : undefined;
    const stream = textSet([SENTENCE], [3], 1, zstd);
    assert.deepEqual(readArrowIpc(stream, 'z.arrow', { decompress: arrowDecompress }).rows, [
      { text: SENTENCE, label: 3 },
    ]);
    assert.throws(() => readArrowIpc(stream, 'z.arrow'), /its record batches are compressed \(ZSTD\)/);
    const other = textSet(['x'], [0], 2, () => undefined);
    assert.throws(
      () => readArrowIpc(other, 'o.arrow', { decompress: arrowDecompress }),
      /compressed with codec 2, which Assay does not read/,
    );
    const bad = textSet(TEXTS, [0, 1, 1], 0, (b) => lz4Frame(b).subarray(0, -6));
    assert.throws(() => readArrowIpc(bad, 'b.arrow', { decompress: arrowDecompress }), {
      code: 'INVALID_INPUT',
      message: /^b\.arrow cannot be read as an Arrow IPC file: a LZ4_FRAME buffer does not decompress/,
    });
  });

  it('a categorical column (dictionary-encoded, int8 codes, a null), LZ4: read as its categories', () => {
    const n = 3n;
    const ends = [0, 4, 8, 12];
    const stream = arrowStream(
      [utf8('text'), utf8('label', { id: 7, bits: 8 })],
      {},
      {
        rows: 3,
        nodes: [
          [n, 0n],
          [n, 1n],
        ],
        buffers: [
          new Uint8Array(0),
          i32s(...ends),
          utf8Bytes('goodbad née'),
          new Uint8Array([0b011]),
          new Uint8Array([1, 0, 0]),
        ],
      },
      { codec: 0, encode: lz4Frame },
      [
        {
          id: 7,
          batch: {
            rows: 2,
            nodes: [[2n, 0n]],
            buffers: [new Uint8Array(0), i32s(0, 3, 6), utf8Bytes('negpos')],
          },
        },
      ],
    );
    assert.deepEqual(readArrowIpc(stream, 'cat.feather', { decompress: arrowDecompress }).rows, [
      { text: 'good', label: 'pos' },
      { text: 'bad ', label: 'neg' },
      { text: 'née', label: null },
    ]);
  });

  it('seeded mutations of compressed streams read, or are INVALID_INPUT', () => {
    const streams = [
      textSet(TEXTS, [1, 0, 0], 0, lz4Frame),
      textSet([SENTENCE], [3], 1, (b) => (b.length === SENTENCE.length ? hex(SENTENCE_ZSTD) : undefined)),
    ];
    let seed = 5;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let k = 0; k < 400; k++) {
      const mutated = streams[k % 2]!.slice();
      for (let j = 0; j < 1 + (next() % 4); j++) mutated[next() % mutated.length] = next() % 256;
      try {
        readArrowIpc(mutated, 'm.arrow', { decompress: arrowDecompress });
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'INVALID_INPUT', String(error));
      }
    }
  });
});
