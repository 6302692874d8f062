import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { labelStudio } from './label-studio-format.js';
import { labelStudioKey } from './label-studio-key.js';

const LS = toPosix(sharedFixture('format-samples/label-studio/'));
const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth') =>
  labelStudio.read({ path, source, io, lookup: emptyLookup });
const close = (a: number | undefined, b: number, what: string) =>
  assert.ok(Math.abs((a ?? Number.NaN) - b) < 1e-6, `${what}: ${a} vs ${b}`);

describeConformance(labelStudio, {
  locate: (outDir) => ({ path: `${outDir}/label-studio.json` }),
  skip: {
    edge_coordinates:
      'issue 11 item 14: the Label Studio writer still writes negative percentages for boxes past the edge, which its reader refuses',
  },
});

describe('label-studio: image references', () => {
  it('strips upload and local-files prefixes; refuses absolute, URL and ..', () => {
    assert.deepEqual(labelStudioKey('/data/upload/29/example.png'), { key: 'example.png' });
    assert.deepEqual(labelStudioKey('/data/local-files/?d=photos%2Fa%20b.jpg'), { key: 'photos/a b.jpg' });
    assert.deepEqual(labelStudioKey('sub/x.jpg'), { key: 'sub/x.jpg' });
    for (const bad of [
      '/image1',
      'https://data.heartex.net/x.jpg',
      's3://b/x.jpg',
      '../x.jpg',
      '/data/upload/1/../../etc/passwd',
    ]) {
      assert.ok('refused' in labelStudioKey(bad), bad);
    }
  });
});

