/**
 * rankFormats / detectFormat over every registered format and the real fixtures: each annotation file
 * or dataset folder is claimed by its own format (≥ 0.5, with a reason, ahead of every other claim),
 * and every other fixture path, a random text file, an empty folder and a PNG are claimed by none.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { locateWritten } from './_cross-format-kit.js';
import { conformanceDataset, renderImage } from './conformance.js';
import { detectFormat, rankFormats } from './detect-format.js';
import { formats } from './index.js';
import { isPointFormat } from './point-formats.js';

const TEXT_FORMAT_IDS = ['text-csv', 'text-jsonl', 'conll', 'label-studio-text', 'brat'];

import { toPosix } from './paths.js';

const io = createNodeFormatIO();
const FIXTURES = toPosix(sharedFixture(''));
const fixture = (rel: string): string => `${FIXTURES}${rel}`.replace(/\/$/, '');
const DM = 'format-samples/datumaro';
const LS = 'format-samples/label-studio';

/** One fixture path (relative to fixtures/) and the format that must win, with why it is that format. */
type Row = [path: string, format: string, why: string];

const ROWS: Row[] = [
  // COCO: an object with images + annotations + categories lists, or a results list of
  // {image_id, category_id, ...} records.
  [
    'coco-val2014-100/instances_val2014_100.json',
    'coco',
    '{annotations, images, categories, info, licenses}',
  ],
  [
    'coco-val2014-100/instances_val2014_fakebbox100_results.json',
    'coco',
    '[{image_id, category_id, bbox, score}]',
  ],
  [
    'coco-val2014-100/instances_val2014_fakesegm100_results.json',
    'coco',
    '[{image_id, category_id, segmentation, score}]',
  ],
  [
    'coco-keypoints-139099/gt.json',
    'coco',
    '{images, annotations: [{keypoints, num_keypoints, ...}], categories}',
  ],
  ['coco-keypoints-139099/dt.json', 'coco', '[{image_id, category_id, bbox, keypoints, score}]'],
  ['synthetic-det500/det500/gt.json', 'coco', '{images, categories, annotations: [{bbox, iscrowd, ...}]}'],
  ['synthetic-det500/det500/dt_bbox.json', 'coco', '[{image_id, category_id, bbox, score}]'],
  [
    'synthetic-det500/det500_segm/gt.json',
    'coco',
    '{images, categories, annotations: [{segmentation, ...}]}',
  ],
  ['synthetic-det500/det500_segm/dt_bbox.json', 'coco', '[{image_id, category_id, bbox, score}]'],
  [
    'synthetic-det500/det500_segm/dt_segm.json',
    'coco',
    '[{image_id, category_id, bbox, score, segmentation}]',
  ],
  ...[
    'captions_train',
    'captions_val',
    'image_info_train',
    'image_info_val',
    'instances_train',
    'instances_val',
    'labels_train',
    'labels_val',
    'person_keypoints_train',
    'person_keypoints_val',
    'stuff_train',
    'stuff_val',
  ].map(
    (name): Row => [
      `${DM}/coco_dataset/coco/annotations/${name}.json`,
      'coco',
      'datumaro COCO task file: {licenses, info, categories, images, annotations}',
    ],
  ),
  // Panoptic files: annotations carry segments_info, their PNGs in the folder of the same name.
  ...['panoptic_train', 'panoptic_val'].map(
    (name): Row => [
      `${DM}/coco_dataset/coco/annotations/${name}.json`,
      'coco-panoptic',
      '{images, categories, annotations: [{file_name, segments_info}]} beside panoptic_<subset>/',
    ],
  ),
  // COCO folders: one instances_<split>.json per split (read with their splits, issue 11), here or in
  // annotations/; a folder with one instances file beside results lists.
  [
    `${DM}/coco_dataset/coco/annotations`,
    'coco',
    'instances_train.json + instances_val.json (+ other tasks)',
  ],
  [`${DM}/coco_dataset/coco`, 'coco', 'annotations/instances_{train,val}.json'],
  ['coco-val2014-100', 'coco', 'instances_val2014_100.json beside *_results.json lists'],
  // CVAT for images 1.1: an <annotations> root whose first child is <version>1.1</version>.
  [`${DM}/cvat_dataset/for_images/export_task/train.xml`, 'cvat', '<annotations><version>1.1 <meta><task>'],
  [
    `${DM}/cvat_dataset/for_images/export_project/annotations.xml`,
    'cvat',
    '<annotations><version>1.1 <meta><project>',
  ],
  [`${DM}/cvat_dataset/for_images/export_project`, 'cvat', 'folder holding that annotations.xml'],
  // Issue 11: a folder no format claims is claimed through its one annotation file (detectFormat).
  [`${DM}/cvat_dataset/for_images/export_task`, 'cvat', 'folder holding that train.xml only'],
  // Pascal VOC: XML with an <annotation> root holding <size> and <object><bndbox>.
  ['format-samples/voc-real/000001.xml', 'voc', '<annotation><folder>VOC2007, <object><bndbox>'],
  ['format-samples/voc-real', 'voc', 'folder of VOC .xml files'],
  [
    `${DM}/voc_dataset/voc_dataset1/Annotations/2007_000001.xml`,
    'voc',
    '<annotation><size>, <object><bndbox>',
  ],
  [`${DM}/voc_dataset/voc_dataset1/Annotations`, 'voc', 'Annotations/ of VOC .xml files'],
  [`${DM}/voc_dataset/voc_dataset1`, 'voc', 'VOCdevkit layout: Annotations/, JPEGImages/, ImageSets/'],
  // YOLO: class names (obj.names, classes.txt) or obj.data beside `cls cx cy w h` label files.
  [
    `${DM}/yolo_dataset/strict`,
    'yolo',
    'darknet: obj.data ("classes = 10"), obj.names, obj_train_data/1.txt',
  ],
  [`${DM}/yolo_dataset/strict/obj.data`, 'yolo', 'darknet obj.data: classes, train, names'],
  [`${DM}/yolo_dataset/strict/obj.names`, 'yolo', 'label_0..label_9 beside obj_train_data/1.txt'],
  [`${DM}/yolo_dataset/annotations`, 'yolo', 'obj.names + Annotations/1.txt ("2 0.133333 0.300000 ...")'],
  [`${DM}/yolo_dataset/annotations/obj.names`, 'yolo', 'obj.names beside Annotations/1.txt'],
  [`${DM}/yolo_dataset/labels`, 'yolo', 'obj.names + images/{train,val} + labels/{train,val}/1.txt'],
  [`${DM}/yolo_dataset/labels/obj.names`, 'yolo', 'obj.names beside labels/train/1.txt'],
  [`${DM}/vott_json_dataset/dataset`, 'vott', 'the folder holding train-export.json (VoTT JSON export)'],
  [`${DM}/vott_json_dataset/dataset/train-export.json`, 'vott', '{tags, assets: {<id>: {asset, regions}}}'],
  [`${DM}/mot_dataset`, 'mot', 'two MOT sequences: mot_seq/gt/gt.txt, mot_seq_with_seqinfo/gt/gt.txt'],
  [`${DM}/mot_dataset/mot_seq`, 'mot', 'gt/gt.txt of frame,id,x,y,w,h,… rows beside img1/'],
  [`${DM}/mot_dataset/mot_seq/gt`, 'mot', 'the folder holding gt.txt (claimed through it)'],
  [`${DM}/mot_dataset/mot_seq/gt/gt.txt`, 'mot', 'frame,id,x,y,w,h,not_ignored,class,visibility rows'],
  [
    `${LS}/test_import_yolo_data`,
    'yolo',
    'classes.txt (closed_door, opened_door, bus, number) + labels/img_*.txt',
  ],
  [
    `${LS}/test_import_yolo_data/classes.txt`,
    'yolo',
    'classes.txt beside labels/img_1.txt ("2 0.49765625 ...")',
  ],
  // Label Studio JSON: a list of tasks with data and annotations/predictions.
  ...[
    'test_export_csv/csv_test.json',
    // the converter's input for its JSON-MIN test: a full export, not JSON-MIN
    'test_export_json_min/data.json',
    'test_export_json_min/data_repeater.json',
    'test_export_yolo/data.json',
    'test_export_yolo/data_obb.json',
    'test_export_yolo/data_polygons.json',
  ].map((name): Row => [`${LS}/${name}`, 'label-studio', '[{id, annotations, predictions, data, ...}]']),
  // Text tasks: data holds a text (or other plain strings) and no image reference.
  ...['test_export_csv/csv_test2.json', 'test_export_csv/csv_test_history.json'].map(
    (name): Row => [`${LS}/${name}`, 'label-studio-text', '[{id, annotations, data: {text}}]'],
  ),
];

