/**
 * Issue 12 (item 4): `assay import coco` held more the larger the file, because annotations piled up
 * while DuckDB wrote (at 300k images ~490k rows waited for the samples' write alone). Now the sink asks
 * the reader to wait (AnnotationSink.ready) and the COCO reader reads no further chunk until it settles.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COCO_SINK_THRESHOLD, readCoco } from '../formats/coco/read.js';
import type { AnnotationSink, ReadHead } from '../formats/define-format.js';
import type { Annotation } from '../model/annotation.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { StreamedImport } from './import-stream.js';
import { initProject, openProject } from './project.js';
import { buildProjectLookup } from './project-lookup.js';

/** A COCO file of `images` images with 5 boxes each (~0.5 MB per 1,000 images). */
function cocoText(images: number): string {
  const list = Array.from({ length: images }, (_, i) => ({
    id: i + 1,
    file_name: `${i + 1}.jpg`,
    width: 640,
    height: 480,
  }));
  const annotations = Array.from({ length: images * 5 }, (_, i) => ({
    id: i + 1,
    image_id: Math.floor(i / 5) + 1,
    category_id: 1 + (i % 2),
    bbox: [i % 600, 10, 20, 30],
    area: 600,
    iscrowd: 0,
  }));
  const categories = [
    { id: 1, name: 'car' },
    { id: 2, name: 'person' },
  ];
  return JSON.stringify({ images: list, categories, annotations });
}

/** A sink that asks the reader to wait after each batch, and records whether a batch came meanwhile. */
class WaitingSink implements AnnotationSink {
  head: ReadHead | undefined;
  batches: Annotation[][] = [];
  waits = 0;
  early = 0;
  private waiting = false;
  start(head: ReadHead): void {
    this.head = head;
  }
  annotations(batch: Annotation[]): void {
    if (this.waiting) this.early++;
    this.batches.push(batch);
  }
  ready(): Promise<void> | undefined {
    if (this.batches.length === 0) return undefined;
    this.waits++;
    this.waiting = true;
    return new Promise((resolve) =>
      setTimeout(() => {
        this.waiting = false;
        resolve();
      }, 1),
    );
  }
}

describe('issue 12: a streamed import holds a bounded number of annotations', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-backpressure-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the COCO reader reads no further while the sink asks it to wait, and hands over the same annotations', async () => {
    const file = join(dir, 'gt.json');
    await writeFile(file, cocoText(12_000)); // 60,000 boxes, ~6 MB: above the streaming threshold (4 MiB)
    assert.ok((await stat(file)).size > COCO_SINK_THRESHOLD, 'the file is streamed');
    await initProject(join(dir, 'lookup'));
    const project = await openProject(join(dir, 'lookup'));
    const { lookup } = await buildProjectLookup(project.store);
    await project.close();
    const input = { path: file, source: 'ground_truth', io: createNodeFormatIO(), lookup };
    const whole = await readCoco(input);
    const sink = new WaitingSink();
    const streamed = await readCoco({ ...input, sink });
    assert.ok(sink.waits > 3, `the reader waited (${sink.waits} times)`);
    assert.equal(sink.early, 0, 'no batch came while the sink had the reader wait');
    assert.deepEqual(streamed.annotations, []);
    assert.deepEqual(sink.batches.flat(), whole.annotations);
  });

  it('StreamedImport has the reader wait while 65,536 annotations or more wait for a write, and writes them all', async () => {
    const root = join(dir, 'p');
    await initProject(root);
    const project = await openProject(root);
    try {
      await project.store.transaction(async () => {
        const runId = await project.store.startRun('import', {});
        const writer = new StreamedImport({
          project,
          runId,
          path: join(root, 'x.json'),
          formatId: 'coco',
          known: [],
        });
        writer.start({ classes: [{ name: 'car' }], samples: [{ key: 'a.jpg' }], imagesRoot: root });
        assert.equal(writer.ready(), undefined, 'nothing waits yet: read on');
        const box = (i: number): Annotation => ({
          sample: 'a.jpg',
          source: 'ground_truth',
          kind: 'bbox',
          label: 'car',
          bbox: [i % 100, 1, 2, 3],
        });
        writer.annotations(Array.from({ length: 70_000 }, (_, i) => box(i))); // while the head is written
        const wait = writer.ready();
        assert.ok(wait, '70,000 annotations wait: the reader must wait');
        await wait;
        assert.equal(writer.ready(), undefined, 'fewer wait once the write is done');
        writer.annotations(Array.from({ length: 10 }, (_, i) => box(i)));
        await writer.finish([]);
        assert.equal(writer.written, 70_010);
      });
      const n = await project.store.countAnnotations((await project.store.ensureSource('ground_truth')).id);
      assert.equal(n, 70_010);
    } finally {
      await project.close();
    }
  });
});
