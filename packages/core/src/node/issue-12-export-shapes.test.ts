/**
 * Issue 12: exports read the project in id (or sample id) ranges, COCO writes plain polygons from their
 * stored rings (plain-box-text.ts), and YOLO stages its label files (staged-files.ts). The files must stay
 * those the whole-dataset writers make from objects, byte for byte, on a project with every shape the
 * column path treats apart: polygons with holes (several rings) and odd numbers, polygons without a stated
 * area or box, RLE masks (compressed and not), crowd regions, attributes, keypoints, scores.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { AnnotationColumnBatch } from '../formats/define-format.js';
import { formatById } from '../formats/index.js';
import { toPosix } from '../formats/paths.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { annotationColumnBatches } from './store/annotation-column-batches.js';

/** Every file under `dir` (relative path → content). */
function tree(dir: string, rel = '', out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tree(p, `${rel}${name}/`, out);
    else out.set(`${rel}${name}`, readFileSync(p, 'utf8'));
  }
  return out;
}

const keys: ExportKeys = {
  key: (_root, key) => key,
  sample(s) {
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  },
};

// Numbers JSON.stringify writes in its own ways: exponents, binary fractions, -0, the smallest double.
const ODD = [0.30000000000000004, 1e-7, -0, 123456789.123, 5e-324, 2 ** 53 + 2, 0.1, 7, 1e21];

/** The annotation of image `i`, number `k`: every shape in turn. */
function annotation(i: number, k: number, id: number): Record<string, unknown> {
  const odd = ODD[(i + k) % ODD.length]!;
  const x = 10 + k;
  const a: Record<string, unknown> = { id, image_id: i, category_id: 1 + ((i + k) % 3), iscrowd: 0 };
  switch ((i * 5 + k) % 8) {
    case 0: // a polygon with a hole: two rings, odd numbers in them
      a.segmentation = [
        [x, 10, x + 40, 10, x + 40, 50, odd, 50],
        [x + 5, 15, x + 10.5, 15, x + 10.5, 20.25],
      ];
      a.bbox = [x, 10, 40, 40];
      a.area = 1500.5;
      break;
    case 1: // a polygon without a stated area or box (both derived from the rings)
      a.segmentation = [[x, 1, x + 3.3, 1, x + 3.3, 4.7]];
      break;
    case 2: // a compressed RLE mask, a crowd region
      a.segmentation = { size: [480, 640], counts: 'PPYo08N1N2N00000001O1O1N2N3M4L` 0' };
      a.bbox = [1, 2, 3, 4];
      a.area = 12;
      a.iscrowd = 1;
      break;
    case 3: // an uncompressed RLE
      a.segmentation = { size: [480, 640], counts: [10, 5, 20, 5] };
      a.bbox = [0, 10, 1, 20];
      a.area = 10;
      break;
    case 4: // a polygon with attributes
      a.segmentation = [[x, 2, x + 8, 2, x + 8, 9, x, 9]];
      a.bbox = [x, 2, 8, 7];
      a.area = 56;
      a.attributes = { occluded: (i + k) % 2 === 0, colour: 'red' };
      break;
    case 5: // keypoints
      a.keypoints = [x, 5, 2, x + 1, 6, 1, 0, 0, 0];
      a.num_keypoints = 2;
      a.bbox = [x, 5, 1, 1];
      a.area = 1;
      break;
    case 6: // a polygon of two points (no segment: written as its box), reaching outside the image
      a.segmentation = [[x, 1, x + 700, 2]];
      a.bbox = [x, 1, 700, 1];
      a.area = 0;
      break;
    default: // a box with an odd side
      a.bbox = [odd, 2.5, 10 + k, 4];
      if (k % 2 === 0) a.area = 40.25;
  }
  return a;
}

function cocoFile(path: string, images: number): void {
  const annotations: Record<string, unknown>[] = [];
  let id = 1;
  for (let i = 1; i <= images; i++)
    for (let k = 0; k < 1 + (i % 4); k++) annotations.push(annotation(i, k, id++));
  const file = {
    images: Array.from({ length: images }, (_, n) => ({
      id: n + 1,
      file_name: `img${n + 1}.jpg`,
      width: 640,
      height: 480,
    })),
    categories: [
      { id: 1, name: 'cat', keypoints: ['a', 'b', 'c'] },
      { id: 2, name: 'dog' },
      { id: 3, name: 'bird' },
    ],
    annotations,
  };
  writeFileSync(path, JSON.stringify(file));
}

