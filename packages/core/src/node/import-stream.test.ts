/**
 * An import that writes annotations while its reader is still reading (COCO files above
 * COCO_SINK_THRESHOLD, see import-stream.ts) must store exactly what the read-everything-first path
 * stores: same samples, classes, annotations (ids included), problems and summary. The files are
 * generated here (seeded) with every kind of record the COCO reader takes, and bad records among them.
 * They hold 1,000 images (~7,000 annotations, ~1.4 MB) and are streamed with SIZES, a quarter of the
 * defaults (threshold, chunk, rows per INSERT), so they take the path a 4,000-image file takes by
 * default: read in several chunks, written in several INSERTs while the reading goes on.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { COCO_SINK_THRESHOLD, readCoco } from '../formats/coco/read.js';
import {
  type AnnotationSink,
  type ReadHead,
  type ReadMore,
  RestartWithoutSink,
} from '../formats/define-format.js';
import type { Annotation } from '../model/annotation.js';
import { mulberry32 } from '../random/mulberry32.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { type ImportDatasetOptions, type ImportSummary, importDataset } from './import-dataset.js';
import { initProject, openProject } from './project.js';
import { buildProjectLookup } from './project-lookup.js';

const KEYPOINTS = ['nose', 'left_eye', 'right_eye'];
/** Images per generated file (the default sizes stream ~4,000). */
const IMAGES = 1_000;
/** A quarter of the default streaming sizes (COCO_SINK_THRESHOLD, 128 KiB chunks, 16,384 rows per INSERT). */
const SIZES = { above: COCO_SINK_THRESHOLD / 4, chunkSize: 32 * 1024, rows: 4_096 };

/** A COCO instances document of `images` images (~7 annotations each) with bad records among them. */
function generate(images: number, seed: number): Record<string, unknown> {
  const random = mulberry32(seed);
  const r = (lo: number, hi: number) => Math.round((lo + random() * (hi - lo)) * 100) / 100;
  const categories = [
    { id: 3, name: 'car', supercategory: 'vehicle' },
    {
      id: 1,
      name: 'person',
      keypoints: KEYPOINTS,
      skeleton: [
        [1, 2],
        [1, 3],
      ],
    },
    { id: 90, name: 'plante verte 🌿' },
    { id: 17, name: 'cat' },
  ];
  const imageList = Array.from({ length: images }, (_, i) => ({
    id: 1000 + i * 7,
    file_name: i % 11 === 0 ? `dossier é/image ${i}.jpg` : `img_${String(i).padStart(6, '0')}.jpg`,
    width: 640,
    height: 480,
    ...(i % 5 === 0 ? { license: 2, date_captured: '2020-01-01' } : {}),
  }));
  const annotations: Record<string, unknown>[] = [];
  let id = 1;
  for (const image of imageList) {
    const count = 3 + Math.floor(random() * 9);
    for (let k = 0; k < count; k++) {
      const x = r(0, 500);
      const y = r(0, 380);
      const w = r(2, 130);
      const h = r(2, 90);
      const category = categories[Math.floor(random() * categories.length)] as { id: number };
      const a: Record<string, unknown> = {
        id: id++,
        image_id: image.id,
        category_id: category.id,
        iscrowd: 0,
        bbox: [x, y, w, h],
        area: r(10, 9000),
      };
      const kind = random();
      if (kind < 0.35) {
        const ring = Array.from({ length: 16 }, (_, j) => (j % 2 ? r(y, y + h) : r(x, x + w)));
        a.segmentation = random() < 0.2 ? [ring, ring.slice(0, 8)] : [ring];
      } else if (kind < 0.45) {
        a.segmentation = { size: [480, 640], counts: 'PPYo02N2N2M3N1O2N0O1O1N100O1N2N1O2M3' };
        a.iscrowd = 1;
      } else if (kind < 0.5) {
        a.segmentation = { size: [4, 5], counts: [3, 4, 2, 6, 5] };
      }
      if (category.id === 1 && random() < 0.5) {
        a.keypoints = [r(x, x + w), r(y, y + h), 2, 0, 0, 0, r(x, x + w), r(y, y + h), 1];
        a.num_keypoints = 2;
      }
      if (random() < 0.1) a.attributes = { occluded: random() < 0.5, colour: 'rouge' };
      if (random() < 0.05) a.probs = [0.1, 0.2, 0.3, 0.4];
      annotations.push(a);
    }
  }
  // Bad records, spread over the list: unknown image and category, no geometry, probs of the wrong
  // length, and NaN (Python's json.dump writes it) which JSON.parse refuses.
  for (const [at, bad] of [
    [5, { id: id++, image_id: 999_999, category_id: 3, bbox: [1, 1, 2, 2] }],
    [2_250, { id: id++, image_id: 1000, category_id: 4242, bbox: [1, 1, 2, 2] }],
    [3_000, { id: id++, image_id: 1007, category_id: 3 }],
    [3_750, { id: id++, image_id: 1007, category_id: 3, bbox: [1, 1, 2, 2], probs: [1] }],
    [4_500, { id: id++, image_id: 1014, category_id: 17, bbox: [1, 1, 'NaN', 2] }],
  ] as const) {
    annotations.splice(Math.min(at, annotations.length), 0, bad as Record<string, unknown>);
  }
  return { info: { description: 'generated' }, images: imageList, categories, annotations };
}

