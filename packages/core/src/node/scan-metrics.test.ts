import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { MEDIA_CHECK_TYPES, mediaChecks } from '../checks/media/media-checks.js';
import { initProject, openProject } from './project.js';
import { decodeImage } from './scan/decode-image.js';
import { measureImage } from './scan/measure-image.js';
import { PHOTOS_DIR } from './scan/test-kit/photo-set.js';
import { scanProject } from './scan-project.js';

/**
 * Scan → sample_metrics → media checks, end to end on a real DuckDB project over real photos with
 * planted problems: a byte copy, a lossless PNG re-encode, a darkened copy, a resized copy in
 * another split, a blurred copy and a truncated file.
 */
describe('scan stores metrics and the media checks find planted problems', () => {
  let dir = '';
  let images = '';
  const keys = {
    coffee: 'coffee.jpg',
    coffeeCopy: 'copies/coffee-copy.jpg',
    astronautPng: 'astronaut.png',
    astronautPng9: 'copies/astronaut-recompressed.png',
    chelsea: 'chelsea.jpg',
    chelseaSmall: 'val/chelsea-small.jpg',
    dark: 'dark-rocket.jpg',
    blurred: 'blurred-brick.jpg',
    truncated: 'truncated.jpg',
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-scan-metrics-'));
    images = join(dir, 'images');
    await mkdir(join(images, 'copies'), { recursive: true });
    await mkdir(join(images, 'val'), { recursive: true });
    const photo = (name: string) => readFile(join(PHOTOS_DIR, name));
    await copyFile(join(PHOTOS_DIR, 'skimage-coffee.jpg'), join(images, keys.coffee));
    await copyFile(join(PHOTOS_DIR, 'skimage-coffee.jpg'), join(images, keys.coffeeCopy));
    await sharp(await photo('skimage-astronaut.jpg'))
      .png({ compressionLevel: 1 })
      .toFile(join(images, keys.astronautPng));
    await sharp(join(images, keys.astronautPng))
      .png({ compressionLevel: 9 })
      .toFile(join(images, keys.astronautPng9));
    await copyFile(join(PHOTOS_DIR, 'skimage-chelsea.jpg'), join(images, keys.chelsea));
    await sharp(await photo('skimage-chelsea.jpg'))
      .resize(200)
      .jpeg({ quality: 70 })
      .toFile(join(images, keys.chelseaSmall));
    await sharp(await photo('skimage-rocket.jpg'))
      .linear(0.15, 0)
      .jpeg()
      .toFile(join(images, keys.dark));
    await sharp(await photo('skimage-brick.jpg'))
      .blur(6)
      .jpeg()
      .toFile(join(images, keys.blurred));
    const whole = await photo('skimage-camera.jpg');
    await writeFile(join(images, keys.truncated), whole.subarray(0, Math.floor(whole.length / 2)));
    await initProject(join(dir, 'p'));
    const project = await openProject(join(dir, 'p'));
    try {
      await project.store.upsertSamples(
        images,
        Object.values(keys).map((key) => ({ key, split: key.startsWith('val/') ? 'val' : 'train' })),
      );
      await scanProject(project);
    } finally {
      await project.close();
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores one metrics row per decoded sample, equal to measuring the file directly', async () => {
    const project = await openProject(join(dir, 'p'), { readOnly: true });
    try {
      const samples = await project.store.listSamples();
      const metrics = await project.store.listSampleMetrics();
      const ok = samples.filter((s) => s.probe.status === 'ok');
      assert.equal(ok.length, Object.keys(keys).length - 1, 'all but the truncated file decode');
      assert.deepEqual([...metrics.keys()].sort(), ok.map((s) => s.id).sort());
      const coffee = samples.find((s) => s.key === keys.coffee)!;
      const decoded = await decodeImage(await readFile(join(images, keys.coffee)), {
        size: 256,
        maxPixels: 1e8,
      });
      assert.ok(decoded.ok);
      const direct = measureImage(decoded.image, coffee.probe);
      assert.deepEqual(
        metrics.get(coffee.id),
        direct,
        'the store round-trips every field, 64-bit hashes included',
      );
    } finally {
      await project.close();
    }
  });

  it('finds the byte copy, the pixel copy, the cross-split resize, the dark and the blurred image', async () => {
    const project = await openProject(join(dir, 'p'), { readOnly: true });
    try {
      const samples = await project.store.listSamples();
      const metrics = await project.store.listSampleMetrics();
      const issues = mediaChecks(
        samples.map((s) => ({
          id: s.id,
          key: s.key,
          probe: s.probe,
          ...(s.split === undefined ? {} : { split: s.split }),
          ...(metrics.has(s.id) ? { metrics: metrics.get(s.id)! } : {}),
        })),
      );
      const id = (key: string) => samples.find((s) => s.key === key)!.id;
      const of = (type: string) => issues.filter((i) => i.type === type);
      for (const i of issues) assert.ok(MEDIA_CHECK_TYPES.includes(i.type) && i.score >= 0 && i.score <= 1);
      const exact = of('exact_duplicate');
      assert.deepEqual(
        exact.map((i) => [i.sampleId, i.details?.match, i.details?.related_sample_ids]).sort(),
        [
          [id(keys.coffeeCopy), 'bytes', [id(keys.coffee)]],
          [id(keys.astronautPng9), 'pixels', [id(keys.astronautPng)]],
        ].sort(),
      );
      const near = of('near_duplicate');
      assert.deepEqual(
        near.map((i) => i.sampleId),
        [id(keys.chelseaSmall)],
      );
      assert.deepEqual(near[0]?.details?.related_sample_ids, [id(keys.chelsea)]);
      const leakage = of('split_leakage')
        .map((i) => i.sampleId)
        .sort();
      assert.deepEqual(leakage, [id(keys.chelsea), id(keys.chelseaSmall)].sort());
      assert.ok(
        of('dark').some((i) => i.sampleId === id(keys.dark)),
        'dark',
      );
      assert.ok(
        of('blurry').some((i) => i.sampleId === id(keys.blurred)),
        'blurry',
      );
      assert.ok(!of('dark').some((i) => i.sampleId === id(keys.coffee)), 'coffee is not dark');
      // The rocket darkened to 15% is in focus: its Laplacian variance is low only because it is dark.
      assert.ok(!of('blurry').some((i) => i.sampleId === id(keys.dark)), 'the dark photo is not blurry');
    } finally {
      await project.close();
    }
  });

  it('a rescan reuses unchanged files but decodes samples that have no metrics yet', async () => {
    const project = await openProject(join(dir, 'p'));
    try {
      const coffee = (await project.store.listSamples()).find((s) => s.key === keys.coffee)!;
      await project.store.saveSampleMetrics([{ id: coffee.id }]);
      assert.equal((await project.store.listSampleMetrics()).has(coffee.id), false);
      const summary = await scanProject(project);
      assert.equal(
        summary.skipped,
        Object.keys(keys).length - 2,
        'all but coffee and the corrupt file reused',
      );
      assert.equal((await project.store.listSampleMetrics()).has(coffee.id), true);
    } finally {
      await project.close();
    }
  });
});
