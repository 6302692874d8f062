/**
 * Near-duplicate search over one million 64-bit hashes: hammingPairs (multi-index hashing) against
 * brute force on a subset (timed, then scaled by the pair count ratio), in one run. The hashes are
 * random (mulberry32, seeded) with 1% planted copies that differ in 0..radius bits, so the expected
 * pairs are known. Then findNearDuplicates (six views × pHash + dHash per image) on 100k images.
 *
 *   node --import tsx --conditions=source bench/near-dup.bench.ts [--n 1000000] [--radius 4]
 */
import { parseArgs } from 'node:util';
import { hamming64, hammingPairs } from '../packages/core/src/metrics/hamming-pairs.js';
import { findNearDuplicates } from '../packages/core/src/metrics/near-duplicates.js';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

function hashes(
  n: number,
  radius: number,
  seed: number,
): { hi: Uint32Array; lo: Uint32Array; planted: number } {
  const float = mulberry32(seed);
  const next = () => (float() * 4294967296) >>> 0;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  let planted = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && next() % 100 === 0) {
      const from = next() % i;
      hi[i] = hi[from]!;
      lo[i] = lo[from]!;
      for (let f = next() % (radius + 1); f > 0; f--) {
        const bit = next() % 64;
        if (bit < 32) hi[i] = (hi[i]! ^ (1 << bit)) >>> 0;
        else lo[i] = (lo[i]! ^ (1 << (bit - 32))) >>> 0;
      }
      planted++;
    } else {
      hi[i] = next();
      lo[i] = next();
    }
  }
  return { hi, lo, planted };
}

function bruteForce(hi: Uint32Array, lo: Uint32Array, radius: number): number {
  let pairs = 0;
  for (let i = 0; i < hi.length; i++) {
    const a = hi[i]!;
    const b = lo[i]!;
    for (let j = i + 1; j < hi.length; j++) if (hamming64(a, b, hi[j]!, lo[j]!) <= radius) pairs++;
  }
  return pairs;
}

const { values } = parseArgs({
  options: { n: { type: 'string' }, radius: { type: 'string' }, subset: { type: 'string' } },
});
const n = Number(values.n ?? 1_000_000);
const radius = Number(values.radius ?? 4);
const subset = Number(values.subset ?? 20_000);
const { hi, lo, planted } = hashes(n, radius, 42);
let t = performance.now();
const found = hammingPairs(hi, lo, radius);
const indexMs = performance.now() - t;
console.log(
  `hammingPairs: ${n.toLocaleString('en-US')} hashes, radius ${radius}: ${(indexMs / 1000).toFixed(2)} s, ${found.count} pairs (${planted} planted), ${found.comparisons.toLocaleString('en-US')} full comparisons`,
);
t = performance.now();
const brute = bruteForce(hi.subarray(0, subset), lo.subarray(0, subset), radius);
const bruteMs = performance.now() - t;
const scale = (n * (n - 1)) / (subset * (subset - 1));
console.log(
  `brute force on the first ${subset.toLocaleString('en-US')}: ${(bruteMs / 1000).toFixed(2)} s, ${brute} pairs; scaled to ${n.toLocaleString('en-US')}: ~${((bruteMs * scale) / 1000).toFixed(0)} s`,
);
console.log(`ratio brute force (scaled) / index: ${((bruteMs * scale) / indexMs).toFixed(0)}×`);

const images = Number(process.env.NEAR_DUP_IMAGES ?? 100_000);
const float7 = mulberry32(7);
const next = () => (float7() * 4294967296) >>> 0;
const word = () => (BigInt(next()) << 32n) | BigInt(next());
const items = Array.from({ length: images }, () => ({
  phash: word(),
  dhash: word(),
  viewPhashes: Array.from({ length: 5 }, word),
  viewDhashes: Array.from({ length: 5 }, word),
}));
for (let i = 1; i < images; i += 100) items[i] = { ...items[i - 1]!, dhash: items[i - 1]!.dhash ^ 0b1011n };
t = performance.now();
const pairs = findNearDuplicates(items);
console.log(
  `findNearDuplicates: ${images.toLocaleString('en-US')} images × 6 views × 2 hashes: ${((performance.now() - t) / 1000).toFixed(2)} s, ${pairs.length} pairs (${Math.ceil((images - 1) / 100)} planted)`,
);