describe('label-studio: fixtures (label-studio-converter tests/data)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  /** A copy of a fixture whose data.image "/imageN" is rewritten to an upload path Assay accepts. */
  const uploaded = async (name: string): Promise<string> => {
    const text = await readFile(`${LS}test_export_yolo/${name}`, 'utf8');
    const path = `${dir}/${name}`;
    await writeFile(path, text.replace(/"\/image(\d)"/g, '"/data/upload/1/image$1.jpg"'));
    return path;
  };

  it('data.json as exported: "/image1" is absolute, so each task is a problem', async () => {
    const r = await read(`${LS}test_export_yolo/data.json`);
    assert.equal(r.samples.length, 0);
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0]?.reason ?? '', /"\/image1" is absolute/);
    assert.equal(r.problems[0]?.record, 'task 1');
  });

  it('data.json: two annotators become two sources; percent → pixels of 2800x2800', async () => {
    const r = await read(await uploaded('data.json'));
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.width, s.height, s.originalId]),
      [
        ['image1.jpg', 2800, 2800, 1],
        ['image2.jpg', 2800, 2800, 2],
      ],
    );
    // task 1: annotation 1 completed_by 2, annotation 2 completed_by 1; task 2: completed_by 1
    assert.deepEqual([...new Set(r.annotations.map((a) => a.source))].sort(), ['annotator:1', 'annotator:2']);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['parasites', 'white'],
    );
    assert.equal(r.annotations.length, 6);
    const first = r.annotations[0];
    // "x": 37.15846994535519, "y": 70.67395264116576, "width": 4.189435336976321, "height": 4.735883424408015
    const expected = [37.15846994535519, 70.67395264116576, 4.189435336976321, 4.735883424408015].map(
      (v) => v * 28,
    );
    for (const [i, v] of expected.entries()) close(first?.bbox?.[i], v, `bbox[${i}]`);
    assert.equal(first?.source, 'annotator:2');
    assert.equal(first?.originalId, 'C7oHaRDVVC');
    assert.equal(r.problems.length, 0);
  });

  it('data_obb.json: rotated rectangles keep their envelope and the rotation', async () => {
    const r = await read(await uploaded('data_obb.json'));
    const first = r.annotations[0];
    // value x 10.537066764905694, y 79.55767690059092, w 19.045470024656689, h 8.132522043893883 of 597x768,
    // rotation 328.33240366032836 (as a double 328.3324036603283...) about the top-left corner; envelope computed with Python's math module
    close(first?.attributes?.rotation as number, 328.3324036603283, 'rotation');
    const expected = [62.90628858648699, 551.3107868016946, 129.5619650627254, 112.85048853245121];
    for (const [i, v] of expected.entries()) close(first?.bbox?.[i], v, `bbox[${i}]`);
    // 23 + 1 + 1 rectangles; task 10961 uses "butterfly", the others "Butterfly"
    assert.equal(r.annotations.length, 25);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['Butterfly', 'butterfly'],
    );
  });

  it('data_polygons.json: 37 polygon points in percent of 640x426', async () => {
    const r = await read(await uploaded('data_polygons.json'));
    const polygon = r.annotations[0];
    assert.equal(polygon?.kind, 'polygon');
    assert.equal(polygon?.label, 'Airplane');
    assert.equal(polygon?.points?.[0]?.length, 74);
    // first point [60, 19.55922865013774] → (384, 83.3223...)
    close(polygon?.points?.[0]?.[0], 384, 'x0');
    close(polygon?.points?.[0]?.[1], (19.55922865013774 * 426) / 100, 'y0');
  });

  it('test_export_json_min/data.json: /data/upload/29/example.png, one annotator → ReadInput.source', async () => {
    const r = await read(`${LS}test_export_json_min/data.json`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.width, s.height]),
      [['example.png', 128, 128]],
    );
    assert.equal(r.annotations[0]?.source, 'ground_truth');
    const r2 = await read(`${LS}test_export_json_min/data.json`, 'annotator:alice');
    assert.equal(r2.annotations[0]?.source, 'annotator:alice');
    // first point [44.44444444444444, 48.25396825396825] of 128x128
    close(r.annotations[0]?.points?.[0]?.[0], 56.888888888888886, 'x0');
  });

  it('csv_test.json: URL images are refused; with local names, predictions keep scores', async () => {
    const original = await read(`${LS}test_export_csv/csv_test.json`);
    assert.equal(original.samples.length, 0);
    assert.match(original.problems[0]?.reason ?? '', /is a URL/);
    const text = await readFile(`${LS}test_export_csv/csv_test.json`, 'utf8');
    const path = `${dir}/csv_test.json`;
    await writeFile(path, text.replace(/https:\/\/data\.heartex\.net\/open-images\/train_0\/mini\//g, ''));
    const r = await read(path);
    // completed_by {"email": "hakan@heartex.com"} on both tasks → one annotator → ground_truth
    const gt = r.annotations.filter((a) => a.source === 'ground_truth');
    assert.equal(gt.length, 3);
    // predictions: model_version "model 0", result score 0.23053804129850775 (prediction score 0.72...)
    const preds = r.annotations.filter((a) => a.source === 'prediction:model_0');
    assert.equal(preds.length, 2);
    close(preds[0]?.score, 0.23053804129850775, 'score');
    assert.equal(r.samples[0]?.key, '0030019819f25b28.jpg');
  });

  it('csv_test_history.json: a text task has no image reference', async () => {
    const r = await read(`${LS}test_export_csv/csv_test_history.json`);
    assert.equal(r.samples.length, 0);
    assert.match(r.problems[0]?.reason ?? '', /no image reference/);
  });

  it('JSON-MIN rows: regions under the control name, string fields as choices', async () => {
    const path = `${dir}/min.json`;
    const rows = [
      {
        image: '/data/upload/29/example.png',
        id: 87,
        label: [
          {
            x: 10,
            y: 20,
            width: 30,
            height: 40,
            rotation: 0,
            rectanglelabels: ['Car'],
            original_width: 200,
            original_height: 100,
          },
        ],
        sentiment: 'Positive',
        annotator: 1,
        annotation_id: 22,
      },
    ];
    await writeFile(path, JSON.stringify(rows));
    assert.equal((await labelStudio.detect(path, io))?.confidence, 0.8);
    const r = await read(path);
    assert.deepEqual(r.annotations.find((a) => a.kind === 'bbox')?.bbox, [20, 20, 60, 40]);
    assert.equal(r.annotations.find((a) => a.kind === 'classification')?.label, 'Positive');
  });

  it('detect: full exports are 0.95, other JSON is not Label Studio', async () => {
    assert.equal((await labelStudio.detect(`${LS}test_export_yolo/data.json`, io))?.confidence, 0.95);
    const other = `${dir}/other.json`;
    await writeFile(other, '{"images": [], "annotations": []}');
    assert.equal(await labelStudio.detect(other, io), undefined);
  });
});

