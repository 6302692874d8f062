import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { colorDistance, hashTree, meanAbsDiff, pixel, readRaw } from './_demo-test-helpers.js';
import type { CocoGroundTruth } from './coco-ground-truth.js';
import { planDemo } from './demo-plan.js';
import { type DemoLayout, generateDemo } from './generate-demo.js';
import type { PlantedKind } from './plant-problems.js';
import { renderScene } from './render-scene.js';

interface Planted {
  kind: PlantedKind;
  samples: string[];
  variant?: string;
  annotation?: Record<string, unknown>;
  detail: string;
}
type Gt = CocoGroundTruth;
type GtAnnotation = Gt['annotations'][number];

const KINDS: PlantedKind[] = [
  'exact_duplicate',
  'near_duplicate',
  'corrupt_file',
  'dark',
  'blurry',
  'out_of_bounds_box',
  'duplicate_label',
  'swapped_classes',
  'missing_boxes',
  'split_leakage',
];
/** Vertices of each shape's polygon (circles are a 32-gon), see shape-geometry.ts. */
const VERTICES: Record<string, number> = { circle: 32, square: 4, triangle: 3, star: 10, hexagon: 6 };

describe('planted problems (seed 5, 130 images)', () => {
  let tmp: string;
  let layout: DemoLayout;
  let planted: Planted[];
  let manifest: { seed: number; images: number; planted: Planted[] };
  const gt: Record<string, Gt> = {};
  const byKind = (kind: PlantedKind) => planted.filter((p) => p.kind === kind);
  const file = (name: string) => join(layout.imagesDir, name);
  const imageOf = (name: string) =>
    [...gt.train!.images, ...gt.test!.images].find((i) => i.file_name === name)!;
  const annotationsOf = (name: string): GtAnnotation[] => {
    const image = imageOf(name);
    return [...gt.train!.annotations, ...gt.test!.annotations].filter((a) => a.image_id === image.id);
  };
  const annotation = (id: unknown): GtAnnotation =>
    [...gt.train!.annotations, ...gt.test!.annotations].find((a) => a.id === id)!;
  const categoryName = (id: number) => gt.train!.categories.find((c) => c.id === id)!.name;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-demo-planted-'));
    layout = await generateDemo(tmp, { seed: 5, images: 130 });
    manifest = JSON.parse(await readFile(layout.manifest, 'utf8'));
    planted = manifest.planted;
    for (const split of ['train', 'test']) {
      gt[split] = JSON.parse(await readFile(split === 'train' ? layout.trainGt : layout.testGt, 'utf8'));
    }
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('lists every kind, several times, with samples that exist and are in the ground truth', async () => {
    const files = await hashTree(layout.imagesDir);
    assert.equal(manifest.seed, 5);
    assert.equal(manifest.images, files.size);
    for (const kind of KINDS) assert.ok(byKind(kind).length >= 2, `${kind}: ${byKind(kind).length}`);
    for (const p of planted) {
      assert.ok(p.detail.length > 0);
      for (const name of p.samples) {
        assert.ok(files.has(name), `${p.kind}: ${name} exists`);
        assert.ok(imageOf(name), `${p.kind}: ${name} is listed`);
      }
    }
  });

  it('exact duplicates are byte copies under another name', async () => {
    const hashes = await hashTree(layout.imagesDir);
    for (const { samples } of byKind('exact_duplicate')) {
      const [a, b] = samples as [string, string];
      assert.notEqual(a, b);
      assert.equal(hashes.get(a), hashes.get(b));
    }
  });

  it('near duplicates: re-encoded, resized and cropped, each close to its original in pixels', async () => {
    const hashes = await hashTree(layout.imagesDir);
    const variants = new Set(byKind('near_duplicate').map((p) => p.variant));
    assert.deepEqual([...variants].sort(), ['cropped', 'reencoded', 'resized']);
    for (const { samples, variant } of byKind('near_duplicate')) {
      const [orig, copy] = samples as [string, string];
      assert.notEqual(hashes.get(orig), hashes.get(copy));
      const o = imageOf(orig);
      const c = imageOf(copy);
      const copyRaw = await readRaw(file(copy));
      let original = sharp(file(orig));
      if (variant === 'reencoded') assert.deepEqual([c.width, c.height], [o.width, o.height]);
      if (variant === 'resized') {
        assert.ok(c.width < o.width && Math.abs(c.width / c.height - o.width / o.height) < 0.02);
        original = original.resize({ width: c.width, height: c.height, fit: 'fill' });
      }
      if (variant === 'cropped') {
        // The crop offset is the shift between the first boxes of both ground truths.
        const [ao, ac] = [annotationsOf(orig)[0]!, annotationsOf(copy)[0]!];
        const left = Math.round(ao.bbox[0] - ac.bbox[0]);
        const top = Math.round(ao.bbox[1] - ac.bbox[1]);
        assert.ok(left > 0 && top > 0 && c.width < o.width && c.height < o.height);
        original = original.extract({ left, top, width: c.width, height: c.height });
      }
      const diff = await meanAbsDiff(await readRaw(await original.toBuffer()), copyRaw);
      // Measured 1.8-6.5 grey levels (seed 5); JPEG at quality 30-50 drops much of the backgrounds' grain (±10-16).
      assert.ok(diff < 9, `${variant} ${copy}: mean abs diff ${diff.toFixed(2)}`);
    }
  });

  it('corrupt files are listed but fail to decode', async () => {
    for (const { samples } of byKind('corrupt_file')) {
      assert.ok(annotationsOf(samples[0]!).length > 0);
      await assert.rejects(sharp(file(samples[0]!)).raw().toBuffer(), samples[0]);
    }
  });

  it('dark images have a very low mean brightness; blurry ones lost most of their sharpness', async () => {
    const plan = planDemo(5, 130);
    for (const { samples } of byKind('dark')) {
      const stats = await sharp(file(samples[0]!)).stats();
      const mean = stats.channels.slice(0, 3).reduce((s, c) => s + c.mean, 0) / 3;
      assert.ok(mean < 30, `${samples[0]} mean ${mean.toFixed(1)}`);
    }
    for (const { samples } of byKind('blurry')) {
      // The same scene drawn again without the blur (the plan is deterministic) is the reference.
      const source = plan.images.find((i) => i.name === samples[0])!.source;
      assert.ok(source.kind === 'render');
      const unblurred = await renderScene(source.scene, { format: source.format, quality: source.quality });
      const reference = (await sharp(unblurred).stats()).sharpness;
      const { sharpness } = await sharp(file(samples[0]!)).stats();
      assert.ok(
        sharpness < 0.25 * reference,
        `${samples[0]} sharpness ${sharpness} vs ${reference} unblurred`,
      );
    }
  });

  it('out-of-bounds boxes exceed their image', async () => {
    for (const p of byKind('out_of_bounds_box')) {
      const a = annotation(p.annotation?.id);
      const { width, height } = await sharp(file(p.samples[0]!)).metadata();
      const [x, y, w, h] = a.bbox;
      assert.ok(x < 0 || y < 0 || x + w > width || y + h > height, JSON.stringify(a.bbox));
      assert.deepEqual(p.annotation?.bbox, a.bbox);
    }
  });

  it('duplicate labels are the same box twice in one image', () => {
    for (const p of byKind('duplicate_label')) {
      const [a, b] = (p.annotation!.ids as number[]).map(annotation) as [GtAnnotation, GtAnnotation];
      assert.notEqual(a.id, b.id);
      assert.equal(a.image_id, imageOf(p.samples[0]!).id);
      assert.deepEqual({ ...a, id: 0 }, { ...b, id: 0 });
    }
  });

  it('swapped classes: the label names one class, the outline (and drawing) is another', () => {
    for (const p of byKind('swapped_classes')) {
      const a = annotation(p.annotation?.id);
      const truth = p.annotation?.true_category as string;
      assert.equal(categoryName(a.category_id), p.annotation?.labelled);
      assert.notEqual(truth, p.annotation?.labelled);
      assert.equal(a.segmentation[0]!.length / 2, VERTICES[truth]);
    }
  });

  it('missing boxes: a shape is drawn there but no ground-truth box covers it', async () => {
    for (const p of byKind('missing_boxes')) {
      const [x, y, w, h] = p.annotation!.bbox as number[] as [number, number, number, number];
      const others = annotationsOf(p.samples[0]!);
      assert.ok(others.length > 0, 'the image keeps its other boxes');
      for (const a of others) {
        const overlap = Math.max(0, Math.min(x + w, a.bbox[0] + a.bbox[2]) - Math.max(x, a.bbox[0]));
        assert.equal(
          overlap * Math.max(0, Math.min(y + h, a.bbox[1] + a.bbox[3]) - Math.max(y, a.bbox[1])),
          0,
        );
      }
      const raw = await readRaw(file(p.samples[0]!));
      const centre = pixel(raw, x + w / 2, y + h / 2);
      const outside = pixel(raw, x > 4 ? x - 3 : x + w + 3, y + h / 2);
      assert.ok(colorDistance(centre, outside) > 25, `${p.samples[0]}: ${centre} vs ${outside}`);
    }
  });

  it('split leakage: the same image in train and test, byte-identical or re-encoded', async () => {
    const hashes = await hashTree(layout.imagesDir);
    const variants = new Set<string | undefined>();
    for (const { samples, variant } of byKind('split_leakage')) {
      const [a, b] = samples as [string, string];
      assert.ok(gt.train!.images.some((i) => i.file_name === a));
      assert.ok(gt.test!.images.some((i) => i.file_name === b));
      variants.add(variant);
      if (variant === 'byte_identical') assert.equal(hashes.get(a), hashes.get(b));
      else {
        assert.notEqual(hashes.get(a), hashes.get(b));
        assert.ok((await meanAbsDiff(await readRaw(file(a)), await readRaw(file(b)))) < 6);
      }
    }
    assert.deepEqual([...variants].sort(), ['byte_identical', 'reencoded']);
  });
});
