import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AssayError } from '../errors.js';
import { CHILD_NODE_OPTIONS, moduleBeside } from '../test-kit/child-node.js';
import { initProject, openProject } from './project.js';

describe('project and store', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-project-'));
    await initProject(join(dir, 'p'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('init refuses an existing project', async () => {
    await assert.rejects(
      initProject(join(dir, 'p')),
      (e: unknown) => e instanceof AssayError && e.code === 'PROJECT_EXISTS',
    );
  });

  it('open finds the project from a subfolder, refuses a non-project', async () => {
    await assert.rejects(
      openProject(dir),
      (e: unknown) => e instanceof AssayError && e.code === 'NOT_A_PROJECT',
    );
  });

  it('stores classes, samples, annotations and summarises them', async () => {
    const project = await openProject(join(dir, 'p'), { command: 'test' });
    const { store } = project;
    try {
      const classIds = await store.upsertClasses([
        { name: 'cat', originalIds: { coco: 17 } },
        { name: 'dog', originalIds: { coco: 18 } },
      ]);
      await store.upsertClasses([{ name: 'cat', originalIds: { yolo: 0 } }]);
      const sampleIds = await store.upsertSamples('images', [
        { key: 'a.jpg', width: 10, height: 20, split: 'train', originalId: 7, tags: ['x'] },
        { key: 'b.jpg', split: 'val' },
      ]);
      const gt = await store.ensureSource('ground_truth');
      const pred = await store.ensureSource('prediction:m1');
      const runId = await store.startRun('import', {});
      const n = await store.appendAnnotations(
        [
          {
            sample: 'a.jpg',
            source: 'ground_truth',
            kind: 'bbox',
            label: 'cat',
            bbox: [1, 2, 3, 4],
            attributes: { difficult: true },
          },
          {
            sample: 'a.jpg',
            source: 'ground_truth',
            kind: 'polygon',
            label: 'dog',
            bbox: [0, 0, 2, 2],
            points: [[0, 0, 2, 0, 2, 2]],
          },
          {
            sample: 'b.jpg',
            source: 'prediction:m1',
            kind: 'bbox',
            label: 'dog',
            bbox: [1, 1, 1, 1],
            score: 0.9,
            probs: [0.1, 0.9],
          },
          {
            sample: 'b.jpg',
            source: 'ground_truth',
            kind: 'keypoints',
            label: 'cat',
            keypoints: [1, 2, 2, 0, 0, 0],
          },
        ],
        {
          sampleIds,
          classIds,
          sourceIds: new Map([
            [gt.name, gt.id],
            [pred.name, pred.id],
          ]),
        },
        runId,
      );
      assert.equal(n, 4);
      await store.finishRun(runId, 'ok', { n }, 2);
      const summary = await store.summary();
      assert.equal(summary.samples, 2);
      assert.equal(summary.annotations.total, 4);
      assert.deepEqual(summary.annotations.by_source.ground_truth, {
        total: 3,
        by_kind: { bbox: 1, keypoints: 1, polygon: 1 },
      });
      assert.deepEqual(summary.splits, { train: 1, val: 1 });
      assert.equal(summary.scan.pending, 2);
      const cat = summary.classes.find((c) => c.name === 'cat');
      assert.deepEqual(cat?.original_ids, { coco: 17, yolo: 0 });
      assert.deepEqual(cat?.counts, { ground_truth: 2 });
      const back = await store.listAnnotations(['prediction:m1']);
      assert.equal(back.length, 1);
      assert.deepEqual(back[0]?.probs, [0.1, 0.9]);
      assert.equal(back[0]?.score, 0.9);
      const all = await store.listAnnotations();
      assert.deepEqual(all[1]?.points, [[0, 0, 2, 0, 2, 2]]);
      assert.deepEqual(all[0]?.attributes, { difficult: true });
      const samples = await store.listSamples();
      assert.equal(samples[0]?.originalId, '7');
      assert.deepEqual(samples[0]?.tags, ['x']);
      await store.saveProbes([
        { id: samples[0]!.id, probe: { status: 'ok', width: 10, height: 20, bytes: 123, sha256: 'ab' } },
      ]);
      await store.replaceIssues(
        runId,
        ['missing_file'],
        [{ sampleId: samples[1]!.id, type: 'missing_file', severity: 'error', score: 1, reason: 'gone' }],
      );
      const after = await store.summary();
      assert.equal(after.scan.ok, 1);
      assert.deepEqual(after.issues.by_type, { missing_file: 1 });
    } finally {
      await project.close();
    }
  });

  it('upserting known samples sets their split and fills unset declared sizes, keeping set ones', async () => {
    const project = await openProject(join(dir, 'p'));
    try {
      const ids = await project.store.upsertSamples('images', [
        { key: 'a.jpg', width: 99, height: 99, split: 'test' },
        { key: 'b.jpg', width: 30, height: 40 },
      ]);
      const samples = await project.store.listSamples();
      const a = samples.find((s) => s.id === ids.get('a.jpg'));
      const b = samples.find((s) => s.id === ids.get('b.jpg'));
      assert.deepEqual([a?.split, a?.width, a?.height], ['test', 10, 20]);
      assert.deepEqual([b?.split, b?.width, b?.height], ['val', 30, 40]);
    } finally {
      await project.close();
    }
  });

  it('a rolled-back transaction leaves nothing behind', async () => {
    const project = await openProject(join(dir, 'p'));
    try {
      const before = (await project.store.summary()).samples;
      await assert.rejects(
        project.store.transaction(async () => {
          await project.store.upsertSamples('images', [{ key: 'zzz.jpg' }]);
          throw new Error('boom');
        }),
      );
      assert.equal((await project.store.summary()).samples, before);
    } finally {
      await project.close();
    }
  });

  it('a read-only open upgrades a project written by an older Assay (schema version 1) first', async () => {
    const path = join(dir, 'old');
    await initProject(path);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(path, '.assay', 'assay.duckdb'));
    const connection = await instance.connect();
    // What a version-1 database looks like: the later migrations' tables and records absent.
    await connection.run(
      'DROP TABLE sample_metrics; DROP TABLE eval_matches; DROP TABLE eval_samples; DROP TABLE edits; DROP TABLE annotation_revisions; DROP TABLE snapshots; DROP TABLE excluded_samples; DELETE FROM schema_migrations WHERE version > 1',
    );
    connection.closeSync();
    instance.closeSync();
    const project = await openProject(path, { readOnly: true });
    try {
      assert.equal((await project.store.listSampleMetrics()).size, 0);
      assert.deepEqual(await project.store.listEvalSamples(1), []);
    } finally {
      await project.close();
    }
  });

  it('a second process gets PROJECT_LOCKED naming the command that holds it', async () => {
    const project = await openProject(join(dir, 'p'), { command: 'assay scan' });
    try {
      const script = `import(${JSON.stringify(pathToFileURL(moduleBeside(import.meta.url, './project.js')).href)}).then(async (m) => {
        try { await m.openProject(${JSON.stringify(join(dir, 'p'))}); console.log('opened'); }
        catch (e) { console.log(e.code + ' ' + e.message); }
      })`;
      const out = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [...CHILD_NODE_OPTIONS, '--input-type=module', '-e', script]);
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
        });
        child.stderr.on('data', (d) => {
          text += d;
        });
        child.on('close', () => resolve(text));
      });
      assert.match(out, /PROJECT_LOCKED/);
      assert.match(out, /assay scan/);
      assert.match(out, new RegExp(`pid ${process.pid}`));
    } finally {
      await project.close();
    }
  });
});