describe('label-studio: sources survive a write → read round trip', () => {
  it('ground_truth, an annotator and a model with scores', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-rt-')));
    const box = {
      kind: 'bbox' as const,
      label: 'cat',
      bbox: [10, 20, 30, 40] as [number, number, number, number],
    };
    const dataset = {
      classes: [{ name: 'cat' }],
      samples: [{ key: 'a.jpg', width: 200, height: 100 }],
      annotations: [
        { ...box, sample: 'a.jpg', source: 'ground_truth' },
        { ...box, sample: 'a.jpg', source: 'annotator:alice' },
        { ...box, sample: 'a.jpg', source: 'prediction:yolov8', score: 0.75 },
      ],
    };
    await labelStudio.write?.({ dataset, imagesRoot: dir, outDir: dir, io, images: 'none' });
    const r = await read(`${dir}/label-studio.json`);
    assert.deepEqual(
      r.annotations.map((a) => [a.source, a.score]),
      [
        ['ground_truth', undefined],
        ['annotator:alice', undefined],
        ['prediction:yolov8', 0.75],
      ],
    );
    for (const a of r.annotations)
      for (const [i, v] of [10, 20, 30, 40].entries()) close(a.bbox?.[i], v, 'bbox');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('label-studio: bad input', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-bad-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('truncated JSON is a PARSE_ERROR naming the file', async () => {
    const text = await readFile(`${LS}test_export_yolo/data.json`, 'utf8');
    const path = `${dir}/truncated.json`;
    await writeFile(path, text.slice(0, 1000));
    await assert.rejects(read(path), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.equal(e.code, 'PARSE_ERROR');
      assert.match(e.message, /truncated\.json/);
      assert.ok(e.hint);
      return true;
    });
  });

  it('NaN or negative percentages and ../ paths are per-record problems; the rest imports', async () => {
    const rect = (value: Record<string, unknown>) => ({
      id: 'r',
      type: 'rectanglelabels',
      original_width: 100,
      original_height: 100,
      value: { rectanglelabels: ['cat'], ...value },
    });
    const tasks = [
      {
        id: 1,
        data: { image: '../escape.jpg' },
        annotations: [{ completed_by: 1, result: [rect({ x: 1, y: 1, width: 2, height: 2 })] }],
      },
      {
        id: 2,
        data: { image: 'ok.jpg' },
        annotations: [
          {
            completed_by: 1,
            result: [
              rect({ x: 'NaN', y: 1, width: 2, height: 2 }),
              rect({ x: 1, y: 1, width: -5, height: 2 }),
              rect({ x: 1, y: 1, width: 5, height: 2 }),
            ],
          },
        ],
      },
    ];
    const path = `${dir}/bad.json`;
    await writeFile(path, JSON.stringify(tasks));
    const r = await read(path);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['ok.jpg'],
    );
    assert.equal(r.annotations.length, 1);
    assert.deepEqual(r.annotations[0]?.bbox, [1, 1, 5, 2]);
    const reasons = r.problems.map((p) => p.reason);
    assert.equal(reasons.length, 3);
    assert.match(reasons[0] ?? '', /leaves the images folder/);
    assert.match(reasons[1] ?? '', /non-negative percentages/);
    assert.match(reasons[2] ?? '', /non-negative percentages/);
  });

  it('a JSON object that is not a task list is INVALID_INPUT', async () => {
    const path = `${dir}/not-tasks.json`;
    await writeFile(path, '"just a string"');
    await assert.rejects(read(path), (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT');
  });
});
