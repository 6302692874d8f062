import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initProject, openProject, type Project } from '../project.js';

describe('store.listIssues', () => {
  let dir = '';
  let project: Project;
  let bId = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issues-'));
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'), { command: 'test' });
    const ids = await project.store.upsertSamples('images', [{ key: 'a.jpg' }, { key: 'b.jpg' }]);
    const a = ids.get('a.jpg');
    const b = ids.get('b.jpg');
    bId = b ?? -1;
    const run = await project.store.startRun('check', {});
    await project.store.replaceIssues(
      run,
      ['dark', 'near_duplicate'],
      [
        { sampleId: a, type: 'dark', severity: 'warning', score: 0.4, reason: 'a is dark' },
        { sampleId: b, type: 'dark', severity: 'warning', score: 0.9, reason: 'b is darker' },
        { sampleId: b, type: 'dark', severity: 'info', score: 0.1, reason: 'b again' },
        {
          sampleId: a,
          annotationId: 12,
          type: 'near_duplicate',
          severity: 'warning',
          score: 0.7,
          reason: 'a looks like b',
          details: { related_sample_ids: [b] },
        },
      ],
    );
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists by type, highest score first, with details parsed', async () => {
    const all = await project.store.listIssues();
    assert.deepEqual(
      all.map((i) => [i.type, i.score]),
      [
        ['dark', 0.9],
        ['dark', 0.4],
        ['dark', 0.1],
        ['near_duplicate', 0.7],
      ],
    );
    const near = all[3];
    assert.equal(near?.annotationId, 12);
    assert.equal(near?.status, 'open');
    assert.deepEqual(near?.details, { related_sample_ids: [bId] });
  });

  it('filters by type and keeps the worst few of each type', async () => {
    const worst = await project.store.listIssues({ limitPerType: 1 });
    assert.deepEqual(
      worst.map((i) => i.reason),
      ['b is darker', 'a looks like b'],
    );
    assert.equal((await project.store.listIssues({ types: ['near_duplicate'] })).length, 1);
    assert.equal((await project.store.listIssues({ types: [] })).length, 0);
    assert.equal((await project.store.listIssues({ status: ['fixed'] })).length, 0);
  });
});
