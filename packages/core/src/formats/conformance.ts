/**
 * The one conformance suite every format runs (STYLE.md: formats as plugins). Each format's test file
 * calls `describeConformance(format, options)`; a case a format cannot run is skipped with its reason.
 * Images are real files rendered with sharp into a temp folder; nothing is mocked.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Annotation } from '../model/annotation.js';
import type { ClassDef } from '../model/class-def.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { describeLidarConformance, type LidarConformanceCase } from './_lidar-conformance-kit.js';
import type { Dataset, ReadResult } from './dataset.js';
import type { Format, ProjectLookup } from './define-format.js';
import type { FormatIO } from './format-io.js';
import { toPosix } from './paths.js';
import { isPointFormat } from './point-formats.js';

export type ConformanceCase =
  | 'round_trip'
  | 'empty_dataset'
  | 'unicode_paths'
  | 'missing_image'
  | 'class_id_mapping'
  | 'coordinate_conventions'
  | 'layout_keys'
  | 'edge_coordinates'
  | 'write_count';

export interface ConformanceOptions {
  /** Cases this format cannot run, each with the reason (printed as the skip message). */
  skip?: Partial<Record<ConformanceCase, string>>;
  /** Point formats: point cases they cannot run, with the reason. */
  lidarSkip?: Partial<Record<LidarConformanceCase, string>>;
  /** Where `read` finds what `write` wrote into `outDir`. Default: the folder itself. */
  locate?: (outDir: string) => { path: string; images?: string };
}

export const emptyLookup: ProjectLookup = {
  sampleKeyByOriginalId: () => undefined,
  hasSampleKey: () => false,
  classNameByOriginalId: () => undefined,
  sampleSize: () => undefined,
};

interface Fixture {
  dir: string;
  io: FormatIO;
}

/** Renders a real image file (PNG or JPEG by extension) of the given size. */
export async function renderImage(path: string, width: number, height: number, seed = 0): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const image = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: 128 },
    },
  });
  const buffer = path.toLowerCase().endsWith('.png')
    ? await image.png().toBuffer()
    : await image.jpeg().toBuffer();
  await writeFile(path, buffer);
}

function box(a: Annotation): [number, number, number, number] {
  assert.ok(a.bbox, `annotation on ${a.sample} has a bbox`);
  return a.bbox;
}

