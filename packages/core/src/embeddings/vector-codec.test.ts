import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../random/mulberry32.js';
import { fromFloat16Bits, toFloat16Bits, vecDecodeInto, vecEncode } from './vector-codec.js';

describe('vector codec', () => {
  it('round-trips binary16 values exactly and rounds to nearest', () => {
    // IEEE 754 binary16 reference values (Wikipedia, "Half-precision floating-point format")
    assert.equal(toFloat16Bits(1), 0x3c00);
    assert.equal(toFloat16Bits(-2), 0xc000);
    assert.equal(toFloat16Bits(65504), 0x7bff);
    assert.equal(toFloat16Bits(1e6), 0x7c00);
    assert.equal(toFloat16Bits(2 ** -24), 0x0001);
    assert.equal(toFloat16Bits(1 / 3), 0x3555);
    assert.equal(fromFloat16Bits(0x3555), 0.333251953125);
    for (let bits = 0; bits < 0x7c00; bits += 7) assert.equal(toFloat16Bits(fromFloat16Bits(bits)), bits);
  });

  it('keeps cosine similarity within 1e-3 (float16) and 2e-2 (int8)', () => {
    const random = mulberry32(7);
    const dim = 512;
    const a = Float32Array.from({ length: dim }, () => (random() - 0.5) * 40);
    const b = Float32Array.from(a, (v) => v + (random() - 0.5) * 20);
    const cos = (x: Float32Array, y: Float32Array) => {
      let d = 0;
      let nx = 0;
      let ny = 0;
      for (let i = 0; i < x.length; i++) {
        d += (x[i] as number) * (y[i] as number);
        nx += (x[i] as number) ** 2;
        ny += (y[i] as number) ** 2;
      }
      return d / Math.sqrt(nx * ny);
    };
    for (const [encoding, tol] of [
      ['float16', 1e-3],
      ['int8', 2e-2],
    ] as const) {
      const decode = (v: Float32Array) => {
        const { scale, bytes } = vecEncode(v, encoding);
        const out = new Float32Array(dim);
        vecDecodeInto(bytes, scale, encoding, out, 0);
        return out;
      };
      const da = decode(a);
      assert.ok(Math.abs(cos(da, decode(b)) - cos(a, b)) < tol, encoding);
      assert.ok(cos(da, a) > 1 - tol, encoding);
    }
  });
});
