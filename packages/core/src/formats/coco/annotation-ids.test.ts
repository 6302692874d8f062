/**
 * AnnotationIds finds the same repeats as the Map from id to first index that InstancesReader kept
 * before (issue 12: that Map grew with every annotation of a file): seeded id sequences with repeats,
 * out-of-order runs, -0, NaN, strings equal to numbers as text, and records without an id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { AnnotationIds, type RepeatedIds } from './annotation-ids.js';

/** The former way, kept here as the reference. */
function withMap(ids: readonly unknown[]): RepeatedIds {
  const firstById = new Map<unknown, number>();
  const first: RepeatedIds['first'] = [];
  let count = 0;
  ids.forEach((id, index) => {
    if (typeof id !== 'number' && typeof id !== 'string') return;
    const seen = firstById.get(id);
    if (seen === undefined) firstById.set(id, index);
    else {
      count++;
      if (first.length < 3) first.push({ id, first: seen, index });
    }
  });
  return { count, first };
}

function withIds(ids: readonly unknown[]): RepeatedIds {
  const found = new AnnotationIds();
  for (const [index, id] of ids.entries()) found.add(id, index);
  return found.repeats();
}

function sequence(seed: number, n: number): unknown[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: unknown[] = [];
  let next = 1;
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.7) out.push(next++);
    else if (r < 0.8)
      out.push(Math.floor(random() * next) + 1); // often a repeat
    else if (r < 0.85) out.push(String(Math.floor(random() * 20)));
    else if (r < 0.9) out.push(pick([undefined, null, true, { id: 1 }]));
    else out.push(pick([0, -0, Number.NaN, 1.5, -3, 2 ** 40, 1e9 + 1]));
  }
  return out;
}

describe('AnnotationIds', () => {
  it('finds no repeat in increasing ids, ids past 2^30 and gaps included', () => {
    const ids = [1, 2, 5, 1e9 + 1, 1e9 + 2, 2 ** 40];
    assert.deepEqual(withIds(ids), { count: 0, first: [] });
  });

  it('names the first three repeats in file order, numbers and strings together', () => {
    const ids = [5, 6, '5', 5, 7, '5', 6, 5, 6];
    const expected = withMap(ids);
    assert.equal(expected.count, 5);
    assert.deepEqual(withIds(ids), expected);
  });

  it('treats -0 as 0 and NaN as NaN, as a Map does', () => {
    const ids = [0, Number.NaN, 3, -0, Number.NaN, 2];
    assert.deepEqual(withIds(ids), withMap(ids));
    assert.equal(withIds(ids).count, 2);
  });

  it('agrees with the Map on 200 seeded sequences, across blocks of 65,536 ids', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const ids = sequence(seed, seed % 50 === 0 ? 70_000 : 1 + (seed % 97) * 3);
      assert.deepEqual(withIds(ids), withMap(ids), `seed ${seed}`);
    }
  });
});
