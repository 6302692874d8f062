import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { hamming64, hashWords } from '../../metrics/hamming-pairs.js';
import { findNearDuplicates } from '../../metrics/near-duplicates.js';
import { measurePhotoSet, type PhotoVariant, scorePairs } from './test-kit/photo-set.js';

/**
 * The near-duplicate goal of issue 4 on real photos: fixtures/photos (26 photos) each with eight
 * altered copies made here with sharp (test-kit/alter-photo.ts): 234 images, 936 true pairs (36
 * per photo), 26,325 pairs of different photos.
 */
describe('near duplicates on real photos (fixtures/photos × 8 alterations)', () => {
  let variants: PhotoVariant[] = [];
  before(async () => {
    variants = await measurePhotoSet();
  });

  it('finds ≥ 95% of original ↔ altered pairs and of all same-photo pairs (grouped), with no false pair', (t) => {
    const pairs = findNearDuplicates(variants.map((v) => v.metrics));
    const s = scorePairs(variants, pairs);
    const recall = s.originalFound / s.originalPairs;
    const grouped = s.grouped / s.truePairs;
    t.diagnostic(`original↔altered recall ${recall.toFixed(3)} (${s.originalFound}/${s.originalPairs})`);
    t.diagnostic(
      `all same-photo pairs: direct ${(s.found / s.truePairs).toFixed(3)}, grouped ${grouped.toFixed(3)} (${s.grouped}/${s.truePairs})`,
    );
    t.diagnostic(`false pairs: direct ${s.falsePairs}, grouped ${s.falseGrouped}`);
    t.diagnostic(
      `per alteration: ${JSON.stringify(Object.fromEntries(Object.entries(s.byAlteration).map(([k, v]) => [k, Number(v.toFixed(3))])))}`,
    );
    assert.equal(variants.length, 26 * 9);
    assert.ok(recall >= 0.95, `original↔altered recall ${recall}`);
    assert.ok(grouped >= 0.95, `grouped recall ${grouped}`);
    assert.ok(s.falsePairs <= 2, `${s.falsePairs} false pairs`);
    assert.ok(s.falseGrouped <= 10, `${s.falseGrouped} false grouped pairs`);
  });

  it('beats a plain whole-image 64-bit pHash at distance 10 (the baseline the issue quotes)', (t) => {
    const pairs: { a: number; b: number }[] = [];
    const words = variants.map((v) => hashWords(v.metrics.phash));
    for (let a = 0; a < words.length; a++) {
      for (let b = a + 1; b < words.length; b++) {
        if (hamming64(words[a]![0], words[a]![1], words[b]![0], words[b]![1]) <= 10) pairs.push({ a, b });
      }
    }
    const plain = scorePairs(variants, pairs);
    const ours = scorePairs(variants, findNearDuplicates(variants.map((v) => v.metrics)));
    t.diagnostic(
      `plain pHash ≤ 10: original↔altered recall ${(plain.originalFound / plain.originalPairs).toFixed(3)}, false pairs ${plain.falsePairs}`,
    );
    assert.ok(ours.originalFound > plain.originalFound);
  });

  it('gives a lossless re-encode the same decoded-pixel hash, and a lossy one a different one', async () => {
    const { decodeImage } = await import('./decode-image.js');
    const { measureImage } = await import('./measure-image.js');
    const sharp = (await import('sharp')).default;
    const { readFile } = await import('node:fs/promises');
    const { PHOTOS_DIR } = await import('./test-kit/photo-set.js');
    const png = await sharp(await readFile(`${PHOTOS_DIR}/skimage-coffee.jpg`))
      .png({ compressionLevel: 1 })
      .toBuffer();
    const png9 = await sharp(png).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
    const jpeg = await sharp(png).jpeg({ quality: 90 }).toBuffer();
    assert.notDeepEqual(png, png9, 'different bytes');
    const hash = async (bytes: Buffer) => {
      const d = await decodeImage(bytes, { size: 256, maxPixels: 1e8 });
      assert.ok(d.ok);
      return measureImage(d.image, { status: 'ok', width: 384, height: 256 });
    };
    const [a, b, c] = await Promise.all([hash(png), hash(png9), hash(jpeg)]);
    assert.equal(a.pixelHash, b.pixelHash);
    assert.notEqual(a.pixelHash, c.pixelHash);
    assert.equal(a.phash, b.phash);
  });
});