/** The document as text, NaN written bare (as Python does) where a record has the string 'NaN'. */
function toText(doc: Record<string, unknown>, order: string[], indent?: number): string {
  const ordered = Object.fromEntries(order.map((k) => [k, doc[k]]));
  return JSON.stringify(ordered, null, indent).replaceAll('"NaN"', 'NaN');
}

/** Everything an import stored, in a comparable form. */
async function contents(dir: string) {
  const project = await openProject(dir);
  try {
    const { store } = project;
    return {
      samples: await store.listSamples(),
      classes: await store.listClasses(),
      sources: await store.listSources(),
      annotations: await store.listAnnotations(),
    };
  } finally {
    await project.close();
  }
}

async function importInto(dir: string, options: ImportDatasetOptions): Promise<ImportSummary> {
  await initProject(dir);
  const project = await openProject(dir);
  try {
    return await importDataset(project, { ...options, streamSizes: SIZES });
  } finally {
    await project.close();
  }
}

/** Records what a reader hands to a sink. */
class RecordingSink implements AnnotationSink {
  head: ReadHead | undefined;
  batches: Annotation[][] = [];
  more: ReadMore[] = [];
  start(head: ReadHead): void {
    this.head = head;
  }
  annotations(batch: Annotation[], more?: ReadMore): void {
    this.batches.push(batch);
    if (more) this.more.push(more);
  }
}

