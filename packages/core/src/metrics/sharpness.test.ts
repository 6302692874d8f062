import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeStd, laplacianVariance } from './sharpness.js';

const image = (w: number, h: number, f: (x: number, y: number) => number) => {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
  return { data, width: w, height: h };
};
const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

describe('laplacianVariance', () => {
  it('is 0 on a flat image and on a linear ramp (the Laplacian of a plane is 0)', () => {
    close(laplacianVariance(image(16, 16, () => 128)), 0);
    close(laplacianVariance(image(16, 16, (x, y) => 3 * x + 5 * y)), 0);
  });

  it('is 1020² on a one-pixel 0/255 checkerboard (every response is ±4·255)', () => {
    const board = image(16, 16, (x, y) => ((x + y) % 2) * 255);
    // interior 14×14 = 196 pixels, 98 of each sign: mean 0, variance 1020²
    close(laplacianVariance(board), 1020 ** 2);
  });

  it('drops when the image is blurred', () => {
    const board = image(32, 32, (x, y) => ((Math.floor(x / 2) + Math.floor(y / 2)) % 2) * 255);
    const blurred = image(32, 32, (x, y) => {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++)
          s += board.data[Math.min(31, Math.max(0, y + dy)) * 32 + Math.min(31, Math.max(0, x + dx))]!;
      return Math.round(s / 9);
    });
    assert.ok(laplacianVariance(blurred) < laplacianVariance(board) / 4);
  });
});

describe('edgeStd (PIL FIND_EDGES, clipped)', () => {
  it('on a flat image only the unfiltered border remains: 100·sqrt(p(1−p)), p = border share', () => {
    const w = 10;
    const h = 8;
    const p = (2 * w + 2 * (h - 2)) / (w * h); // 32 of 80 pixels keep the value 100
    close(edgeStd(image(w, h, () => 100)), 100 * Math.sqrt(p * (1 - p)));
  });

  it('clips the negative side: a checkerboard gives 255 on white cells and 0 on black ones', () => {
    const board = image(10, 10, (x, y) => ((x + y) % 2) * 255);
    // every pixel ends up 0 or 255 (border cells keep their own 0/255), half each: std 127.5
    close(edgeStd(board), 127.5);
  });
});
