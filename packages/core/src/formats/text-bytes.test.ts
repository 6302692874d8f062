import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TextBytes } from './text-bytes.js';

const decoder = new TextDecoder();
/** What one writer call puts in a fresh (small, so growing) buffer, as text. */
function written(write: (out: TextBytes) => void): string {
  const out = new TextBytes(4);
  write(out);
  return decoder.decode(out.bytes());
}

it('writes numbers as String, JSON.stringify and toFixed(6) do', () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ints = [0, 9, 10, 99, 100, 1234567, 2 ** 31, 2 ** 53 - 1, 2 ** 53, -1, -0, 1e21];
  for (const n of ints)
    assert.equal(
      written((o) => o.int(n)),
      String(n),
      String(n),
    );
  const numbers = [0, -0, 0.1, 0.29, 1.005, 123.45, 0.07, 1e-7, 5e-324, 1e21, -1.25, Number.NaN, 1 / 0];
  for (let i = 0; i < 50_000; i++) numbers.push(Math.round(next() * 6_400_000) / 100, next() * 1000);
  for (const v of numbers) {
    assert.equal(
      written((o) => o.jsonNumber(v)),
      JSON.stringify(v),
      String(v),
    );
    assert.equal(
      written((o) => o.fixed6(v)),
      v.toFixed(6),
      String(v),
    );
  }
});

it('appends text as UTF-8 and keeps what was written when it grows', () => {
  const out = new TextBytes(2);
  out.text('ünïcödé ✓ ');
  out.raw(new TextEncoder().encode('{"a":'));
  out.uint(42);
  out.byte(125);
  assert.equal(decoder.decode(out.bytes()), 'ünïcödé ✓ {"a":42}');
  out.clear();
  out.uint(7);
  assert.equal(decoder.decode(out.bytes()), '7');
});
