import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initProject } from '@assay/core/node/project';
import { ProjectHandle } from './project-handle.js';

// Issue 13: a filter change's facet counts are the answer the app shows first; the page, annotations and
// thumbnails asked meanwhile (main connection) wait for them, for a bounded time.
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-facets-first-'));
  await initProject(join(dir, 'p'), { name: 'facets-first' });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((done) => setImmediate(done));
};

test('a request on the main connection waits for the work run first, then runs', async () => {
  const handle = await ProjectHandle.open(join(dir, 'p'), { firstWaitMs: 600_000 });
  try {
    const order: string[] = [];
    let release = () => {};
    const counts = handle.first(
      () =>
        new Promise<void>((done) => {
          release = () => {
            order.push('counts');
            done();
          };
        }),
    );
    const page = handle.use(async (db) => {
      order.push('page');
      return db.scalar('SELECT count(*) FROM samples');
    });
    await turns(10);
    assert.deepEqual(order, [], 'the page has not run while the counts run');
    release();
    await counts;
    assert.equal(await page, 0);
    assert.deepEqual(order, ['counts', 'page']);
    // nothing run first: no wait
    assert.equal(await handle.use((db) => db.scalar('SELECT 1')), 1);
  } finally {
    await handle.close();
  }
});

test('the wait is bounded: work run first that never ends does not hold the pages', async () => {
  const handle = await ProjectHandle.open(join(dir, 'p'), { firstWaitMs: 1 });
  try {
    void handle.first(() => new Promise<void>(() => {}));
    assert.equal(await handle.use((db) => db.scalar('SELECT 1')), 1);
  } finally {
    await handle.close();
  }
});
