import assert from 'node:assert/strict';
import { it } from 'node:test';
import { jsonNumber } from './json-number.js';

it('writes every number as JSON.stringify does', () => {
  // Edge cases of both paths, then values of two decimals and of any precision (seeded LCG).
  const values = [
    0,
    -0,
    0.1,
    0.29,
    1.005,
    7,
    100,
    123.45,
    123.4,
    0.01,
    0.09,
    1e-7,
    5e-324,
    1e21,
    2 ** 53 + 2,
  ];
  values.push(9999999999999.99, 10000000000000.01, -1.25, Number.NaN, Number.POSITIVE_INFINITY);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 200_000; i++) {
    values.push(Math.round(next() * 6_400_000) / 100, next() * 1000, Math.round(next() * 1e6) / 1000);
  }
  for (const v of values) assert.equal(jsonNumber(v), JSON.stringify(v), String(v));
});
