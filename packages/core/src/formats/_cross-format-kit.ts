/**
 * Test kit for cross-format.test.ts: the COCO val2014 fixture restricted to a few images (rendered with
 * sharp at their declared sizes), a write → read helper, and what each format carries of an
 * annotation, written as the boxes its reader will give back. Test-only: imports node:fs and sharp.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { polygonArea, polygonBbox } from '../geometry/polygon.js';
import { rleToBbox } from '../geometry/rle.js';
import type { Annotation } from '../model/annotation.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { emptyLookup, renderImage } from './conformance.js';
import type { Dataset, ReadResult } from './dataset.js';
import type { Format } from './define-format.js';
import type { FormatIO } from './format-io.js';
import { formatById } from './index.js';
import { toPosix } from './paths.js';

export type Box = [number, number, number, number];

export const COCO_VAL2014_100 = toPosix(sharedFixture('coco-val2014-100/instances_val2014_100.json'));

export function formatOf(id: string): Format {
  const format = formatById(id);
  assert.ok(format, `format ${id} is registered in formats/index.ts`);
  return format;
}

/**
 * The first `count` images of the COCO fixture (file order) with their annotations and the full
 * class map; each image is rendered at its declared size under `imagesRoot`.
 */
export async function cocoSubset(io: FormatIO, imagesRoot: string, count: number): Promise<Dataset> {
  const gt = await formatOf('coco').read({
    path: COCO_VAL2014_100,
    images: imagesRoot,
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
  });
  assert.deepEqual(gt.problems, [], 'the COCO fixture reads without problems');
  const samples = gt.samples.slice(0, count);
  const keys = new Set(samples.map((s) => s.key));
  for (const [i, s] of samples.entries()) {
    assert.ok(s.width && s.height, `${s.key} declares its size`);
    await renderImage(join(imagesRoot, s.key), s.width, s.height, i);
  }
  return { classes: gt.classes, samples, annotations: gt.annotations.filter((a) => keys.has(a.sample)) };
}

/** Where each format's reader finds what its writer put in `outDir` (the folder itself by default). */
export function locateWritten(formatId: string, outDir: string): string {
  const file: Record<string, string> = {
    coco: 'annotations.json',
    'label-studio': 'label-studio.json',
    'class-csv': 'labels.csv',
  };
  return file[formatId] ? `${outDir}/${file[formatId]}` : outDir;
}

export interface Written {
  back: ReadResult;
  notes: string[];
}

/** Writes `dataset` with `format` into `outDir` (images copied), then reads it back. */
export async function writeThenRead(
  format: Format,
  dataset: Dataset,
  imagesRoot: string,
  outDir: string,
  io: FormatIO,
): Promise<Written> {
  assert.ok(format.write, `${format.id} has a writer`);
  const out = toPosix(outDir);
  const { notes } = await format.write({ dataset, imagesRoot: toPosix(imagesRoot), outDir: out, io });
  const back = await format.read({
    path: locateWritten(format.id, out),
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
  });
  return { back, notes };
}

const declared = (a: Annotation): Box => {
  assert.ok(a.bbox, `${a.kind} "${a.label}" on ${a.sample} has a bbox`);
  return a.bbox;
};

const ringBoxes = (a: Annotation): Box[] =>
  a.kind === 'polygon' && a.points && a.points.length > 1
    ? a.points.map((ring) => polygonBbox([ring]) as Box)
    : [declared(a)];

function largestRingBox(a: Annotation): Box {
  if (a.kind !== 'polygon' || !a.points || a.points.length < 2) return declared(a);
  const ring = a.points.reduce((best, r) => (polygonArea(r) > polygonArea(best) ? r : best));
  return polygonBbox([ring]) as Box;
}

/**
 * What a format carries of one annotation, as the boxes its reader gives back (in order), and why
 * when that differs from the source box. Only boxes are compared: VOC keeps nothing else.
 */
export interface Carry {
  boxes(a: Annotation): Box[];
  /** What the format cannot carry, in words (the test prints it). */
  cannot: string;
  /** The format has a class list of its own, so classes without annotations survive too. */
  classList: boolean;
  /** Largest difference in px of x, y, w or h after a round trip (default: the test's 0.5). */
  tolerance?: number;
}

export const CARRY: Record<string, Carry> = {
  coco: {
    boxes: (a) => [declared(a)],
    cannot: 'nothing this dataset holds (boxes, polygons, RLE masks are all COCO)',
    classList: true,
  },
  yolo: {
    boxes: (a) => (a.kind === 'classification' ? [] : [largestRingBox(a)]),
    cannot:
      'one ring per object (a multi-ring polygon keeps its largest ring), no masks (written as boxes), ' +
      'no image-level labels',
    classList: true,
  },
  voc: {
    boxes: (a) => (a.kind === 'classification' ? [] : [declared(a)]),
    cannot:
      'boxes only (polygons and masks are written as their boxes); no list of unused classes; whole ' +
      'pixels (each edge rounded, so a width or height within 1 px)',
    classList: false,
    tolerance: 1,
  },
  cvat: {
    boxes: (a) => (a.kind === 'mask' && a.mask ? [rleToBbox(a.mask)] : ringBoxes(a)),
    cannot:
      'one ring per polygon shape (a multi-ring polygon becomes one shape per ring); a mask has no box ' +
      'of its own, so its box is the mask extent (1 px wider/taller than the fixture declares for its ' +
      'two crowd masks)',
    classList: true,
  },
  'label-studio': {
    boxes: (a) => (a.kind === 'mask' ? [] : ringBoxes(a)),
    cannot:
      'no RLE masks (not written), one ring per polygon result (a multi-ring polygon becomes one result ' +
      'per ring); the JSON has no class list (label_config.xml is written but not read back)',
    classList: false,
  },
};

/** Annotations grouped by sample key + class, in order: the key that matches them across formats. */
export function boxesByGroup(annotations: Annotation[], boxes: (a: Annotation) => Box[]): Map<string, Box[]> {
  const groups = new Map<string, Box[]>();
  for (const a of annotations) {
    const key = `${a.sample} | ${a.label ?? '(unlabeled)'}`;
    groups.set(key, [...(groups.get(key) ?? []), ...boxes(a)]);
  }
  return groups;
}

/** Every expected box has a read-back box at the same place of its group, within `tolerance` px. */
export function assertBoxesMatch(
  actual: Map<string, Box[]>,
  expected: Map<string, Box[]>,
  tolerance: number,
  what: string,
): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: sample + class groups`);
  for (const [group, want] of expected) {
    const got = actual.get(group) ?? [];
    assert.equal(got.length, want.length, `${what}: number of boxes of ${group}`);
    for (const [i, box] of want.entries()) {
      const worst = Math.max(...box.map((v, j) => Math.abs((got[i]?.[j] ?? Number.NaN) - v)));
      assert.ok(
        worst <= tolerance,
        `${what}: box ${i} of ${group} is [${got[i]?.join(', ')}], source [${box.join(', ')}] (off by ${worst} px)`,
      );
    }
  }
}
