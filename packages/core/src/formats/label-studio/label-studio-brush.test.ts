/**
 * Label Studio brush masks: the editor stores a brush region as `value.rle`, the RGBA pixels of the image
 * packed by thi.ng's rle-pack (the packing label-studio-converter's brush.py documents: 32-bit value
 * count, 5-bit word size − 1, four 4-bit run-length sizes − 1, then runs of 1 repeat bit, 2 size bits,
 * the length − 1 and the value(s)). The mask is the alpha channel > 0, as brush.py reads it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rleCounts } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { decodeLsRle, lsBrushMask } from './label-studio-brush.js';
import { labelStudio } from './label-studio-format.js';

/** Bits (a string of 0/1, padded with 0s to whole bytes) as the byte list Label Studio stores. */
function bytesOf(bits: string): number[] {
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 8) out.push(Number.parseInt(padded.slice(i, i + 8), 2));
  return out;
}
const bin = (n: number, width: number) => n.toString(2).padStart(width, '0');

/**
 * An encoder written from the format's description (word size 8, run-length sizes 3, 4, 8, 16): runs
 * of ≥ 2 equal values as repeats, single values as literals of one.
 */
function encode(values: number[]): number[] {
  const sizes = [3, 4, 8, 16];
  let bits = bin(values.length, 32) + bin(7, 5) + sizes.map((s) => bin(s - 1, 4)).join('');
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    let left = j - i;
    while (left > 0) {
      const n = Math.min(left, 2 ** 16);
      const which = sizes.findIndex((s) => n - 1 < 2 ** s);
      bits += (n === 1 ? '0' : '1') + bin(which, 2) + bin(n - 1, sizes[which]!) + bin(values[i]!, 8);
      left -= n;
    }
    i = j;
  }
  return bytesOf(bits);
}

describe('Label Studio brush masks (rle-pack)', () => {
  it('decodes a hand-packed 2×1 RGBA image: repeat 3 × 0, literal 255, repeat 4 × 0', () => {
    const header = bin(8, 32) + bin(7, 5) + [2, 3, 7, 15].map((s) => bin(s, 4)).join('');
    const runs =
      `1${'00'}${bin(2, 3)}${bin(0, 8)}` +
      `0${'00'}${bin(0, 3)}${bin(255, 8)}` +
      `1${'00'}${bin(3, 3)}${bin(0, 8)}`;
    const decoded = decodeLsRle(bytesOf(header + runs));
    assert.ok('values' in decoded);
    assert.deepEqual([...decoded.values], [0, 0, 0, 255, 0, 0, 0, 0]);
    // Pixel (0, 0) has alpha 255, pixel (1, 0) none: column-major COCO counts 0 off, 1 on, 1 off.
    const mask = lsBrushMask(bytesOf(header + runs), 2, 1);
    assert.ok(!('refused' in mask));
    assert.deepEqual(rleCounts(mask), [0, 1, 1]);
  });

  it('a seeded 13×7 mask round-trips through the encoder: alpha > 0 is the mask, column-major', () => {
    const [W, H] = [13, 7];
    let seed = 7;
    const on: boolean[] = [];
    for (let p = 0; p < W * H; p++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      on.push(seed % 3 === 0 || (p > 30 && p < 60));
    }
    const rgba = on.flatMap((o) => [o ? 255 : 0, 0, 0, o ? 128 : 0]);
    const mask = lsBrushMask(encode(rgba), W, H);
    assert.ok(!('refused' in mask));
    const expected: number[] = [];
    let [current, run] = [false, 0];
    for (let x = 0; x < W; x++)
      for (let y = 0; y < H; y++) {
        const v = on[y * W + x]!;
        if (v === current) run++;
        else {
          expected.push(run);
          [current, run] = [v, 1];
        }
      }
    expected.push(run);
    assert.deepEqual(rleCounts(mask), expected);
  });

  it('truncated bytes, non-bytes and a wrong size are refused with the reason', () => {
    const good = encode([0, 0, 0, 255]);
    assert.match(JSON.stringify(decodeLsRle(good.slice(0, 3))), /ends inside its header/);
    assert.match(JSON.stringify(decodeLsRle(good.slice(0, good.length - 1))), /ends after/);
    assert.match(JSON.stringify(decodeLsRle([1, 'x'])), /not a list of bytes/);
    assert.match(JSON.stringify(lsBrushMask(good, 2, 2)), /holds 4 values, not 16/);
    // A header asking for 2^32 − 1 values is refused before anything is allocated.
    assert.match(
      JSON.stringify(decodeLsRle(bytesOf('1'.repeat(32) + bin(7, 5) + '0'.repeat(16)))),
      /more than an image/,
    );
  });

  it('a brushlabels result of a Label Studio JSON export becomes a mask annotation with its box and area', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-brush-')));
    try {
      const [W, H] = [4, 3];
      // Pixels (1, 0), (2, 0) and (2, 1) painted.
      const painted = new Set([1, 2, 6]);
      const rgba = Array.from({ length: W * H }, (_, p) =>
        painted.has(p) ? [0, 255, 0, 255] : [0, 0, 0, 0],
      ).flat();
      const task = {
        id: 1,
        data: { image: '/data/upload/1/a.png' },
        annotations: [
          {
            id: 1,
            result: [
              {
                id: 'b1',
                type: 'brushlabels',
                from_name: 'tag',
                to_name: 'image',
                original_width: W,
                original_height: H,
                image_rotation: 0,
                value: { format: 'rle', rle: encode(rgba), brushlabels: ['road'] },
              },
            ],
          },
        ],
      };
      await writeFile(`${dir}/export.json`, JSON.stringify([task]));
      const r = await labelStudio.read({
        path: `${dir}/export.json`,
        source: 'ground_truth',
        io: createNodeFormatIO(),
        lookup: emptyLookup,
      });
      // The image itself is not there (a warning says so); the brush result is read without a problem.
      assert.deepEqual(
        r.problems.filter((p) => p.severity === 'error'),
        [],
      );
      assert.equal(r.annotations.length, 1);
      const a = r.annotations[0]!;
      assert.deepEqual([a.kind, a.label, a.area, a.bbox], ['mask', 'road', 3, [1, 0, 2, 2]]);
      // Columns: x=0 none; x=1 (1,0); x=2 (2,0),(2,1); x=3 none → counts 3 off, 1 on, 2 off, 2 on, 4 off.
      assert.deepEqual(rleCounts(a.mask!), [3, 1, 2, 2, 4]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
