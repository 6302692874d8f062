/**
 * Issue 10: a class CSV with 100,000 probability columns hung: each row looked every class up among
 * the columns (findIndex per class) and the class list was merged with includes, so the cost grew with
 * the square of the columns. It is read in linear time now, and more columns or values than Assay keeps
 * in memory are refused (UNSUPPORTED, exit 2) naming the file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError, exitCodeFor } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { boxCsv } from '../box-csv/box-csv-format.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { classCsv } from './class-csv-format.js';
import { MAX_PROB_COLUMNS } from './class-csv-read.js';

const io = createNodeFormatIO();

function csv(columns: number, rows: number): string {
  const names = Array.from({ length: columns }, (_, i) => `c${i}`);
  const lines = [`path,${names.join(',')}`];
  for (let r = 0; r < rows; r++) {
    const probs = names.map((_, i) => (i === (r * 7919) % columns ? '0.9' : '0'));
    lines.push(`img${r}.jpg,${probs.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('issue 10: class CSV with very many probability columns', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-csv-cols-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('40,000 columns × 10 rows are read in linear time', { timeout: 30_000 }, async () => {
    const file = `${dir}/wide.csv`;
    await writeFile(file, csv(40_000, 10));
    const started = performance.now();
    const r = await classCsv.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.classes.length, 40_000);
    assert.equal(r.annotations.length, 10);
    // row 3: the 0.9 sits in column (3 * 7919) % 40000 = 23757
    assert.equal(r.annotations.find((a) => a.sample === 'img3.jpg')?.label, 'c23757');
    assert.ok(seconds < 15, `read in ${seconds.toFixed(1)} s`);
  });

  it('100,000 columns are refused as UNSUPPORTED naming the file', { timeout: 30_000 }, async () => {
    const file = `${dir}/wider.csv`;
    await writeFile(file, csv(100_000, 3));
    await assert.rejects(
      classCsv.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
      (e: unknown) =>
        e instanceof AssayError &&
        e.code === 'UNSUPPORTED' &&
        exitCodeFor(e) === 2 &&
        e.message.includes(file) &&
        e.message.includes(MAX_PROB_COLUMNS.toLocaleString('en-US')),
    );
  });
});

describe('issue 10: class CSV headers', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-csv-head-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: Array<[string, string, RegExp]> = [
    ['a class column without a name', 'path,cat,,dog\na.jpg,0.5,0.2,0.3\n', /column 3 has no name/],
    [
      'a class column named twice',
      'path,cat,dog,cat\na.jpg,0.5,0.2,0.3\n',
      /column 4 repeats the name "cat"/,
    ],
  ];
  for (const [name, text, message] of cases) {
    it(`${name} is INVALID_INPUT naming the column`, async () => {
      const file = `${dir}/${name.replace(/\W+/g, '-')}.csv`;
      await writeFile(file, text);
      await assert.rejects(
        classCsv.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
        (e: unknown) => e instanceof AssayError && exitCodeFor(e) === 2 && message.test(e.message),
      );
    });
  }
});

/**
 * Issue 10 (formats in the wild): the TensorFlow Object Detection CSV (Kaggle and Roboflow exports,
 * `filename,width,height,class,xmin,ymin,xmax,ymax`, one row per box) was detected as a class CSV
 * (80%) and read as 3 image labels with 8 classes: its six numeric columns became class
 * probabilities. class-csv leaves it to box-csv (box-csv/box-csv.test.ts), and `import class-csv` of it is
 * a USAGE error naming the box-csv import.
 */
describe('issue 10: a box CSV is no class CSV', () => {
  let file = '';
  before(async () => {
    file = `${toPosix(await mkdtemp(join(tmpdir(), 'assay-box-csv-')))}/train_labels.csv`;
    await writeFile(
      file,
      'filename,width,height,class,xmin,ymin,xmax,ymax\r\ncam_image1.jpg,480,270,queen,173,24,260,137\r\n' +
        'cam_image1.jpg,480,270,queen,165,135,253,251\r\ncam_image2.jpg,960,540,ten,501,116,700,353\r\n',
    );
  });
  after(() => rm(join(file, '..'), { recursive: true, force: true }));

  it('class-csv does not claim it; box-csv does', async () => {
    assert.equal(await classCsv.detect(file, io), undefined);
    assert.match(
      (await boxCsv.detect(file, io))?.reason ?? '',
      /a box CSV \(image paths with columns xmin, ymin, xmax, ymax\)/,
    );
  });

  it('reading it as class-csv is a USAGE error naming the box-csv import', async () => {
    await assert.rejects(
      classCsv.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
      (e: unknown) =>
        e instanceof AssayError &&
        e.code === 'USAGE' &&
        e.message.startsWith(`${file} is a box CSV`) &&
        e.hint === `Import it as boxes: assay import box-csv ${file}`,
    );
  });
});
