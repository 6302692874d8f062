import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { assertBoxClose, differenceExtent, hashTree, readRaw } from './_demo-test-helpers.js';
import type { CocoGroundTruth } from './coco-ground-truth.js';
import { planDemo } from './demo-plan.js';
import { type DemoLayout, generateDemo } from './generate-demo.js';
import { renderScene } from './render-scene.js';
import type { DemoDetection } from './simulate-detector.js';

const SEED = 11;
const IMAGES = 40;
const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

describe('generateDemo', () => {
  let tmp: string;
  let layout: DemoLayout;
  const progress: [number, number][] = [];
  let train: CocoGroundTruth;
  let test: CocoGroundTruth;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-demo-'));
    layout = await generateDemo(join(tmp, 'a'), {
      seed: SEED,
      images: IMAGES,
      onProgress: (done, total) => progress.push([done, total]),
    });
    train = await readJson(layout.trainGt);
    test = await readJson(layout.testGt);
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('writes byte-identical files for the same seed (sha256 of every file), and others for another seed', async () => {
    await generateDemo(join(tmp, 'b'), { seed: SEED, images: IMAGES });
    const a = await hashTree(join(tmp, 'a'));
    const b = await hashTree(join(tmp, 'b'));
    assert.ok(a.size > IMAGES);
    assert.deepEqual([...a.entries()].sort(), [...b.entries()].sort());
    assert.notDeepEqual(planDemo(SEED + 1, IMAGES).planted, planDemo(SEED, IMAGES).planted);
  });

  it('reports progress up to the total, one call per file written', async () => {
    const files = (await hashTree(layout.root)).size - 1; // minus the .assay-demo marker
    assert.equal(progress.length, files);
    assert.deepEqual(progress.at(-1), [files, files]);
    assert.ok(progress.every(([done, total], i) => done === i + 1 && total === files));
  });

  it('returns the layout it wrote: two splits, two models, a manifest and a README', async () => {
    for (const path of [
      layout.trainGt,
      layout.testGt,
      layout.manifest,
      ...layout.predictions.map((p) => p.path),
    ]) {
      assert.ok((await stat(path)).isFile(), path);
    }
    assert.deepEqual(
      layout.predictions.map((p) => p.name),
      ['model-a', 'model-b'],
    );
    assert.deepEqual((await readdir(layout.imagesDir)).sort(), ['test', 'train']);
    const readme = await readFile(join(layout.root, 'README.md'), 'utf8');
    assert.match(readme, /`probs`/);
    assert.match(readme, /\| 3 \| 7 \| star \|/);
  });

  it('writes COCO files that reference exactly the image files on disk', async () => {
    const listed = [...train.images, ...test.images].map((i) => i.file_name).sort();
    const onDisk = [
      ...(await readdir(join(layout.imagesDir, 'train'))).map((f) => `train/${f}`),
      ...(await readdir(join(layout.imagesDir, 'test'))).map((f) => `test/${f}`),
    ].sort();
    assert.deepEqual(listed, onDisk);
    assert.ok(train.images.every((i) => i.file_name.startsWith('train/')));
    assert.ok(test.images.every((i) => i.file_name.startsWith('test/')));
    const ids = [...train.images, ...test.images].map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, 'image ids are unique across both splits');
    const annIds = [...train.annotations, ...test.annotations].map((a) => a.id);
    assert.equal(new Set(annIds).size, annIds.length, 'annotation ids are unique across both splits');
  });

  it('writes well-formed COCO annotations with non-contiguous category ids', () => {
    for (const gt of [train, test]) {
      assert.deepEqual(
        gt.categories.map((c) => [c.id, c.name]),
        [
          [1, 'circle'],
          [2, 'square'],
          [4, 'triangle'],
          [7, 'star'],
          [9, 'hexagon'],
        ],
      );
      const imageIds = new Set(gt.images.map((i) => i.id));
      for (const a of gt.annotations) {
        assert.ok(imageIds.has(a.image_id), `annotation ${a.id} refers to an image of its own file`);
        assert.ok([1, 2, 4, 7, 9].includes(a.category_id));
        assert.equal(a.bbox.length, 4);
        assert.ok(a.bbox.every(Number.isFinite) && a.bbox[2] > 0 && a.bbox[3] > 0);
        assert.ok(a.area > 0 && a.area <= a.bbox[2] * a.bbox[3] + 0.05);
        assert.equal(a.iscrowd, 0);
        assert.equal(a.segmentation.length, 1);
        assert.ok(a.segmentation[0]!.length >= 6 && a.segmentation[0]!.length % 2 === 0);
      }
    }
  });

  it('image sizes in the COCO files match the files (all but the truncated ones decode)', async () => {
    const corrupt = new Set(
      planDemo(SEED, IMAGES)
        .planted.filter((p) => p.kind === 'corrupt_file')
        .flatMap((p) => p.samples),
    );
    for (const image of [...train.images, ...test.images]) {
      if (corrupt.has(image.file_name)) continue;
      const raw = await readRaw(join(layout.imagesDir, image.file_name));
      assert.deepEqual([raw.width, raw.height], [image.width, image.height], image.file_name);
    }
  });

  it('draws the normal objects exactly where their boxes say (PNG pixels against the bare background)', async () => {
    const plan = planDemo(SEED, IMAGES);
    const planted = new Set(plan.planted.flatMap((p) => p.samples));
    const gtByName = new Map([...train.images, ...test.images].map((i) => [i.file_name, i]));
    const annotations = [...train.annotations, ...test.annotations];
    let checked = 0;
    for (const image of plan.images) {
      const s = image.source;
      if (s.kind !== 'render' || s.format !== 'png' || planted.has(image.name)) continue;
      const entry = gtByName.get(image.name)!;
      const raw = await readRaw(join(layout.imagesDir, image.name));
      // The same scene without its shapes: the textured background alone (rendering is deterministic).
      const bare = await readRaw(await renderScene({ ...s.scene, objects: [] }, { format: 'png' }));
      for (const a of annotations.filter((x) => x.image_id === entry.id)) {
        const [x, y, w, h] = a.bbox;
        assert.ok(
          x >= 0 && y >= 0 && x + w <= entry.width && y + h <= entry.height,
          `${image.name} #${a.id} inside`,
        );
        const extent = differenceExtent(raw, bare, { x: x - 3, y: y - 3, w: w + 6, h: h + 6 }, 25);
        assert.ok(extent, `${image.name} #${a.id} is drawn`);
        assertBoxClose(extent, { x, y, w, h }, 1.5, `${image.name} annotation ${a.id}`);
        checked++;
      }
    }
    assert.ok(checked >= 5, `checked ${checked} boxes`);
  });

  it('keeps every ground-truth box inside its image except the planted out-of-bounds ones', async () => {
    const manifest = await readJson<{ planted: { kind: string; annotation?: { id?: number } }[] }>(
      layout.manifest,
    );
    const oob = new Set(
      manifest.planted.filter((p) => p.kind === 'out_of_bounds_box').map((p) => p.annotation?.id),
    );
    for (const gt of [train, test]) {
      const size = new Map(gt.images.map((i) => [i.id, i]));
      for (const a of gt.annotations) {
        const image = size.get(a.image_id)!;
        const [x, y, w, h] = a.bbox;
        const inside = x >= 0 && y >= 0 && x + w <= image.width && y + h <= image.height;
        assert.equal(inside, !oob.has(a.id), `annotation ${a.id} of ${image.file_name}`);
      }
    }
  });

  it('writes predictions with consistent probs, for readable images only', async () => {
    const images = new Map([...train.images, ...test.images].map((i) => [i.id, i]));
    const corrupt = planDemo(SEED, IMAGES)
      .planted.filter((p) => p.kind === 'corrupt_file')
      .flatMap((p) => p.samples);
    const order = train.categories.map((c) => c.id);
    for (const { path } of layout.predictions) {
      const predictions = await readJson<DemoDetection[]>(path);
      assert.ok(predictions.length > IMAGES);
      for (const p of predictions) {
        const image = images.get(p.image_id)!;
        assert.ok(image && !corrupt.includes(image.file_name));
        assert.ok(p.score > 0 && p.score < 1);
        assert.equal(p.probs.length, order.length);
        assert.ok(Math.abs(p.probs.reduce((s, v) => s + v, 0) - 1) < 1e-6);
        const argmax = p.probs.indexOf(Math.max(...p.probs));
        assert.equal(order[argmax], p.category_id);
        const [x, y, w, h] = p.bbox;
        assert.ok(
          x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= image.width + 1e-9 && y + h <= image.height + 1e-9,
        );
      }
      assert.ok(
        predictions.some((p) => p.score < 0.5),
        'some low-score detections',
      );
      assert.ok(
        predictions.filter((p) => p.score >= 0.6).length > predictions.length / 2,
        'mostly confident',
      );
    }
  });

  it('regenerates over its own earlier output but refuses to overwrite a folder it did not write', async () => {
    const again = await generateDemo(layout.root, { seed: SEED, images: IMAGES });
    assert.deepEqual(await hashTree(again.root), await hashTree(join(tmp, 'b')));
    const foreign = join(tmp, 'foreign');
    await mkdir(join(foreign, 'images'), { recursive: true });
    await assert.rejects(
      generateDemo(foreign, { images: IMAGES }),
      (e: unknown) => e instanceof AssayError && e.code === 'CONFLICT',
    );
    const file = join(tmp, 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(
      generateDemo(file, { images: IMAGES }),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
    );
  });

  it('rejects bad options and stops when aborted', async () => {
    for (const options of [{ images: 5 }, { images: 30.5 }, { seed: 1.5 }, { seed: -1 }]) {
      await assert.rejects(
        generateDemo(join(tmp, 'bad'), options),
        (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
      );
    }
    const controller = new AbortController();
    const run = generateDemo(join(tmp, 'aborted'), {
      images: IMAGES,
      signal: controller.signal,
      onProgress: (done) => done === 3 && controller.abort(),
    });
    await assert.rejects(run, (e: unknown) => e instanceof AssayError && e.code === 'INTERRUPTED');
    await assert.rejects(stat(join(tmp, 'aborted', 'manifest.json')), 'no manifest after an abort');
  });
});