describe('exports of polygons, masks, attributes and keypoints from columns (issue 12)', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-export-shapes-'));
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    cocoFile(join(dir, 'a.json'), 24);
    await importDataset(project, { format: 'coco', path: join(dir, 'a.json'), split: 'train' });
    // Predictions with polygons and scores: a results file.
    const results = Array.from({ length: 30 }, (_, n) => ({
      image_id: 1 + (n % 24),
      category_id: 1 + (n % 3),
      ...(n % 3 === 0
        ? { segmentation: [[1, 1, 5.5, 1, 5.5, ODD[n % ODD.length]]], bbox: [1, 1, 4.5, 4], area: 9 }
        : { bbox: [n, 1, 2, 3] }),
      score: n % 4 === 0 ? 0.95 : n / 31,
    }));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(results));
    await importDataset(project, { format: 'coco', path: join(dir, 'r.json'), source: 'prediction:m' });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The format's files written from the whole dataset (objects) and from the project's batches. */
  async function both(format: string, sources: string[], extra: Record<string, unknown> = {}) {
    const { store } = project;
    const samples = (await store.listSamples()).map((s) => keys.sample(s));
    const common = {
      imagesRoot: toPosix(join(dir, 'images')),
      io: createNodeFormatIO(),
      images: 'none' as const,
      ...extra,
    };
    const tag = `${format}-${sources.length}-${Object.keys(extra).join('')}`;
    const wholeDir = join(dir, `whole-${tag}`);
    const whole = await formatById(format)!.write!({
      ...common,
      dataset: {
        classes: await store.listClasses(),
        samples,
        annotations: await store.listAnnotations(sources),
      },
      outDir: toPosix(wholeDir),
    });
    const outDir = join(dir, `columns-${tag}`);
    const written = await formatById(format)!.write!({
      ...common,
      dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
      batches: projectBatches(
        store,
        sources,
        keys,
        await store.keypointsPerObject(sources),
        undefined,
        await store.orientedBoxes(sources),
      ),
      outDir: toPosix(outDir),
    });
    assert.deepEqual(written.notes, whole.notes);
    assert.equal(written.annotations, whole.annotations);
    const expected = tree(wholeDir);
    const actual = tree(outDir);
    assert.deepEqual([...actual.keys()], [...expected.keys()]);
    for (const [file, text] of expected) {
      const want = file === 'data.yaml' ? text.replace(toPosix(wholeDir), toPosix(outDir)) : text;
      assert.ok(actual.get(file) === want, `${format}: ${file} differs`);
    }
    return actual;
  }

  it('coco: the whole-dataset writer files, polygons from their rings', async () => {
    const files = await both('coco', ['ground_truth', 'prediction:m']);
    const all = [...files.values()].join('\n');
    for (const odd of ODD) assert.ok(all.includes(JSON.stringify(odd)), `${odd} written`);
    assert.ok(
      all.includes('"segmentation":[[') && all.includes('"counts":"PPY') && all.includes('"attributes"'),
    );
  });

  it('coco, one file: the same', async () => {
    await both('coco', ['ground_truth'], { singleFile: true });
  });

  it('yolo: the whole-dataset writer files, label files staged and moved into place', async () => {
    const files = await both('yolo', ['ground_truth']);
    assert.equal([...files.keys()].filter((f) => f.startsWith('labels/')).length, 24);
    assert.ok(![...files.keys()].some((f) => f.includes('.assay-staging')), 'no staging folder left');
  });

  it('voc: the whole-dataset writer files, one image at a time from the project', async () => {
    const files = await both('voc', ['ground_truth']);
    assert.equal([...files.keys()].filter((f) => f.startsWith('Annotations/')).length, 24);
  });

  it('voc --voc-flat: the same', async () => {
    await both('voc', ['ground_truth'], { flat: true });
  });

  it('cvat: the whole-dataset writer file, written as it is made from the project', async () => {
    const files = await both('cvat', ['ground_truth', 'prediction:m']);
    assert.ok(files.get('annotations.xml')?.includes('<polygon'));
  });

  it('label-studio: the whole-dataset writer files, written as they are made from the project', async () => {
    const files = await both('label-studio', ['ground_truth', 'prediction:m']);
    assert.ok(files.get('label_config.xml')?.includes('PolygonLabels'));
  });

  it('class csv and class folders: the whole-dataset writer files, only classifications held', async () => {
    const { store } = project;
    const samples = await store.listSamples();
    const source = await store.ensureSource('annotator:c');
    // Image-level labels on every other sample, some with a score.
    await store.appendAnnotations(
      samples
        .filter((_, n) => n % 2 === 0)
        .map((sample, n) => ({
          sample: sample.key,
          source: 'annotator:c',
          kind: 'classification' as const,
          label: ['cat', 'dog', 'bird'][n % 3]!,
          ...(n % 3 === 0 ? { score: 0.25 + n / 100 } : {}),
        })),
      {
        sampleIds: new Map(samples.map((s) => [s.key, s.id])),
        classIds: new Map((await store.listClasses()).map((c) => [c.name, c.id])),
        sourceIds: new Map([['annotator:c', source.id]]),
      },
      await store.startRun('import', {}),
    );
    const csv = await both('class-csv', ['annotator:c', 'ground_truth']);
    assert.ok((csv.get('labels.csv')?.split('\n').length ?? 0) > 10);
    await both('class-folders', ['annotator:c']);
  });

  it('reads the same rows in small id and sample ranges as in one', async () => {
    // The store's own DuckDB instance (a private field: the store's method takes no range).
    const db = (project.store as unknown as { instance: DuckDBInstance }).instance;
    const rows = async (order: 'id' | 'sample', range?: number) => {
      const out: string[] = [];
      for await (const b of annotationColumnBatches(db, undefined, order, true, true, range))
        out.push(...rowTexts(b));
      return out;
    };
    for (const order of ['id', 'sample'] as const) {
      const one = await rows(order);
      assert.ok(one.length > 50);
      // Plain polygons come as rings (columns), the rest of the shapes as objects.
      assert.ok(one.some((r) => JSON.parse(r)[7].length > 0) && one.some((r) => JSON.parse(r)[8] !== null));
      assert.deepEqual(await rows(order, 3), one, `${order} order in ranges of 3`);
    }
  });
});

/** Each row of a batch as text: sample position, source, label, box, its rings or object. */
function rowTexts(b: AnnotationColumnBatch): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.n; i++) {
    const rings = b.polygons
      ? Array.from(b.polygons.data.subarray(b.polygons.start[i], b.polygons.start[i + 1]))
      : [];
    const o = b.objects[i];
    out.push(
      JSON.stringify([
        b.sampleIndex[i],
        b.source[i],
        b.label[i],
        b.x[i],
        b.area[i],
        b.score[i],
        b.originalId[i],
        rings,
        o ? { ...o, id: 0 } : null,
      ]),
    );
  }
  return out;
}
