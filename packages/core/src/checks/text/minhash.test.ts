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
    // 64 hashes: the estimate's standard error is sqrt(J(1 - J) / 64) ≈ 0.05 here.
    assert.ok(Math.abs(pairs[0]!.similarity - exact) < 0.15, `${pairs[0]!.similarity} vs ${exact}`);
  });

  it('is seeded: the same seed gives the same signatures, another seed others', () => {
    const a = minHashSignatures(texts, { seed: 7 });
    assert.ok(a instanceof Uint16Array);
    assert.equal(a.length, texts.length * 64);
    assert.deepEqual(minHashSignatures(texts, { seed: 7 }), a);
    assert.notDeepEqual(minHashSignatures(texts, { seed: 8 }), a);
  });

  it('a cluster of many copies costs linear time: each copy is reported once, against an earlier one', () => {
    const many = Array.from({ length: 20000 }, (_, i) => `${base} ${i % 2 === 0 ? 'please' : 'thanks'}`);
    many.push('something else entirely, about currency exchange rates today');
    const started = performance.now();
    const pairs = nearDuplicatePairs(many);
    // Every copy but the first is paired (all 20,000 are within Jaccard 0.8 of each other), each once.
    assert.equal(pairs.length, 19999);
    assert.equal(new Set(pairs.map((p) => p.b)).size, 19999);
    assert.ok(pairs.every((p) => p.a < p.b && p.b < 20000));
    assert.ok(performance.now() - started < 10000, 'quadratic pairing would take minutes');
  });
});
