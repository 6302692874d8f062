import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Annotation } from '../../model/annotation.js';
import { CHILD_NODE_OPTIONS, moduleBeside } from '../../test-kit/child-node.js';
import { initProject, openProject, type Project } from '../project.js';

const PROJECT_URL = pathToFileURL(moduleBeside(import.meta.url, '../project.js')).href;

/** 5,000 annotations (three chunks of 2,048 rows and a part), every tenth a polygon. */
function rows(count: number): Annotation[] {
  return Array.from({ length: count }, (_, i) => {
    const a: Annotation = {
      sample: `img${i % 7}.jpg`,
      source: 'ground_truth',
      kind: i % 10 === 0 ? 'polygon' : 'bbox',
      label: i % 2 === 0 ? 'cat' : 'dog',
      bbox: [i, i / 2, 3, 4],
      originalId: i + 1,
    };
    if (i % 10 === 0) a.points = [[0, 0, i, 0, i, 1]];
    return a;
  });
}

describe('annotation inserts through the chunk table function', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-chunk-insert-'));
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'), { command: 'test' });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function write(annotations: Annotation[]): Promise<number> {
    const { store } = project;
    return store.transaction(async () => {
      const runId = await store.startRun('import', {});
      const classIds = await store.upsertClasses([{ name: 'cat' }, { name: 'dog' }]);
      const source = await store.ensureSource('ground_truth');
      const keys = Array.from({ length: 7 }, (_, i) => ({ key: `img${i}.jpg` }));
      const sampleIds = await store.upsertSamples('images', keys);
      const sourceIds = new Map([[source.name, source.id]]);
      return store.appendAnnotations(annotations, { sampleIds, classIds, sourceIds }, runId);
    });
  }

  it('writes every row, in order, across chunks', async () => {
    const input = rows(5000);
    assert.equal(await write(input), 5000);
    const back = await project.store.listAnnotations();
    assert.equal(back.length, 5000);
    back.forEach((a, i) => {
      assert.equal(a.id, i + 1);
      assert.equal(a.originalId, i + 1);
      assert.equal(a.sample, input[i]!.sample);
      assert.equal(a.label, input[i]!.label);
      assert.deepEqual(a.bbox, input[i]!.bbox);
      assert.deepEqual(a.points, input[i]!.points);
    });
  });

  it('process.exit(130) during an insert (a second Ctrl-C) ends the process at once and keeps nothing', async () => {
    const path = join(dir, 'exit');
    await initProject(path);
    // The child starts a 50,000-row insert; building row 30,000 schedules process.exit for the next
    // turn of the event loop, which comes between two chunks while DuckDB's thread waits for one.
    const script = `import(${JSON.stringify(PROJECT_URL)}).then(async (m) => {
      const project = await m.openProject(${JSON.stringify(path)}, { command: 'test' });
      const { store } = project;
      await store.transaction(async () => {
        const runId = await store.startRun('import', {});
        const classIds = await store.upsertClasses([{ name: 'cat' }]);
        const source = await store.ensureSource('ground_truth');
        const sampleIds = await store.upsertSamples('images', [{ key: 'a.jpg' }]);
        const rows = Array.from({ length: 50000 }, () => ({ sample: 'a.jpg', source: 'ground_truth', kind: 'bbox', label: 'cat', bbox: [1, 2, 3, 4] }));
        Object.defineProperty(rows[30000], 'bbox', { get: () => (setImmediate(() => process.exit(130)), [1, 2, 3, 4]) });
        await store.appendAnnotations(rows, { sampleIds, classIds, sourceIds: new Map([[source.name, source.id]]) }, runId);
        console.log('the insert finished before the exit');
      });
    })`;
    const child = spawnSync(process.execPath, [...CHILD_NODE_OPTIONS, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.error, undefined, 'the child did not hang');
    assert.doesNotMatch(child.stdout, /finished before the exit/);
    assert.equal(child.signal, 'SIGINT', child.stderr);
    const reopened = await openProject(path, { readOnly: true });
    try {
      assert.equal((await reopened.store.summary()).annotations.total, 0);
    } finally {
      await reopened.close();
    }
  });

  it('passes on an error from a later chunk and leaves nothing of the transaction behind', async () => {
    const before = await project.store.summary();
    const input = rows(5000);
    input[4500]!.sample = 'not-there.jpg';
    await assert.rejects(write(input), /unmapped sample "not-there.jpg"/);
    const after = await project.store.summary();
    assert.equal(after.annotations.total, before.annotations.total);
    assert.equal(after.samples, before.samples);
    assert.equal((await project.store.listAnnotations()).length, 5000);
  });
});
