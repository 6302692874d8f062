import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import { type MediaCheckSample, mediaChecks } from './media-checks.js';

/** A well-exposed, sharp, informative colour image's metrics; tests change one field at a time. */
const normal: SampleMetrics = {
  decodedWidth: 256,
  decodedHeight: 192,
  brightness: 0.5,
  brightnessP5: 0.1,
  brightnessP50: 0.5,
  brightnessP95: 0.9,
  brightnessP99: 0.95,
  contrast: 0.2,
  sharpness: 500,
  edgeStd: 40,
  greyHistogramStd: 120,
  entropy: 7,
  colourfulness: 40,
  grayscale: false,
  aspectRatio: 4 / 3,
  phash: 0n,
  dhash: 0n,
  viewPhashes: [],
  viewDhashes: [],
  pixelHash: 'p0',
};

let next = 1;
function sample(
  metrics: Partial<SampleMetrics> = {},
  probe: Partial<MediaCheckSample['probe']> = {},
): MediaCheckSample {
  const id = next++;
  const hash = BigInt(id) * 0x9e3779b97f4a7c15n;
  return {
    id,
    key: `img-${id}.jpg`,
    probe: { status: 'ok', width: 640, height: 480, sha256: `s${id}`, channels: 3, ...probe },
    metrics: {
      ...normal,
      phash: BigInt.asUintN(64, hash),
      dhash: BigInt.asUintN(64, ~hash),
      pixelHash: `p${id}`,
      ...metrics,
    },
  };
}

const types = (samples: MediaCheckSample[], id: number) =>
  mediaChecks(samples)
    .filter((i) => i.sampleId === id)
    .map((i) => i.type)
    .sort();

describe('mediaChecks on crafted samples', () => {
  it('flags exactly the property that crosses its CleanVision threshold', () => {
    const base = [sample(), sample(), sample(), sample()];
    const dark = sample({ brightnessP99: 0.31 }); // CleanVision dark: p99 < 0.32
    const notDark = sample({ brightnessP99: 0.33 });
    const light = sample({ brightnessP5: 0.96 }); // light: 1 − p5 < 0.05
    const flat = sample({ entropy: 2.9 }); // low_information: 0.1·H < 0.3
    const soft = sample({ sharpness: 20 });
    const grey = sample({ grayscale: true });
    const all = [...base, dark, notDark, light, flat, soft, grey];
    assert.deepEqual(types(all, dark.id), ['dark']);
    assert.deepEqual(types(all, notDark.id), []);
    assert.deepEqual(types(all, light.id), ['overexposed']);
    assert.deepEqual(types(all, flat.id), ['low_information']);
    assert.deepEqual(types(all, soft.id), ['blurry']);
    assert.deepEqual(types(all, grey.id), ['grayscale']);
    assert.deepEqual(types(all, base[0]!.id), []);
    // A dark image's Laplacian variance is low whatever its focus: it is reported dark, not blurry.
    const darkSoft = sample({ brightnessP99: 0.2, sharpness: 5 });
    assert.deepEqual(types([...all, darkSoft], darkSoft.id), ['dark']);
    const issue = mediaChecks(all).find((i) => i.sampleId === dark.id)!;
    assert.ok(issue.score >= 0.5 && issue.score <= 1);
    assert.equal(issue.details?.threshold, 0.32);
  });

  it('odd_aspect_ratio below 0.35 and odd_size outside q1 − 3·IQR .. q3 + 3·IQR', () => {
    const usual = Array.from({ length: 8 }, (_, i) =>
      sample({}, { width: 600 + i * 10, height: 450 + i * 10 }),
    );
    const banner = sample({}, { width: 1000, height: 300 }); // 0.3 < 0.35
    const tiny = sample({}, { width: 32, height: 32 });
    const all = [...usual, banner, tiny];
    assert.deepEqual(types(all, banner.id), ['odd_aspect_ratio']);
    assert.deepEqual(types(all, tiny.id), ['odd_size']);
    assert.deepEqual(types(all, usual[0]!.id), []);
  });

  it('skips samples that did not decode and works without metrics (byte duplicates only)', () => {
    const a = sample();
    const b: MediaCheckSample = {
      id: next++,
      key: 'b.jpg',
      probe: { status: 'ok', width: 640, height: 480, sha256: a.probe.sha256! },
    };
    const broken: MediaCheckSample = {
      id: next++,
      key: 'c.jpg',
      probe: { status: 'corrupt', sha256: a.probe.sha256! },
    };
    const issues = mediaChecks([a, b, broken]);
    assert.deepEqual(
      issues.map((i) => [i.type, i.sampleId, i.details?.related_sample_ids]),
      [['exact_duplicate', b.id, [a.id]]],
    );
  });

  it('reports leakage on both sides when duplicates sit in different splits', () => {
    const a = { ...sample(), split: 'train' };
    const b = { ...sample({ pixelHash: a.metrics!.pixelHash }), split: 'test' };
    const issues = mediaChecks([a, b]);
    const leak = issues.filter((i) => i.type === 'split_leakage');
    assert.deepEqual(leak.map((i) => i.sampleId).sort(), [a.id, b.id].sort());
    assert.equal(leak[0]?.severity, 'error');
    assert.equal(issues.find((i) => i.type === 'exact_duplicate')?.details?.match, 'pixels');
  });
});
