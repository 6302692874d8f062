/**
 * Issue 12: `assay info` reads the annotation counts the store keeps (migration 012) instead of scanning
 * every annotation twice. Every writer leaves them current, and counts written behind the store's back
 * (a process that never closed the store) are noticed: info then counts live. Either way info prints the
 * counts of the annotations as they are.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from './test-kit/run-cli.js';
import { makeTinyProject, type TinyProject } from './test-kit/tiny-project.js';

interface Info {
  annotations: {
    total: number;
    by_source: Record<string, { total: number; by_kind: Record<string, number> }>;
  };
  sources: { name: string; samples: number; annotations: number }[];
  classes: { name: string; counts: Record<string, number> }[];
}

let dir = '';
let tiny: TinyProject;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-info-counts-'));
  tiny = await makeTinyProject(dir);
  // A second source whose one box is of a second class, so that an edit can move a box to it.
  const other = join(dir, 'other.json');
  await writeFile(
    other,
    JSON.stringify({
      images: [{ id: 1, file_name: 'a.png', width: 40, height: 30 }],
      annotations: [{ id: 1, image_id: 1, category_id: 2, bbox: [1, 1, 4, 4], area: 16, iscrowd: 0 }],
      categories: [{ id: 2, name: 'other' }],
    }),
  );
  await cli(['import', 'coco', other, '--images', tiny.images, '--as', 'annotator:b']);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function info(): Promise<Info> {
  const run = await runCli(['info', '--json'], tiny.dir);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Info;
}

/** What info shows of the ground truth: total, annotated samples, and count per class. */
async function truth(): Promise<[number, number, Record<string, number>]> {
  const i = await info();
  const source = i.sources.find((s) => s.name === 'ground_truth')!;
  const classes = Object.fromEntries(
    i.classes.filter((c) => c.counts.ground_truth).map((c) => [c.name, c.counts.ground_truth!]),
  );
  assert.equal(i.annotations.by_source.ground_truth?.total ?? 0, source.annotations);
  return [source.annotations, source.samples, classes];
}

async function cli(args: string[]): Promise<void> {
  const run = await runCli(args, tiny.dir);
  assert.equal(run.code, 0, `assay ${args.join(' ')}: ${run.stderr}`);
}

it('prints the counts as they are after import, edits, a delete and undo', async () => {
  // makeTinyProject: three images with one `thing` box each.
  assert.deepEqual(await truth(), [3, 3, { thing: 3 }]);
  await cli(['edit', '1', '--class', 'other']);
  assert.deepEqual(await truth(), [3, 3, { other: 1, thing: 2 }]);
  await cli(['edit', '2', '--delete']);
  assert.deepEqual(await truth(), [2, 2, { other: 1, thing: 1 }]);
  await cli(['undo', '2']);
  assert.deepEqual(await truth(), [3, 3, { other: 1, thing: 2 }]);
});

it('counts live when annotations were written without the store (the kept counts are stale)', async () => {
  const before = await truth();
  const instance = await DuckDBInstance.create(join(tiny.dir, '.assay', 'assay.duckdb'));
  const c = await instance.connect();
  // A second box on sample 1 and a changed class, as a process killed before closing would leave them.
  await c.run(
    `INSERT INTO annotations (id, sample_id, source_id, kind, class_id, x, y, w, h)
     SELECT max(id) + 1, 1, 1, 'bbox', (SELECT id FROM classes WHERE name = 'thing'), 1, 1, 2, 2 FROM annotations`,
  );
  const kept = (
    await c.runAndReadAll('SELECT sum(n)::INTEGER FROM annotation_counts WHERE source_id = 1')
  ).getRows()[0]![0];
  c.closeSync();
  instance.closeSync();
  assert.equal(kept, before[0], 'the kept counts are those of before the insert');
  const [total, samples, classes] = await truth();
  assert.deepEqual([total, samples, classes.thing], [before[0] + 1, before[1], (before[2].thing ?? 0) + 1]);
  // The next writer brings the kept counts up to date.
  await cli(['edit', '3', '--bbox', '2,2,5,5']);
  assert.deepEqual(await truth(), [total, samples, classes]);
});
