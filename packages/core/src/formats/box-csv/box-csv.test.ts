/**
 * Issue 10 (formats in the wild): box CSVs were refused ("Assay does not read boxes from a CSV"). The
 * forms below are written from their descriptions: the TensorFlow Object Detection CSV as Roboflow
 * exports it (train/_annotations.csv beside the images), `image,label,x_min,y_min,x_max,y_max` with
 * normalised values, supervision's CSVSink rows with an image column, Keras RetinaNet's headerless CSV.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { classCsv } from '../classification/class-csv-format.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { boxCsv } from './box-csv-format.js';

describeConformance(boxCsv);

const io = createNodeFormatIO();
const read = (path: string, images?: string) =>
  boxCsv.read({ path, ...(images ? { images } : {}), source: 'ground_truth', io, lookup: emptyLookup });
const boxes = (r: Awaited<ReturnType<typeof read>>) => r.annotations.map((a) => [a.sample, a.label, a.bbox]);

describe('issue 10: box CSVs in the wild', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-box-csv-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('Roboflow TensorFlow CSV per split folder: detected by import auto, pixels, an image without boxes', async () => {
    const root = `${dir}/roboflow`;
    await renderImage(`${root}/train/a_jpg.rf.1.jpg`, 64, 48);
    await renderImage(`${root}/train/b_jpg.rf.2.jpg`, 64, 48);
    await renderImage(`${root}/valid/c_jpg.rf.3.jpg`, 64, 48);
    await renderImage(`${root}/valid/d_jpg.rf.4.jpg`, 64, 48); // no box: Roboflow writes no row
    await writeFile(
      `${root}/train/_annotations.csv`,
      'filename,width,height,class,xmin,ymin,xmax,ymax\r\na_jpg.rf.1.jpg,64,48,cat,1,2,11,22\r\na_jpg.rf.1.jpg,64,48,dog,10,10,64,48\r\nb_jpg.rf.2.jpg,64,48,,,,,\r\n',
    );
    await writeFile(
      `${root}/valid/_annotations.csv`,
      'filename,width,height,class,xmin,ymin,xmax,ymax\nc_jpg.rf.3.jpg,64,48,cat,0,0,5,5\n',
    );
    const detected = await detectFormat(formats, root, io);
    assert.equal(detected.format.id, 'box-csv', detected.detection.reason);
    const auto = formats.find((f) => f.id === 'box-csv');
    const r = await auto!.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height]),
      [
        ['train/a_jpg.rf.1.jpg', 'train', 64, 48],
        ['train/b_jpg.rf.2.jpg', 'train', 64, 48],
        ['valid/c_jpg.rf.3.jpg', 'val', 64, 48],
        ['valid/d_jpg.rf.4.jpg', 'val', undefined, undefined],
      ],
    );
    assert.deepEqual(boxes(r), [
      ['train/a_jpg.rf.1.jpg', 'cat', [1, 2, 10, 20]],
      ['train/a_jpg.rf.1.jpg', 'dog', [10, 10, 54, 38]],
      ['valid/c_jpg.rf.3.jpg', 'cat', [0, 0, 5, 5]],
    ]);
    assert.deepEqual(r.problems, []);
  });

  it('image,label,x_min,… with normalised values: sizes from the image files; a mixed file is refused', async () => {
    const root = `${dir}/normalised`;
    await renderImage(`${root}/images/p.png`, 100, 50);
    await writeFile(`${root}/boxes.csv`, 'image,label,x_min,y_min,x_max,y_max\np.png,car,0.1,0.2,0.5,1\n');
    const r = await read(`${root}/boxes.csv`);
    assert.equal(r.imagesRoot, `${root}/images`);
    assert.deepEqual(boxes(r), [['p.png', 'car', [10, 10, 40, 40]]]);
    assert.ok(
      r.notes?.some((n) => n.includes('fractions of the image size')),
      JSON.stringify(r.notes),
    );
    await writeFile(
      `${root}/mixed.csv`,
      'image,label,x_min,y_min,x_max,y_max\np.png,car,0.1,0.2,0.5,1\np.png,car,0.2,0.2,0.3,0.4\np.png,car,10,10,40,40\n',
    );
    await assert.rejects(read(`${root}/mixed.csv`), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.equal(e.code, 'INVALID_INPUT');
      assert.match(
        e.message,
        /mixes normalised and pixel coordinates: 2 of 3 boxes lie within \[0, 1\], but line 4/,
      );
      return true;
    });
  });

  it('supervision CSVSink rows with an image column: class_name, confidence as score', async () => {
    const root = `${dir}/supervision`;
    await writeFile(
      `${root}.csv`,
      'x_min,y_min,x_max,y_max,class_id,confidence,tracker_id,class_name,image_name\n2.5,3,12.5,13,0,0.91,,person,frame_0001.jpg\n',
    );
    const r = await read(`${root}.csv`);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.bbox, a.score]),
      [['frame_0001.jpg', 'person', [2.5, 3, 10, 10], 0.91]],
    );
    assert.ok(r.notes?.some((n) => n.includes('--as prediction:<model>')));
  });

  // VoTT's CSV export per split (Datumaro's tests/assets/vott_csv_dataset: train-export.csv, test-export.csv,
  // quoted cells) and TensorFlow's tutorial (train_labels.csv, test_labels.csv): "import one at a time".
  it('one CSV per split in a folder (VoTT <split>-export.csv): read together, each file its split', async () => {
    const root = `${dir}/vott`;
    await renderImage(`${root}/img0001.jpg`, 40, 40);
    await renderImage(`${root}/img0003.jpg`, 40, 40);
    const header = '"image","xmin","ymin","xmax","ymax","label"\n';
    await writeFile(`${root}/test-export.csv`, `${header}"img0001.jpg",10,5,20,7,"helmet"\n`);
    await writeFile(`${root}/train-export.csv`, `${header}"img0003.jpg",6.7,10.3,10,15,"helmet"\n`);
    const detected = await detectFormat(formats, root, io);
    assert.equal(detected.format.id, 'box-csv', detected.detection.reason);
    const r = await read(root);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['img0001.jpg', 'test'],
        ['img0003.jpg', 'train'],
      ],
    );
    assert.equal(r.annotations.length, 2);
  });

  // Datumaro's tests/assets/kaggle_dataset/image_csv_det/ann2.csv form: it was read as a class CSV whose
  // x1, y1, w, h columns were class probabilities (6 classes of 3 images).
  it('Kaggle corner-and-size columns (image_name,label_name,x1,y1,w,h): boxes, not class probabilities', async () => {
    const file = `${dir}/kaggle.csv`;
    await writeFile(
      file,
      'image_name,label_name,x1,y1,w,h\n1.jpg,dog,0,1,1,1\n1.jpg,cat,1,2,2,1\n2.jpg,cat,0,0,-1,1\n',
    );
    assert.equal(await classCsv.detect(file, io), undefined);
    const r = await read(file);
    assert.deepEqual(boxes(r), [
      ['1.jpg', 'dog', [0, 1, 1, 1]],
      ['1.jpg', 'cat', [1, 2, 2, 1]],
    ]);
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.reason]),
      [['line 4', 'the box has a negative size (w -1, h 1)']],
    );
  });

  it('Keras RetinaNet CSV (no header), bad rows named by line', async () => {
    const file = `${dir}/retinanet.csv`;
    await writeFile(
      file,
      'img/1.jpg,10,20,30,40,cow\nimg/2.jpg,,,,,\nimg/1.jpg,30,20,10,40,cow\nimg/1.jpg,1,2,x,4,cow\n',
    );
    const r = await read(file);
    assert.deepEqual(boxes(r), [['img/1.jpg', 'cow', [10, 20, 20, 20]]]);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['img/1.jpg', 'img/2.jpg'],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.reason.slice(0, 39)]),
      [
        ['line 3', 'the box ends before it starts (x1 30 > '],
        ['line 4', 'the box x1, y1, x2, y2 = 1, 2, x, 4 is '],
      ],
    );
  });
});
