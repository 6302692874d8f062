import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fixed6 } from './fixed6.js';

// The reference is the engine's own Number.prototype.toFixed(6): exact decimal rounding of the double,
// ties to the larger n (ECMA-262). A mismatch is reported with its value.
function same(values: Iterable<number>): number {
  let n = 0;
  for (const v of values) {
    if (fixed6(v) !== v.toFixed(6)) assert.equal(fixed6(v), v.toFixed(6), `value ${v}`);
    n++;
  }
  return n;
}

/** The doubles on either side of v (and v). */
function around(v: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const at = (b: bigint) => {
    view.setBigUint64(0, b);
    return view.getFloat64(0);
  };
  return v > 0 ? [at(bits - 1n), v, at(bits + 1n)] : [v, at(bits + 1n)];
}

it('writes v.toFixed(6) on exact ties (odd multiples of 1/128 have 7 decimals ending in 5)', () => {
  const ties = Array.from({ length: 128 * 40 }, (_, j) => j / 128);
  assert.equal((1 / 128).toFixed(6), '0.007813'); // 0.0078125 exactly: the larger n
  assert.equal(same(ties.flatMap(around)), 15359);
});

it('writes v.toFixed(6) next to every rounding boundary of [0, 2) (each midpoint and its neighbours)', () => {
  const values: number[] = [];
  for (let k = 0; k < 2_000_000; k += 7) values.push(...around((k + 0.5) / 1e6), ...around(k / 1e6));
  same(values);
});

it('writes v.toFixed(6) on normalised coordinates, random values and the edges of its fast range', () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values: number[] = [0, -0, 1, 5e-324, 1e-7, 4.9999995e-7, 2147.483647, 2147.4836475, 2147.48365];
  values.push(1e21, -0.5, -1e-9, -1, Number.NaN, Number.POSITIVE_INFINITY);
  // Pixel coordinates of two decimals over image sides, as a YOLO export divides them.
  for (const side of [640, 480, 333, 1920, 1080, 4000])
    for (let i = 0; i < 20_000; i++) values.push(Math.round(next() * side * 100) / 100 / side);
  for (let i = 0; i < 200_000; i++) values.push(next(), next() * 2000, next() * 1e-3);
  same(values);
});
