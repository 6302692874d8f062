import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PixelImage } from './sample-metrics.js';
import { brightnessStats, colourStats, greyStats, histogramPercentile } from './tone-stats.js';

const grey = (
  values: number[],
  width = values.length,
): { data: Uint8Array; width: number; height: number } => ({
  data: Uint8Array.from(values),
  width,
  height: values.length / width,
});
const rgb = (pixels: [number, number, number][]): PixelImage => ({
  data: Uint8Array.from(pixels.flat()),
  width: pixels.length,
  height: 1,
  channels: 3,
});
const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

describe('greyStats', () => {
  it('a constant image has contrast 0 and entropy 0', () => {
    const s = greyStats(grey(new Array(64).fill(77)));
    close(s.contrast, 0);
    close(s.entropy, 0);
  });

  it('a 50/50 black-white image has entropy 1 bit and RMS contrast 0.5', () => {
    // H = −2·(½·log2 ½) = 1 bit; std of {0, 255} in equal parts = 127.5 levels = 0.5 of the range.
    const s = greyStats(grey([...new Array(32).fill(0), ...new Array(32).fill(255)]));
    close(s.entropy, 1);
    close(s.contrast, 0.5);
  });

  it('four equally frequent levels give 2 bits; the histogram spread is numpy.std of the 256 counts', () => {
    const s = greyStats(grey([0, 10, 20, 30, 0, 10, 20, 30]));
    close(s.entropy, 2);
    // counts: four bins of 2, 252 bins of 0; mean 8/256; std = sqrt((4·(2−m)² + 252·m²)/256)
    const m = 8 / 256;
    close(s.histogramStd, Math.sqrt((4 * (2 - m) ** 2 + 252 * m ** 2) / 256));
  });
});

describe('brightnessStats', () => {
  it('is v/255 for grey pixels, with numpy-style interpolated percentiles', () => {
    const values = Array.from({ length: 101 }, (_, i) => i * 2); // 0, 2, ..., 200
    const image: PixelImage = { ...grey(values), channels: 1 };
    const s = brightnessStats(image);
    close(s.mean, 100 / 255, 1e-9);
    // numpy.percentile(0..200 step 2, 5) = 10, p50 = 100, p99 = 198; binned to 1/4096
    close(s.p5, 10 / 255, 1 / 4096);
    close(s.p50, 100 / 255, 1 / 4096);
    close(s.p99, 198 / 255, 1 / 4096);
  });

  it('weights colours as CleanVision: sqrt(0.241 R² + 0.691 G² + 0.068 B²) / 255', () => {
    const s = brightnessStats(rgb([[255, 0, 0]]));
    close(s.mean, Math.sqrt(0.241));
    close(brightnessStats(rgb([[0, 0, 255]])).mean, Math.sqrt(0.068));
    close(brightnessStats(rgb([[90, 90, 90]])).mean, 90 / 255);
  });

  it('histogramPercentile interpolates between ranks', () => {
    const counts = new Uint32Array(4);
    counts[1] = 1;
    counts[3] = 1; // values {1, 3}
    close(histogramPercentile(counts, 2, 50), 2);
    close(histogramPercentile(counts, 2, 0), 1);
    close(histogramPercentile(counts, 2, 100), 3);
  });
});

describe('colourStats', () => {
  it('gives 0 for grey pixels and counts ±1 channel differences as grey', () => {
    close(
      colourStats(
        rgb([
          [10, 10, 10],
          [200, 200, 200],
        ]),
      ).colourfulness,
      0,
    );
    const s = colourStats(
      rgb([
        [10, 10, 10],
        [200, 200, 200],
        [50, 51, 50],
      ]),
    );
    // rg = (0, 0, −1), yb = (0, 0, 0.5): μrg = −1/3, μyb = 1/6, σrg² = 1/3 − 1/9, σyb² = 1/12 − 1/36
    close(s.colourfulness, Math.sqrt(2 / 9 + 1 / 18) + 0.3 * Math.sqrt(1 / 9 + 1 / 36));
    assert.equal(s.grey, true);
  });

  it('matches Hasler–Süsstrunk by hand on half red, half green', () => {
    // red: rg = 255, yb = 127.5; green: rg = −255, yb = 127.5 → σrg = 255, σyb = 0, μrg = 0, μyb = 127.5
    // M = sqrt(255² + 0) + 0.3·sqrt(0 + 127.5²) = 255 + 38.25
    const s = colourStats(
      rgb([
        [255, 0, 0],
        [0, 255, 0],
      ]),
    );
    close(s.colourfulness, 293.25);
    assert.equal(s.grey, false);
  });
});
