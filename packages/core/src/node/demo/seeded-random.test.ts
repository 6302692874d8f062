import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from './seeded-random.js';

const take = (seed: number, n: number) => {
  const r = createSeededRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createSeededRandom', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    assert.deepEqual(take(7, 50), take(7, 50));
    assert.notDeepEqual(take(7, 50), take(8, 50));
  });

  it('stays in range and covers it', () => {
    const r = createSeededRandom(1);
    const ints = Array.from({ length: 2000 }, () => r.int(2, 5));
    assert.ok(ints.every((v) => v >= 2 && v <= 5 && Number.isInteger(v)));
    assert.deepEqual([...new Set(ints)].sort(), [2, 3, 4, 5]);
    const floats = Array.from({ length: 2000 }, () => r.next());
    assert.ok(floats.every((v) => v >= 0 && v < 1));
    const mean = floats.reduce((a, b) => a + b, 0) / floats.length;
    assert.ok(Math.abs(mean - 0.5) < 0.03, `mean ${mean}`);
  });

  it('forks depend only on seed and label, not on what was drawn before', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    b.next();
    b.next();
    assert.equal(a.fork('scene-3').next(), b.fork('scene-3').next());
    assert.notEqual(a.fork('scene-3').next(), a.fork('scene-4').next());
  });

  it('fill gives the values next() would, and the stream goes on after them', () => {
    const a = createSeededRandom(19);
    const b = createSeededRandom(19);
    a.next();
    b.next();
    const filled = new Float64Array(1000);
    a.fill(filled);
    assert.deepEqual(
      [...filled],
      Array.from({ length: 1000 }, () => b.next()),
    );
    assert.equal(a.next(), b.next());
    assert.equal(a.int(0, 1e9), b.int(0, 1e9));
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = Array.from({ length: 30 }, (_, i) => i);
    const out = createSeededRandom(3).shuffle(input);
    assert.deepEqual(
      [...out].sort((x, y) => x - y),
      input,
    );
    assert.notDeepEqual(out, input);
  });

  it('draws normals with mean about 0 and deviation about 1', () => {
    const r = createSeededRandom(11);
    const xs = Array.from({ length: 5000 }, () => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean) < 0.05 && Math.abs(sd - 1) < 0.05, `mean ${mean} sd ${sd}`);
  });
});
