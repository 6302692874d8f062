/**
 * Issue 10 (formats in the wild): Label Studio's CSV export of image tasks (the JSON-MIN rows as a
 * table: `image,id,label,annotator,annotation_id,created_at,updated_at,lead_time`, the regions a JSON
 * cell). import auto took it for a class CSV: a relative image became one classification whose class
 * was named by the JSON text (`[{"x": 10, …, "rectanglelabels": ["Car"]}]`), an upload path was refused
 * as absolute. It is read as Label Studio (as its JSON-MIN), and `import class-csv` refuses it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { classCsv } from '../classification/class-csv-format.js';
import { emptyLookup } from '../conformance.js';
import { rankFormats } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { labelStudio } from './label-studio-format.js';

const io = createNodeFormatIO();

const region = (x: number, label: string) =>
  JSON.stringify([
    {
      x,
      y: 20,
      width: 30,
      height: 40,
      rotation: 0,
      rectanglelabels: [label],
      original_width: 200,
      original_height: 100,
    },
  ]).replace(/"/g, '""');

describe('issue 10: Label Studio CSV export', () => {
  let file = '';
  before(async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-csv-')));
    file = `${dir}/project-1-at-2024-01-01.csv`;
    await writeFile(
      file,
      'image,id,label,annotator,annotation_id,created_at,updated_at,lead_time\r\n' +
        `/data/upload/1/7b3f1c2e-a.jpg,1,"${region(10, 'Car')}",me@example.com,1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,3.2\r\n` +
        `/data/upload/1/0c1d2e3f-b.jpg,2,"${region(50, 'Bus')}",you@example.com,2,2024-01-02T00:00:00Z,2024-01-02T00:00:00Z,1.5\r\n` +
        '/data/upload/1/9a8b7c6d-c.jpg,3,,me@example.com,3,2024-01-03T00:00:00Z,2024-01-03T00:00:00Z,0.4\r\n',
    );
  });
  after(() => rm(join(file, '..'), { recursive: true, force: true }));

  it('import auto names it Label Studio, ahead of the class CSV', async () => {
    const [best] = await rankFormats(formats, file, io);
    assert.equal(best?.format.id, 'label-studio');
    assert.match(best?.detection.reason ?? '', /Label Studio CSV export/);
  });

  it('is read as its JSON-MIN rows: boxes in pixels, one annotator source each', async () => {
    // The images are not beside the file: each upload keeps its file name as the key (and is reported).
    const r = await labelStudio.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.source, a.label, a.bbox]),
      [
        ['7b3f1c2e-a.jpg', 'annotator:me@example.com', 'Car', [20, 20, 60, 40]],
        ['0c1d2e3f-b.jpg', 'annotator:you@example.com', 'Bus', [100, 20, 60, 40]],
      ],
    );
    assert.deepEqual(r.samples.map((s) => [s.key, s.width, s.height]).slice(0, 2), [
      ['7b3f1c2e-a.jpg', 200, 100],
      ['0c1d2e3f-b.jpg', 200, 100],
    ]);
  });

  it('import class-csv refuses it and names the command', async () => {
    await assert.rejects(
      classCsv.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
      (e: unknown) =>
        e instanceof AssayError &&
        /Label Studio's CSV export/.test(e.message) &&
        /import label-studio/.test(e.hint ?? ''),
    );
  });
});

/**
 * A task of several images (label-studio-converter's tests/data/test_export_json_min/data_repeater.json:
 * `data.images: [{url}, {url}, {url}]`, results to page_0, page_1…; or `<Image valueList="$images">`,
 * results with item_index) was skipped ("the task has no image reference in data", later "Assay reads
 * one image per task"). Each image is now a sample, each result on the image it names.
 */
describe('issue 10: a Label Studio task of several images', () => {
  it('reads each image of a Repeater (to_name page_<i>) or valueList (item_index) task', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-repeater-')));
    try {
      const file = `${dir}/data_repeater.json`;
      const images = [1, 2, 3].map((n) => ({ url: `https://example.org/example${n}.jpeg` }));
      const box = (id: string, to: Record<string, unknown>, label: string) => ({
        id,
        type: 'rectanglelabels',
        from_name: 'labels_0',
        original_width: 1280,
        original_height: 720,
        value: { x: 10, y: 50, width: 20, height: 20, rotation: 0, rectanglelabels: [label] },
        ...to,
      });
      const repeater = [
        box('r1', { to_name: 'page_0' }, 'Title'),
        {
          id: 'r1',
          type: 'taxonomy',
          to_name: 'page_0',
          from_name: 'c_0',
          value: { taxonomy: [['Archaea']] },
        },
        box('r2', { to_name: 'page_2' }, 'Table'),
        box('r3', { to_name: 'page' }, 'Lost'),
      ];
      const valueList = [box('v1', { to_name: 'image', item_index: 1 }, 'Title')];
      await writeFile(
        file,
        JSON.stringify([
          { id: 86, data: { images }, annotations: [{ id: 1, result: repeater }] },
          { id: 87, data: { pages: ['b1.jpg', 'b2.jpg'] }, annotations: [{ id: 2, result: valueList }] },
        ]),
      );
      const r = await labelStudio.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
      assert.deepEqual(
        r.samples.map((s) => [s.key, s.width, s.height, s.originalId]),
        [
          ['example1.jpeg', 1280, 720, undefined],
          ['example2.jpeg', undefined, undefined, undefined],
          ['example3.jpeg', 1280, 720, undefined],
          ['b1.jpg', undefined, undefined, undefined],
          ['b2.jpg', 1280, 720, undefined],
        ],
      );
      assert.deepEqual(
        r.annotations.map((a) => [a.sample, a.label, a.bbox, a.attributes]),
        [
          ['example1.jpeg', 'Title', [128, 360, 256, 144], { c_0: 'Archaea' }],
          ['example3.jpeg', 'Table', [128, 360, 256, 144], undefined],
          ['b2.jpg', 'Title', [128, 360, 256, 144], undefined],
        ],
      );
      const skipped = r.problems.filter((p) => p.severity === 'error');
      assert.deepEqual(
        skipped.map((p) => [p.record, p.reason]),
        [
          [
            'task 86 annotation 1 result r3',
            'the task holds 3 images and the result names none of them (to_name "page", no item_index)',
          ],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
