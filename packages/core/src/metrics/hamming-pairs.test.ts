import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 as random } from '../random/mulberry32.js';
import { flipMasks, hamming64, hammingPairs, hashWords, popcount32 } from './hamming-pairs.js';

/** n random hashes, a third of them copies of an earlier one with 0..12 random bits flipped. */
function hashes(n: number, seed: number): { hi: Uint32Array; lo: Uint32Array } {
  const next = random(seed);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && next() < 0.33) {
      const from = Math.floor(next() * i);
      hi[i] = hi[from]!;
      lo[i] = lo[from]!;
      const flips = Math.floor(next() * 13);
      for (let f = 0; f < flips; f++) {
        const bit = Math.floor(next() * 64);
        if (bit < 32) hi[i] = (hi[i]! ^ (1 << bit)) >>> 0;
        else lo[i] = (lo[i]! ^ (1 << (bit - 32))) >>> 0;
      }
    } else {
      hi[i] = Math.floor(next() * 2 ** 32);
      lo[i] = Math.floor(next() * 2 ** 32);
    }
  }
  return { hi, lo };
}

function bruteForce(hi: Uint32Array, lo: Uint32Array, radius: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < hi.length; i++) {
    for (let j = i + 1; j < hi.length; j++) {
      const d = hamming64(hi[i]!, lo[i]!, hi[j]!, lo[j]!);
      if (d <= radius) out.push(`${i}:${j}:${d}`);
    }
  }
  return out.sort();
}

function indexed(hi: Uint32Array, lo: Uint32Array, radius: number, bands?: number): string[] {
  const r = hammingPairs(hi, lo, radius, bands === undefined ? {} : { bands });
  return Array.from({ length: r.count }, (_, k) => `${r.a[k]}:${r.b[k]}:${r.d[k]}`).sort();
}

describe('hammingPairs', () => {
  it('returns exactly the pairs brute force finds, for every band count and radius', () => {
    const { hi, lo } = hashes(1000, 7);
    for (const radius of [0, 3, 6, 10, 12]) {
      const expected = bruteForce(hi, lo, radius);
      assert.ok(expected.length > 0 || radius === 0);
      for (const bands of [undefined, 3, 4, 5, 8]) {
        assert.deepEqual(
          indexed(hi, lo, radius, bands),
          expected,
          `radius ${radius}, bands ${bands ?? 'auto'}`,
        );
      }
    }
  });

  it('compares far fewer than all pairs on spread-out hashes', () => {
    const { hi, lo } = hashes(20_000, 11);
    const r = hammingPairs(hi, lo, 8);
    // each pair can be verified from both ends, so compare with n(n−1), not n(n−1)/2
    assert.ok(r.comparisons < (20_000 * 19_999) / 40, `${r.comparisons} comparisons`);
  });

  it('handles duplicates and an empty input', () => {
    const hi = Uint32Array.from([5, 5, 5]);
    const lo = Uint32Array.from([9, 9, 9]);
    assert.deepEqual(indexed(hi, lo, 0), ['0:1:0', '0:2:0', '1:2:0']);
    assert.equal(hammingPairs(new Uint32Array(0), new Uint32Array(0), 4).count, 0);
  });
});

describe('bit helpers', () => {
  it('popcount32 and hashWords', () => {
    assert.equal(popcount32(0xffffffff), 32);
    assert.equal(popcount32(0x80000001), 2);
    assert.equal(popcount32(0), 0);
    assert.deepEqual(hashWords(0x0123456789abcdefn), [0x01234567, 0x89abcdef]);
  });

  it('flipMasks lists every mask of at most k bits: sum of C(n, i) for i ≤ k', () => {
    const masks = flipMasks(10, 2);
    assert.equal(masks.length, 1 + 10 + 45);
    assert.equal(new Set(masks).size, masks.length);
  });
});