/**
 * Fixture paths that look like a format at first sight but are none of ours; each was once claimed
 * (regression rows). Each is checked as "claimed by no format", with why it is not that format.
 */
const LOOKALIKES: [path: string, why: string][] = [
  [
    `${DM}/labelme_dataset/Annotations/subset1/img1.xml`,
    'LabelMe XML: root <annotation> as VOC, but no <size>/<bndbox>',
  ],
  [`${DM}/labelme_dataset/Annotations/subset1`, 'a folder of LabelMe XML (see above)'],
  [`${DM}/yolo_dataset/labels/images`, 'train/1.jpg + val/1.jpg: split folders without class folders'],
];

/** Every file and folder below the fixture sets these tests cover, relative to fixtures/. */
async function fixturePaths(): Promise<string[]> {
  const out: string[] = [];
  for (const set of ['format-samples', 'coco-val2014-100', 'coco-keypoints-139099', 'synthetic-det500']) {
    out.push(set);
    const entries = await readdir(fixture(set), { recursive: true });
    out.push(...entries.map((e) => `${set}/${toPosix(String(e))}`));
  }
  return out.sort();
}

async function unknownFormat(path: string): Promise<AssayError> {
  const error = await detectFormat(formats, path, io).then(
    (found) => assert.fail(`${found.format.id} claims ${path}: ${found.detection.reason}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AssayError, String(error));
  assert.equal(error.code, 'UNKNOWN_FORMAT');
  return error;
}

describe('detect-format: each fixture is claimed by its own format', () => {
  for (const [rel, id, why] of ROWS) {
    it(`${rel} → ${id} (${why})`, async () => {
      const path = fixture(rel);
      const [best, second] = await rankFormats(formats, path, io);
      assert.ok(best, `some format claims ${rel}`);
      assert.equal(best.format.id, id, `winner for ${rel}: ${best.detection.reason}`);
      assert.ok(best.detection.confidence >= 0.5, `confidence ${best.detection.confidence}`);
      assert.ok(best.detection.reason.trim().length > 0, 'the claim gives a reason');
      if (second) {
        assert.ok(
          second.detection.confidence < best.detection.confidence,
          `${second.format.id} ties with ${id}: ${second.detection.reason}`,
        );
      }
      assert.equal((await detectFormat(formats, path, io)).format.id, id);
    });
  }
});

describe('detect-format: what each writer produces is detected as its format', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-detect-written-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // No fixture holds class-csv or class-folders data, so these rows also cover those two formats. The
  // conformance dataset has one image label; classification formats get one per image (cat, dog, cat)
  // so that class folders have the two folders they need to be recognised.
  // Text formats write only text samples (the image dataset has none); their tests detect their output.
  // Point formats write LiDAR recordings; their tests detect their own output.
  // A read-only format (image-folder: photos without annotations) has no output; its test detects its layout.
  for (const format of formats.filter(
    (f) => f.write !== undefined && !TEXT_FORMAT_IDS.includes(f.id) && !isPointFormat(f),
  )) {
    it(`${format.id}: its own output (conformance dataset) is detected as ${format.id}`, async () => {
      assert.ok(format.write, `${format.id} has a writer`);
      const dataset = conformanceDataset(format, ['a.jpg', 'b.png', 'c.jpg']);
      if (format.tasks.every((kind) => kind === 'classification')) {
        dataset.annotations = dataset.samples.map((s, i) => ({
          sample: s.key,
          source: 'ground_truth',
          kind: 'classification',
          label: i % 2 === 0 ? 'cat' : 'dog',
        }));
      }
      const images = `${dir}/${format.id} images`;
      for (const [i, s] of dataset.samples.entries())
        await renderImage(`${images}/${s.key}`, s.width ?? 32, s.height ?? 32, i);
      const outDir = `${dir}/${format.id} out`;
      await format.write({ dataset, imagesRoot: images, outDir, io });
      const found = await detectFormat(formats, locateWritten(format.id, outDir), io);
      assert.equal(found.format.id, format.id, found.detection.reason);
    });
  }
});

describe('detect-format: what no format may claim', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-detect-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a random text file, an empty folder and a PNG: no claim at all; the hint lists every format', async () => {
    const text = `${dir}/notes.txt`;
    await writeFile(text, 'Shopping list\n2 apples\n1 loaf of bread, sliced\n');
    const empty = `${dir}/empty folder`;
    await mkdir(empty);
    const png = `${dir}/picture.png`;
    await renderImage(png, 40, 30);
    for (const path of [text, empty, png]) {
      assert.deepEqual(
        (await rankFormats(formats, path, io)).map((r) => `${r.format.id}: ${r.detection.reason}`),
        [],
        path,
      );
      const error = await unknownFormat(path);
      assert.ok(error.message.includes(path), error.message);
      for (const f of formats) assert.ok(error.hint?.includes(f.id), `hint names ${f.id}: ${error.hint}`);
    }
  });

  for (const [rel, why] of LOOKALIKES) {
    it(`${rel} is claimed by no format (${why})`, async () => {
      await unknownFormat(fixture(rel));
    });
  }

  it('every other fixture path (images, label .txt files, READMEs, other formats) is claimed by none', async () => {
    const known = new Set([...ROWS.map((r) => r[0]), ...LOOKALIKES.map((m) => m[0])]);
    const claimed: string[] = [];
    for (const rel of await fixturePaths()) {
      if (known.has(rel)) continue;
      const best = (await rankFormats(formats, fixture(rel), io))[0];
      if (best && best.detection.confidence >= 0.5)
        claimed.push(`${rel}: ${best.format.id} ${best.detection.confidence} (${best.detection.reason})`);
    }
    assert.deepEqual(claimed, [], 'claimed paths (a new fixture of a known format needs a row in ROWS)');
  });
});