describe('import writing annotations while reading (large COCO files)', () => {
  let dir = '';
  let file = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-import-stream-'));
    file = join(dir, 'big.json');
    await writeFile(file, toText(generate(IMAGES, 7), ['info', 'images', 'categories', 'annotations']));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the COCO reader hands the annotations to a sink in batches, the same ones it returns without', async () => {
    const { size } = await stat(file);
    assert.ok(size > SIZES.above, `the generated file (${size} bytes) is above the threshold`);
    await initProject(join(dir, 'lookup'));
    const project = await openProject(join(dir, 'lookup'));
    const { lookup } = await buildProjectLookup(project.store);
    await project.close();
    const input = { path: file, source: 'ground_truth', io: createNodeFormatIO(), lookup, sinkSizes: SIZES };
    const whole = await readCoco(input);
    const sink = new RecordingSink();
    const streamed = await readCoco({ ...input, sink });
    assert.ok(sink.head, 'start was called');
    assert.ok(sink.batches.length > 3, `several batches (${sink.batches.length})`);
    assert.deepEqual(streamed.annotations, [], 'nothing left over');
    assert.deepEqual(sink.batches.flat(), whole.annotations);
    assert.deepEqual(sink.head.samples, whole.samples);
    assert.deepEqual(sink.head.classes, whole.classes);
    assert.equal(sink.head.imagesRoot, whole.imagesRoot);
    assert.deepEqual(sink.head.probsOrder, whole.probsOrder);
    assert.deepEqual(streamed.problems, whole.problems);
    assert.deepEqual(streamed.notes, whole.notes);
    // The bad records are reported by their index in the file's list, batches notwithstanding.
    const records = whole.problems.map((p) => p.record);
    assert.ok(
      records.some((r) => r?.startsWith('annotations[2250]')),
      records.join(', '),
    );
    assert.ok(
      records.some((r) => r?.startsWith('annotations[4500]')),
      records.join(', '),
    );
  });

  it('stores exactly what the read-everything-first import stores', async () => {
    const reports: { bytes: number; total: number }[] = [];
    const streamed = await importInto(join(dir, 'a'), {
      format: 'coco',
      path: file,
      onProgress: (p) => reports.push(p),
    });
    // Progress: the bytes of the file as they were read, rising to its size.
    const { size } = await stat(file);
    assert.ok(reports.length > 10, `${reports.length} progress reports`);
    assert.ok(
      reports.every((r, i) => r.total === size && (i === 0 || r.bytes > (reports[i - 1]?.bytes ?? 0))),
    );
    assert.equal(reports.at(-1)?.bytes, size);
    const whole = await importInto(join(dir, 'b'), { format: 'coco', path: file, stream: false });
    assert.deepEqual(streamed, whole);
    assert.ok(whole.annotations.total > 5_000, `${whole.annotations.total} annotations`);
    // One warning for the probs of the wrong length, however many batches they came in.
    assert.equal(whole.problems.filter((p) => p.reason.includes('probs of another length')).length, 1);
    assert.deepEqual(await contents(join(dir, 'a')), await contents(join(dir, 'b')));
  });

  it('streams files that list categories last, as the official ones do, reading them ahead', async () => {
    const official = join(dir, 'official-order.json');
    const doc = { ...generate(IMAGES, 11), licenses: [{ id: 2, name: 'CC BY 4.0' }] };
    await writeFile(official, toText(doc, ['info', 'licenses', 'images', 'annotations', 'categories']));
    await initProject(join(dir, 'lookup-2'));
    const project = await openProject(join(dir, 'lookup-2'));
    const { lookup } = await buildProjectLookup(project.store);
    await project.close();
    const input = {
      path: official,
      source: 'ground_truth',
      io: createNodeFormatIO(),
      lookup,
      sinkSizes: SIZES,
    };
    const sink = new RecordingSink();
    const streamed = await readCoco({ ...input, sink });
    const whole = await readCoco(input);
    assert.ok(sink.head, 'start was called before the categories were met');
    assert.deepEqual(sink.head.classes, whole.classes);
    assert.deepEqual(sink.batches.flat(), whole.annotations);
    assert.deepEqual(streamed.problems, whole.problems);
    const a = await importInto(join(dir, 'o'), { format: 'coco', path: official });
    const b = await importInto(join(dir, 'o-whole'), { format: 'coco', path: official, stream: false });
    assert.deepEqual(a, b);
    assert.deepEqual(await contents(join(dir, 'o')), await contents(join(dir, 'o-whole')));
  });

  it('reads again when what was read ahead as categories was not the list (a decoy at the end)', async () => {
    const decoy = join(dir, 'decoy.json');
    const doc = { ...generate(IMAGES, 12), zz: { categories: [{ id: 3, name: 'not a class' }] } };
    await writeFile(decoy, toText(doc, ['images', 'categories', 'annotations', 'zz']));
    await initProject(join(dir, 'lookup-3'));
    const project = await openProject(join(dir, 'lookup-3'));
    const { lookup } = await buildProjectLookup(project.store);
    await project.close();
    await assert.rejects(
      readCoco({
        path: decoy,
        source: 'ground_truth',
        io: createNodeFormatIO(),
        lookup,
        sink: new RecordingSink(),
        sinkSizes: SIZES,
      }),
      RestartWithoutSink,
    );
    const a = await importInto(join(dir, 'd'), { format: 'coco', path: decoy });
    const b = await importInto(join(dir, 'd-whole'), { format: 'coco', path: decoy, stream: false });
    assert.deepEqual(a, b);
    assert.deepEqual(await contents(join(dir, 'd')), await contents(join(dir, 'd-whole')));
    assert.ok(!a.problems.some((p) => p.reason.includes('not a class')));
  });

  it('gives the same result for a split, pretty-printed JSON, and annotations before images (read whole)', async () => {
    const last = join(dir, 'categories-last.json');
    await writeFile(last, toText(generate(IMAGES, 8), ['annotations', 'images', 'info', 'categories']));
    const pretty = join(dir, 'pretty.json');
    const indented = toText(
      generate((IMAGES * 3) / 4, 13),
      ['info', 'images', 'categories', 'annotations'],
      2,
    );
    await writeFile(pretty, indented.replaceAll('\n', '\r\n'));
    assert.ok((await stat(pretty)).size > SIZES.above, 'the pretty file is streamed');
    for (const [name, path, split] of [
      ['c', file, 'train'],
      ['e', last, undefined],
      ['p', pretty, undefined],
    ] as const) {
      const options = { format: 'coco', path, ...(split ? { split } : {}) };
      const streamed = await importInto(join(dir, name), options);
      const whole = await importInto(join(dir, `${name}-whole`), { ...options, stream: false });
      assert.deepEqual(streamed, whole);
      assert.deepEqual(await contents(join(dir, name)), await contents(join(dir, `${name}-whole`)));
    }
  });

  it('streams a results list (predictions) with the same result, its images and classes met on the way', async () => {
    const random = mulberry32(21);
    const doc = generate(IMAGES, 7);
    const images = doc.images as { id: number }[];
    const categories = doc.categories as { id: number }[];
    const detections: Record<string, unknown>[] = [];
    for (let i = 0; i < 11_250; i++) {
      const image = images[Math.floor(random() * images.length)] as { id: number };
      const category = categories[Math.floor(random() * categories.length)] as { id: number };
      const box = [random() * 500, random() * 400, 1 + random() * 100, 1 + random() * 80].map(
        (v) => Math.round(v * 100) / 100,
      );
      const d: Record<string, unknown> = { image_id: image.id, category_id: category.id, bbox: box };
      d.score = Math.round(random() * 1000) / 1000;
      if (i % 7 === 0) d.segmentation = { size: [480, 640], counts: 'PPYo02N2N2M3N1O2N0O1O1N100O1N2N1O2M3' };
      detections.push(d);
    }
    detections.splice(100, 0, { image_id: 424_242, category_id: 3, bbox: [1, 1, 2, 2], score: 0.5 });
    detections.splice(7_500, 0, { image_id: 1000, category_id: 4242, bbox: [1, 1, 2, 2], score: 0.5 });
    detections.splice(10_000, 0, { image_id: 1000, category_id: 3, bbox: [1, 1, -2, 2], score: 0.5 });
    const results = join(dir, 'results.json');
    await writeFile(results, JSON.stringify(detections));
    assert.ok((await stat(results)).size > SIZES.above, 'the results file is streamed');
    const into = async (name: string, stream: boolean) => {
      await initProject(join(dir, name));
      const project = await openProject(join(dir, name));
      try {
        await importDataset(project, { format: 'coco', path: file, streamSizes: SIZES });
        const options = { format: 'coco', path: results, source: 'prediction:m', stream, streamSizes: SIZES };
        return await importDataset(project, options);
      } finally {
        await project.close();
      }
    };
    const streamed = await into('r', true);
    const whole = await into('r-whole', false);
    assert.deepEqual(streamed, whole);
    assert.equal(whole.annotations.total, 11_250);
    assert.equal(whole.problems.length, 3, whole.problems.map((p) => p.reason).join('; '));
    assert.deepEqual(await contents(join(dir, 'r')), await contents(join(dir, 'r-whole')));
    // And the reader did hand the detections over as it read them.
    const project = await openProject(join(dir, 'r'));
    const { lookup } = await buildProjectLookup(project.store);
    await project.close();
    const sink = new RecordingSink();
    const io = createNodeFormatIO();
    const read = await readCoco({
      path: results,
      source: 'prediction:m',
      io,
      lookup,
      sink,
      sinkSizes: SIZES,
    });
    assert.ok(sink.head && sink.batches.length > 3, `${sink.batches.length} batches`);
    assert.equal(sink.batches.flat().length, 11_250);
    assert.deepEqual(read.annotations, []);
    assert.equal(sink.more.flatMap((m) => m.samples).length, read.samples.length);
  });

  it('reads again without writing early when a caption comes after annotations', async () => {
    const doc = generate(IMAGES, 9);
    (doc.annotations as unknown[]).push({ id: 1, image_id: 1000, caption: 'un chat' });
    const mixed = join(dir, 'mixed.json');
    await writeFile(mixed, toText(doc, ['images', 'categories', 'annotations']));
    const streamed = await importInto(join(dir, 'f'), { format: 'coco', path: mixed });
    const whole = await importInto(join(dir, 'f-whole'), { format: 'coco', path: mixed, stream: false });
    assert.deepEqual(streamed, whole);
    const stored = await contents(join(dir, 'f'));
    assert.deepEqual(stored, await contents(join(dir, 'f-whole')));
    assert.deepEqual(stored.samples[0]?.metadata?.captions, ['un chat']);
  });

  it('keeps nothing when the file turns out truncated after annotations were written', async () => {
    const text = toText(generate(IMAGES, 10), ['images', 'categories', 'annotations']);
    const truncated = join(dir, 'truncated.json');
    await writeFile(truncated, text.slice(0, Math.floor(text.length * 0.9)));
    await initProject(join(dir, 'g'));
    const project = await openProject(join(dir, 'g'));
    try {
      await assert.rejects(
        importDataset(project, { format: 'coco', path: truncated, streamSizes: SIZES }),
        (e: unknown) => e instanceof AssayError && e.code === 'PARSE_ERROR' && /truncated/.test(e.message),
      );
      const summary = await project.store.summary();
      assert.equal(summary.samples, 0);
      assert.deepEqual(await project.store.listAnnotations(), []);
      // The project is usable afterwards: the same import of the whole file works.
      const ok = await importDataset(project, { format: 'coco', path: file, streamSizes: SIZES });
      assert.ok(ok.annotations.total > 5_000);
    } finally {
      await project.close();
    }
  });

  it('stops and keeps nothing when aborted while writing', async () => {
    await initProject(join(dir, 'h'));
    const project = await openProject(join(dir, 'h'));
    try {
      const controller = new AbortController();
      // Ctrl-C right when the first batch of rows goes to the database.
      const { store } = project;
      const open = store.annotationSink.bind(store);
      let flushes = 0;
      store.annotationSink = async (...args) => {
        const sink = await open(...args);
        return {
          get waiting() {
            return sink.waiting;
          },
          get count() {
            return sink.count;
          },
          add: (rows) => sink.add(rows),
          close: () => sink.close(),
          flush: (all) => {
            if (flushes++ === 0) controller.abort(new AssayError('INTERRUPTED', 'Stopped by the test.'));
            return sink.flush(all);
          },
        };
      };
      await assert.rejects(
        importDataset(project, { format: 'coco', path: file, signal: controller.signal, streamSizes: SIZES }),
        (e: unknown) => e instanceof AssayError && e.code === 'INTERRUPTED',
      );
      assert.equal(flushes, 1, 'no write started after the stop');
      assert.deepEqual(await project.store.listAnnotations(), []);
      assert.equal((await project.store.summary()).samples, 0);
    } finally {
      await project.close();
    }
  });
});
