import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { imageMetrics } from '../../metrics/image-metrics.js';
import type { PixelImage } from '../../metrics/sample-metrics.js';
import { toneStats } from '../../metrics/tone-stats.js';
import { decodeImage } from './decode-image.js';
import { PHOTOS_DIR } from './test-kit/photo-set.js';
import { referenceMetrics } from './test-kit/reference-metrics.js';

/**
 * The metric kernels are written for speed (fused passes, integer runs, cached resample plans,
 * unrolled sums) but must give exactly what the plain definitions give: same floats to the last
 * bit, same hashes. Hence exact comparison here, not a tolerance: each kernel keeps the order of
 * every floating-point sum, and integer sums are exact in any order.
 */
describe('fast metric kernels equal the plain definitions bit for bit', () => {
  const compare = (image: PixelImage, name: string) => {
    const { aspectRatio: _a, grayscale, ...fast } = imageMetrics({ image, width: 1, height: 1 });
    const { grey, ...reference } = referenceMetrics(image);
    assert.deepStrictEqual(fast, reference, name);
    assert.equal(grayscale, grey, `${name}: grayscale`);
  };

  it('on every real photo of fixtures/photos, decoded as scan decodes it', async () => {
    const names = (await readdir(PHOTOS_DIR)).filter((n) => n.endsWith('.jpg')).sort();
    assert.ok(names.length >= 20);
    for (const name of names) {
      const decoded = await decodeImage(await readFile(join(PHOTOS_DIR, name)), {
        size: 256,
        maxPixels: 1e8,
      });
      assert.ok(decoded.ok, name);
      compare(decoded.image, name);
    }
  });

  it('on grey and RGB noise, flat and two-level images from 1×1 to 256×255 px', () => {
    let state = 7;
    const random = () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const sizes = [
      [1, 1],
      [2, 3],
      [3, 3],
      [9, 8],
      [31, 33],
      [72, 72],
      [81, 79],
      [100, 7],
      [256, 1],
      [256, 255],
    ] as const;
    const fills = {
      noise: () => Math.floor(random() * 256),
      flat: () => 77,
      twoLevel: () => (random() < 0.5 ? 0 : 255),
    };
    for (const [width, height] of sizes) {
      for (const channels of [1, 3] as const) {
        for (const [kind, fill] of Object.entries(fills)) {
          const data = Uint8Array.from({ length: width * height * channels }, fill);
          compare({ data, width, height, channels }, `${kind} ${width}×${height}×${channels}`);
        }
      }
    }
  });

  it('whatever the alignment of the pixels and of the grey image in their buffers', async () => {
    // the tone pass reads pixels four at a time as 32-bit words when they are aligned: same values
    // from pixels at byte offsets 1, 2 and 3 (copied) and a grey image written at an odd offset
    const names = (await readdir(PHOTOS_DIR)).filter((n) => n.endsWith('.jpg')).sort();
    const decoded = await decodeImage(await readFile(join(PHOTOS_DIR, names[0]!)), {
      size: 83,
      maxPixels: 1e8,
    });
    assert.ok(decoded.ok);
    const { image } = decoded;
    for (const offset of [1, 2, 3]) {
      const data = new Uint8Array(image.data.length + offset).subarray(offset);
      data.set(image.data);
      compare({ ...image, data }, `pixels at byte offset ${offset}`);
      const greyOut = new Uint8Array(image.width * image.height + offset).subarray(offset);
      const { greyImage, ...stats } = toneStats({ ...image, data }, { greyOut });
      const { greyImage: plainGrey, ...plainStats } = toneStats(image);
      assert.deepStrictEqual(stats, plainStats, `grey image at byte offset ${offset}`);
      assert.deepStrictEqual([...greyImage.data], [...plainGrey.data]);
    }
  });
});