function assertClose(actual: number[], expected: number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? Number.NaN));
    assert.ok(d <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (tolerance ${tolerance})`);
  }
}

/** Canonical test dataset: 3 images, non-contiguous class ids, every kind the format round-trips. */
export function conformanceDataset(format: Format, keys: string[]): Dataset {
  const classes: ClassDef[] = [
    { name: 'cat', originalIds: { [format.id]: 17 } },
    { name: 'dog', originalIds: { [format.id]: 18 } },
    { name: 'traffic light', originalIds: { [format.id]: 42 } },
  ];
  if (format.capabilities.roundTrip.includes('keypoints')) {
    classes.push({
      name: 'person',
      originalIds: { [format.id]: 1 },
      keypoints: ['nose', 'left_eye', 'right_eye'],
      skeleton: [
        [1, 2],
        [1, 3],
      ],
    });
  }
  const [k0, k1, k2] = keys as [string, string, string];
  const samples = [
    { key: k0, width: 64, height: 48 },
    { key: k1, width: 80, height: 60 },
    { key: k2, width: 32, height: 32 },
  ];
  const source = 'ground_truth';
  const annotations: Annotation[] = [
    { sample: k0, source, kind: 'bbox', label: 'cat', bbox: [10.5, 20.25, 30, 20] },
    { sample: k0, source, kind: 'bbox', label: 'traffic light', bbox: [0, 0, 64, 48] },
    { sample: k1, source, kind: 'bbox', label: 'dog', bbox: [5, 6, 7.5, 8.5] },
  ];
  const kinds = format.capabilities.roundTrip;
  if (kinds.includes('polygon')) {
    annotations.push({
      sample: k1,
      source,
      kind: 'polygon',
      label: 'cat',
      bbox: [20, 10, 30, 40],
      points: [[20, 10, 50, 10, 50, 50, 20, 50]],
    });
  }
  if (kinds.includes('keypoints')) {
    annotations.push({
      sample: k1,
      source,
      kind: 'keypoints',
      label: 'person',
      bbox: [30, 5, 20, 20],
      keypoints: [35, 10, 2, 40, 12, 1, 0, 0, 0],
    });
  }
  if (kinds.includes('polyline')) {
    annotations.push({
      sample: k0,
      source,
      kind: 'polyline',
      label: 'dog',
      bbox: [1, 2, 10, 10],
      points: [[1, 2, 11, 12]],
    });
  }
  if (kinds.includes('classification')) {
    annotations.push({ sample: k2, source, kind: 'classification', label: 'dog' });
  }
  return { classes, samples, annotations };
}

async function writeImages(root: string, dataset: Dataset): Promise<void> {
  let seed = 1;
  for (const s of dataset.samples)
    await renderImage(join(root, s.key), s.width ?? 32, s.height ?? 32, seed++);
}

/** What must survive whatever folders an export puts a sample in: file name, class, kind and box. */
function portable(annotations: Annotation[], format: Format): string[] {
  return comparable(annotations, format)
    .map(
      (a) =>
        `${a.sample.slice(a.sample.lastIndexOf('/') + 1)}|${a.label}|${a.kind}|${a.bbox?.map((v) => v.toFixed(0)).join(',')}`,
    )
    .sort();
}

function sortKey(a: Annotation): string {
  return `${a.sample}|${a.label}|${a.kind}|${a.bbox?.map((v) => v.toFixed(0)).join(',')}`;
}

function comparable(annotations: Annotation[], format: Format): Annotation[] {
  return annotations
    .filter((a) => format.capabilities.roundTrip.includes(a.kind))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

function assertSameAnnotations(read: Annotation[], written: Annotation[], format: Format): void {
  const expected = comparable(written, format);
  const actual = comparable(read, format);
  assert.equal(actual.length, expected.length, `annotation count after round trip (${format.id})`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    assert.equal(a.sample, e.sample, 'sample key');
    assert.equal(a.label, e.label, `label on ${e.sample}`);
    assert.equal(a.kind, e.kind, `kind on ${e.sample}`);
    if (e.kind !== 'classification') assertClose(box(a), box(e), 0.5, `bbox of ${e.label} on ${e.sample}`);
    if (e.points) assertClose((a.points ?? []).flat(), e.points.flat(), 0.5, `points of ${e.label}`);
    if (e.keypoints) assertClose(a.keypoints ?? [], e.keypoints, 0.5, `keypoints of ${e.label}`);
  }
}

/** The image cases that write a dataset with the format and read it back. */
const WRITE_CASES = [
  'round_trip',
  'write_count',
  'empty_dataset',
  'unicode_paths',
  'missing_image',
  'class_id_mapping',
  'coordinate_conventions',
  'layout_keys',
  'edge_coordinates',
] as const satisfies readonly ConformanceCase[];

const skipping = (reason: string): Partial<Record<ConformanceCase, string>> =>
  Object.fromEntries(WRITE_CASES.map((c) => [c, reason]));

/** The image cases a point format cannot run (describeConformance runs its point cases instead). */
const POINT_FORMAT_SKIPS = skipping(
  'point format: the case writes an image dataset, which holds no sweep; the point cases below run instead',
);

const READ_ONLY = 'the format is read only: each case writes, then reads back';
/** A format without a writer (image-folder) runs the cases that only read. */
const READER_ONLY_SKIPS = skipping(READ_ONLY);

export function describeConformance(format: Format, options: ConformanceOptions = {}): void {
  if (isPointFormat(format)) {
    options = { ...options, skip: { ...POINT_FORMAT_SKIPS, ...options.skip } };
    describeLidarConformance(
      format,
      format.write
        ? options.lidarSkip
        : {
            lidar_round_trip: READ_ONLY,
            lidar_points: READ_ONLY,
            lidar_empty: READ_ONLY,
            lidar_missing_sweep: READ_ONLY,
          },
    );
  } else if (!format.write) options = { ...options, skip: { ...READER_ONLY_SKIPS, ...options.skip } };
  const skip = options.skip ?? {};
  const locate = options.locate ?? ((outDir: string) => ({ path: outDir }));
  const fx: Fixture = { dir: '', io: createNodeFormatIO() };
  let lastWritten = Number.NaN;

  const roundTrip = async (
    dataset: Dataset,
    name: string,
    mutate?: (outDir: string) => Promise<void>,
  ): Promise<ReadResult> => {
    assert.ok(format.write, `${format.id} has a writer`);
    const imagesRoot = join(fx.dir, name, 'source images');
    await writeImages(imagesRoot, dataset);
    const outDir = join(fx.dir, name, 'out dir');
    ({ annotations: lastWritten } = await format.write({
      dataset,
      imagesRoot: toPosix(imagesRoot),
      outDir: toPosix(outDir),
      io: fx.io,
      images: 'copy',
    }));
    if (mutate) await mutate(outDir);
    const where = locate(toPosix(outDir));
    return format.read({ ...where, source: 'ground_truth', io: fx.io, lookup: emptyLookup });
  };

  describe(`format conformance: ${format.id}`, () => {
    before(async () => {
      fx.dir = await mkdtemp(join(tmpdir(), `assay-conf-${format.id}-`));
    });
    after(async () => {
      await rm(fx.dir, { recursive: true, force: true });
    });

    it('round trip keeps samples, classes and geometry (within 0.5 px)', {
      skip: skip.round_trip ?? false,
    }, async () => {
      const dataset = conformanceDataset(format, ['a.jpg', 'b.png', 'c.jpg']);
      const back = await roundTrip(dataset, 'round-trip');
      assertSameAnnotations(back.annotations, dataset.annotations, format);
      const used = new Set(dataset.annotations.map((a) => a.label));
      for (const name of used)
        assert.ok(
          back.classes.some((c) => c.name === name),
          `class ${name} survives`,
        );
      assert.equal(
        back.problems.filter((p) => p.severity === 'error').length,
        0,
        JSON.stringify(back.problems),
      );
    });

    it('the writer counts what it wrote (issue 11): as many annotations as are read back', {
      skip: skip.write_count ?? false,
    }, async () => {
      const dataset = conformanceDataset(format, ['w1.jpg', 'w2.png', 'w3.jpg']);
      const back = await roundTrip(dataset, 'write-count');
      assert.equal(lastWritten, back.annotations.length, 'WriteResult.annotations');
      await roundTrip({ ...dataset, annotations: [] }, 'write-count-empty');
      assert.equal(lastWritten, 0, 'WriteResult.annotations of an empty dataset');
    });

    it('empty dataset: classes and no annotations', { skip: skip.empty_dataset ?? false }, async () => {
      const full = conformanceDataset(format, ['e1.jpg', 'e2.png', 'e3.jpg']);
      const back = await roundTrip({ ...full, annotations: [] }, 'empty');
      assert.equal(back.annotations.length, 0);
      assert.equal(
        back.problems.filter((p) => p.severity === 'error').length,
        0,
        JSON.stringify(back.problems),
      );
    });

    it('unicode and spaces in paths', { skip: skip.unicode_paths ?? false }, async () => {
      const keys = ['sub dir/café ünï 1.jpg', 'sub dir/写真 2.png', 'élan vital.jpg'];
      const dataset = conformanceDataset(format, keys);
      const back = await roundTrip(dataset, 'ünïcode dir');
      const readKeys = new Set(back.annotations.map((a) => a.sample));
      for (const a of comparable(dataset.annotations, format)) {
        assert.ok(
          readKeys.has(a.sample),
          `sample "${a.sample}" survives with its name; read: ${[...readKeys].join(' | ')}`,
        );
      }
    });

    it('a missing image file is reported or kept for scan, never a crash', {
      skip: skip.missing_image ?? false,
    }, async () => {
      const dataset = conformanceDataset(format, ['m1.jpg', 'm2.png', 'm3.jpg']);
      const back = await roundTrip(dataset, 'missing', async (outDir) => {
        const all = await readdir(outDir, { recursive: true });
        const victim = all.find((f) => String(f).endsWith('m2.png'));
        assert.ok(victim, 'the writer copied m2.png');
        await unlink(join(outDir, String(victim)));
      });
      const kept = back.samples.some((s) => s.key.endsWith('m2.png'));
      const reported = back.problems.some((p) => `${p.file} ${p.record ?? ''} ${p.reason}`.includes('m2'));
      assert.ok(kept || reported, 'm2.png is either kept (scan reports it missing) or named in a problem');
    });

    it('class ids: non-contiguous ids and class order survive', {
      skip: skip.class_id_mapping ?? false,
    }, async () => {
      const dataset = conformanceDataset(format, ['i1.jpg', 'i2.png', 'i3.jpg']);
      const back = await roundTrip(dataset, 'class-ids');
      assertSameAnnotations(back.annotations, dataset.annotations, format);
      if (format.capabilities.keepsClassIds) {
        for (const c of dataset.classes) {
          const got = back.classes.find((b) => b.name === c.name);
          assert.ok(got, `class ${c.name}`);
          assert.equal(
            String(got.originalIds?.[format.id]),
            String(c.originalIds?.[format.id]),
            `original id of ${c.name}`,
          );
        }
      }
    });

    it('coordinate convention: a full-image box and a fractional box stay put', {
      skip: skip.coordinate_conventions ?? false,
    }, async () => {
      const dataset: Dataset = {
        classes: [{ name: 'cat' }],
        samples: [{ key: 'coords.png', width: 100, height: 50 }],
        annotations: [
          { sample: 'coords.png', source: 'ground_truth', kind: 'bbox', label: 'cat', bbox: [0, 0, 100, 50] },
          {
            sample: 'coords.png',
            source: 'ground_truth',
            kind: 'bbox',
            label: 'cat',
            bbox: [12.25, 7.5, 20.5, 10.25],
          },
        ],
      };
      const back = await roundTrip(dataset, 'coords');
      assertSameAnnotations(back.annotations, dataset.annotations, format);
      const sample = back.samples.find((s) => s.key === 'coords.png');
      if (sample?.width !== undefined) assert.equal(sample.width, 100);
      if (sample?.height !== undefined) assert.equal(sample.height, 50);
    });

    // Issue 11: a YOLO export of keys imported from other layouts (`images/train/x.jpg`, Roboflow's
    // `train/images/x.jpg`) wrote labels where no reader looked, and read back 0 of 25.
    it('keys from other layouts (images/ and split folders in the key): every label is found again', {
      skip: skip.layout_keys ?? false,
    }, async () => {
      const keys = ['images/train/a.jpg', 'val/images/b.png', 'images/c.jpg'];
      const dataset = conformanceDataset(format, keys);
      dataset.samples = dataset.samples.map((s, i) => ({
        ...s,
        split: ['train', 'val', 'train'][i] as string,
      }));
      const back = await roundTrip(dataset, 'layout keys');
      assert.deepEqual(
        back.problems.filter((p) => p.severity === 'error'),
        [],
        'the export reads back without errors',
      );
      assert.deepEqual(portable(back.annotations, format), portable(dataset.annotations, format));
    });

    // Issue 11: exports wrote boxes past the image edge (negative coordinates) that Assay's own importer
    // then refused; coordinates a hair outside (rounding in the tool that wrote them) must survive too.
    it('boxes at and past the image edge: written so that they read back, within 0.5 px of the image', {
      skip: skip.edge_coordinates ?? false,
    }, async () => {
      const a = (bbox: [number, number, number, number]): Annotation => ({
        sample: 'edge.png',
        source: 'ground_truth',
        kind: 'bbox',
        label: 'cat',
        bbox,
      });
      const dataset: Dataset = {
        classes: [{ name: 'cat' }],
        samples: [{ key: 'edge.png', width: 100, height: 50 }],
        annotations: [a([-0.3, -0.2, 100.5, 50.4]), a([-10, 5, 30, 20]), a([90, 40, 20, 20])],
      };
      const back = await roundTrip(dataset, 'edge');
      assert.deepEqual(
        back.problems.filter((p) => p.severity === 'error'),
        [],
        'every box reads back',
      );
      if (!format.capabilities.roundTrip.includes('bbox')) return;
      const boxes = comparable(back.annotations, format).map(box);
      assert.equal(boxes.length, comparable(dataset.annotations, format).length, 'annotation count');
      for (const [x, y, w, h] of boxes) {
        // Kept as written or clipped to the image: either way no more than the original 10 px outside.
        assert.ok(x >= -10.5 && y >= -0.5 && x + w <= 110.5 && y + h <= 60.5, `box [${x}, ${y}, ${w}, ${h}]`);
      }
      const full = boxes.find(([x, y]) => Math.abs(x) <= 0.5 && Math.abs(y) <= 0.5);
      assert.ok(full, 'the full-image box');
      assertClose(full, [0, 0, 100, 50], 0.5, 'full-image box');
    });
  });
}
