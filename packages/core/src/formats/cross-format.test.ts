/**
 * Cross-format conversion keeps boxes within 0.5 px: the first 15 images of the COCO val2014 fixture
 * (141 polygons, 14 of them with several rings, and 2 crowd RLE masks, 143 objects in all) written
 * with each format and read back, then passed through a chain of every box format. What a format
 * cannot carry is stated in CARRY (_cross-format-kit.ts) and shapes the expected boxes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Annotation } from '../model/annotation.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import {
  assertBoxesMatch,
  type Box,
  boxesByGroup,
  CARRY,
  cocoSubset,
  formatOf,
  writeThenRead,
} from './_cross-format-kit.js';
import type { Dataset, ReadResult } from './dataset.js';

const io = createNodeFormatIO();
const TOLERANCE = 0.5;
/** First 15 images of instances_val2014_100.json (COCO_val2014_000000001146.jpg ... 000000000831.jpg). */
const IMAGES = 15;
const errors = (r: ReadResult) => r.problems.filter((p) => p.severity === 'error');
const asIs = (a: Annotation): Box[] => (a.bbox ? [a.bbox] : []);

describe('cross-format conversion keeps boxes within 0.5 px', () => {
  let dir = '';
  let source: Dataset;
  let sourceImages = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cross-format-'));
    sourceImages = join(dir, 'source images');
    source = await cocoSubset(io, sourceImages, IMAGES);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the source subset is what the fixture holds', () => {
    // Counted in instances_val2014_100.json for the image ids of the first 15 images: 141 polygons (14 with several rings) and the
    // iscrowd RLE masks of "person" on 000000000764 and "orange" on 000000000715.
    assert.equal(source.samples.length, IMAGES);
    assert.equal(source.annotations.length, 143);
    assert.equal(source.annotations.filter((a) => a.kind === 'mask').length, 2);
    assert.equal(source.annotations.filter((a) => (a.points?.length ?? 0) > 1).length, 14);
  });

  for (const id of ['yolo', 'voc', 'cvat', 'label-studio', 'coco']) {
    const carry = CARRY[id];
    assert.ok(carry);
    it(`${id}: write → read keeps boxes, classes and sample keys (cannot carry: ${carry.cannot})`, async () => {
      const { back } = await writeThenRead(formatOf(id), source, sourceImages, join(dir, id), io);
      assert.deepEqual(errors(back), [], `${id} reads its own output without errors`);
      assertBoxesMatch(
        boxesByGroup(back.annotations, asIs),
        boxesByGroup(source.annotations, carry.boxes),
        carry.tolerance ?? TOLERANCE,
        id,
      );
      assert.deepEqual(
        back.samples.map((s) => s.key).sort(),
        source.samples.map((s) => s.key).sort(),
        'sample keys',
      );
      const names = new Set(back.classes.map((c) => c.name));
      for (const a of source.annotations) assert.ok(names.has(a.label ?? ''), `class ${a.label} survives`);
      if (carry.classList) {
        assert.deepEqual(
          back.classes.map((c) => c.name),
          source.classes.map((c) => c.name),
          'the whole class map (80 COCO categories, in order) survives',
        );
      }
    });
  }

  // Each loss in CARRY must show in the writer's notes (WriteResult.notes: "annotations a format cannot
  // express").
  const NOTED: [id: string, losses: RegExp[]][] = [
    ['yolo', [/several rings written as their largest ring/, /masks written as their boxes/]],
    ['voc', [/polygon annotations written as their boxes/, /mask annotations written as their boxes/]],
    ['cvat', [/several rings written as one shape per ring/]],
    ['label-studio', [/mask annotations not written/, /several rings written as one result per ring/]],
  ];
  for (const [id, losses] of NOTED) {
    it(`${id}: the writer notes each loss`, async () => {
      const { notes } = await writeThenRead(formatOf(id), source, sourceImages, join(dir, `notes ${id}`), io);
      for (const loss of losses)
        assert.ok(
          notes.some((n) => loss.test(n)),
          `${loss} in ${JSON.stringify(notes)}`,
        );
    });
  }

  it('chain coco → yolo → voc → cvat → label-studio → coco keeps boxes of the original', async () => {
    let dataset = source;
    let images = sourceImages;
    for (const id of ['yolo', 'voc', 'cvat', 'label-studio', 'coco']) {
      const { back } = await writeThenRead(formatOf(id), dataset, images, join(dir, `chain ${id}`), io);
      assert.deepEqual(errors(back), [], `${id} in the chain reads without errors`);
      dataset = back;
      images = back.imagesRoot;
    }
    // YOLO is the only lossy step for boxes: a multi-ring polygon keeps its largest ring, and a mask
    // becomes its declared box. VOC then makes every object a box in whole pixels (edges within 0.5 px,
    // sizes within 1 px), which the rest carry as it is.
    const yolo = CARRY.yolo;
    assert.ok(yolo);
    assertBoxesMatch(
      boxesByGroup(dataset.annotations, asIs),
      boxesByGroup(source.annotations, yolo.boxes),
      CARRY.voc?.tolerance ?? TOLERANCE,
      'chain',
    );
    assert.deepEqual(
      dataset.samples.map((s) => s.key).sort(),
      source.samples.map((s) => s.key).sort(),
      'sample keys after the chain',
    );
    const used = [...new Set(source.annotations.map((a) => a.label))].sort();
    assert.deepEqual(
      [...new Set(dataset.classes.map((c) => c.name))].sort(),
      used,
      'class names after the chain',
    );
  });
});
