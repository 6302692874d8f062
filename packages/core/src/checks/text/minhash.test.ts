import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minHashSignatures, nearDuplicatePairs } from './minhash.js';

function jaccard(a: string, b: string, k = 5): number {
  const set = (t: string) =>
    new Set(Array.from({ length: Math.max(1, t.length - k + 1) }, (_, i) => t.slice(i, i + k)));
  const [x, y] = [set(a), set(b)];
  let both = 0;
  for (const s of x) if (y.has(s)) both++;
  return both / (x.size + y.size - both);
}

const base =
  'i would like to know why my card payment was declined at the supermarket yesterday evening, it worked before';
const texts = [
  base,
  'how do i change the pin of my new card',
  base.replace('yesterday', 'last'),
  'what are the fees for an international transfer to another bank',
  '',
];

describe('MinHash near duplicates', () => {
  it('finds the edited copy, with an estimate close to the exact Jaccard similarity, and nothing else', () => {
    const pairs = nearDuplicatePairs(texts, { threshold: 0.7 });
    assert.deepEqual(
      pairs.map((p) => [p.a, p.b]),
      [[0, 2]],
    );
    const exact = jaccard(texts[0]!, texts[2]!);
    // 128 hashes: the estimate's standard error is sqrt(J(1 - J) / 128) ≈ 0.03 here.
    assert.ok(Math.abs(pairs[0]!.similarity - exact) < 0.12, `${pairs[0]!.similarity} vs ${exact}`);
  });

  it('is seeded: the same seed gives the same signatures, another seed others', () => {
    const a = minHashSignatures(texts, { seed: 7 });
    assert.ok(a instanceof Uint32Array);
    assert.equal(a.length, texts.length * 128);
    assert.deepEqual(minHashSignatures(texts, { seed: 7 }), a);
    assert.notDeepEqual(minHashSignatures(texts, { seed: 8 }), a);
  });
});
