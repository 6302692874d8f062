/**
 * Issue 12 (export3): a COCO export formats its plain annotation rows on two worker threads
 * (instance-rows-pool.ts, instance-rows-worker.ts), job k on thread k mod 2, the bytes taken back in order.
 * The files must be those the writer makes on its own thread, byte for byte, over several batches and
 * split files; a thread's failure is an AssayError; an interrupted export leaves no instances file.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { type InstanceRowsContext, PLAIN_ROW } from '../formats/coco/instance-rows.js';
import type { FormatIO } from '../formats/format-io.js';
import { formatById } from '../formats/index.js';
import { toPosix } from '../formats/paths.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { importDataset } from './import-dataset.js';
import { instanceRowsPool } from './instance-rows-pool.js';
import { initProject, openProject, type Project } from './project.js';

const keys: ExportKeys = {
  key: (_root, key) => key,
  sample(s) {
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  },
};

/** 1,500 images in two splits, 3–5 annotations each (~6,000: three DuckDB chunks and more). */
function cocoFile(path: string, first: number, images: number): void {
  const annotations: Record<string, unknown>[] = [];
  for (let i = first; i < first + images; i++)
    for (let k = 0; k < 3 + (i % 3); k++) {
      const a: Record<string, unknown> = {
        id: annotations.length + 1 + first * 10,
        image_id: i,
        category_id: 1 + ((i + k) % 3),
        bbox: [i % 97, k + 0.25, 10.5, 3 + (k % 2) * 0.01],
        iscrowd: 0,
      };
      if (k === 1) a.segmentation = [[1, 2, 30.5, 2, 30.5, 40, 1, 40]];
      if (k === 2 && i % 50 === 0) a.segmentation = { size: [480, 640], counts: [10, 5, 307185] };
      if (k === 3) a.area = 0.1 + 0.2;
      annotations.push(a);
    }
  const file = {
    images: Array.from({ length: images }, (_, n) => ({
      id: first + n,
      file_name: `img${first + n}.jpg`,
      width: 640,
      height: 480,
    })),
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
      { id: 3, name: 'bird' },
    ],
    annotations,
  };
  writeFileSync(path, JSON.stringify(file));
}

describe('issue 12: COCO annotations formatted on two threads', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-coco-rows-'));
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    cocoFile(join(dir, 'train.json'), 1, 1000);
    cocoFile(join(dir, 'val.json'), 1001, 500);
    await importDataset(project, { format: 'coco', path: join(dir, 'train.json'), split: 'train' });
    await importDataset(project, { format: 'coco', path: join(dir, 'val.json'), split: 'val' });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, io: FormatIO, signal?: AbortSignal) {
    const { store } = project;
    const outDir = join(dir, name);
    const result = await formatById('coco')!.write!({
      dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
      batches: projectBatches(store, ['ground_truth'], keys, 0),
      imagesRoot: toPosix(join(dir, 'images')),
      outDir: toPosix(outDir),
      io,
      images: 'none',
      ...(signal ? { signal } : {}),
    });
    return { result, outDir };
  }

  /** The node IO with the pool used whatever the size (its default leaves small exports on one thread). */
  const threaded = (runs: string[] = []): FormatIO => ({
    ...createNodeFormatIO(),
    instanceRows: (context, rows) => {
      runs.push(`${context.fileIndex}:${rows}`);
      return instanceRowsPool(context, rows, { minRows: 0 });
    },
  });

  it('writes the bytes of the single-thread writer, in order, in every split file', async () => {
    const runs: string[] = [];
    const one = await write('one-thread', { ...createNodeFormatIO(), instanceRows: () => undefined });
    const two = await write('two-threads', threaded(runs));
    assert.deepEqual(runs.sort(), ['0:6000', '1:6000'], 'a threaded run per split file');
    assert.deepEqual(two.result, {
      ...one.result,
      files: one.result.files.map((f) => f.replace('one-thread', 'two-threads')),
    });
    assert.equal(two.result.annotations, 6000);
    const files = readdirSync(join(one.outDir, 'annotations')).sort();
    assert.deepEqual(files, ['instances_train.json', 'instances_val.json']);
    for (const file of files) {
      const expected = readFileSync(join(one.outDir, 'annotations', file));
      const actual = readFileSync(join(two.outDir, 'annotations', file));
      assert.ok(actual.equals(expected), `${file} differs`);
    }
    const train = JSON.parse(readFileSync(join(two.outDir, 'annotations', 'instances_train.json'), 'utf8'));
    assert.equal(train.annotations.length, 4000);
    // Kept ids in their order across the jobs of both threads, polygons and masks among the boxes.
    const ids = train.annotations.map((a: { id: number }) => a.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a: number, b: number) => a - b),
    );
    assert.ok(train.annotations.some((a: { segmentation?: { counts?: unknown } }) => a.segmentation?.counts));
  });

  it('an interrupted export stops the threads and leaves no instances file', async () => {
    const controller = new AbortController();
    const io = threaded();
    const counting: FormatIO = {
      ...io,
      instanceRows: (context, rows) => {
        const run = io.instanceRows!(context, rows)!;
        return {
          // Interrupted once the first job is handed to a thread (Ctrl-C in the CLI aborts this signal).
          format: (job) => {
            controller.abort();
            return run.format(job);
          },
          close: () => run.close(),
        };
      },
    };
    await assert.rejects(write('interrupted', counting, controller.signal), (e: unknown) => {
      assert.ok(e instanceof AssayError && e.code === 'INTERRUPTED', String(e));
      return true;
    });
    const folder = join(dir, 'interrupted', 'annotations');
    assert.deepEqual(existsSync(folder) ? readdirSync(folder) : [], [], 'no file, whole or temporary');
  });

  it("a thread's failure is an AssayError", async () => {
    // A context without the per-sample tables: formatting a plain row fails on the thread.
    const broken = { fileIndex: 0, keptIds: true } as unknown as InstanceRowsContext;
    const run = instanceRowsPool(broken, 1, { minRows: 0 })!;
    const column = () => new Float64Array([1]);
    const job = {
      n: 1,
      sampleIndex: new Int32Array([0]),
      label: new Int32Array([0]),
      source: new Int32Array([0]),
      x: column(),
      y: column(),
      w: column(),
      h: column(),
      area: column(),
      iscrowd: new Uint8Array(1),
      score: new Float64Array([Number.NaN]),
      originalId: column(),
      objects: new Uint8Array([PLAIN_ROW]),
      texts: [],
      prediction: new Uint8Array(1),
      categories: [new TextEncoder().encode('1')],
      counted: 0,
    };
    try {
      await assert.rejects(run.format(job), (e: unknown) => {
        assert.ok(e instanceof AssayError && e.code === 'INTERNAL', String(e));
        assert.match(e.message, /Formatting COCO annotations failed/);
        return true;
      });
    } finally {
      await run.close();
    }
    assert.equal(instanceRowsPool(broken, 10, {}), undefined, 'few rows: no thread');
  });
});
