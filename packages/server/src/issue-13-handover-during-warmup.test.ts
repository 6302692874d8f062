/**
 * Issue 13: the server's background work (counts, facet base, facet index: ~16 s of CPU at 1M samples)
 * must not hold up an edit from the app or another command: a hand-over abandons it instead of waiting
 * for it, a request it interrupts is answered after the reopen, and between its statements it lets the
 * page queries go first. The "long build" here is a real DuckDB query that would run for hours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ProjectResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

/** A query that runs until it is interrupted (a scan of 10^13 generated rows). */
const ENDLESS = 'SELECT count(*) AS n FROM range(10000000000000) t(i) WHERE hash(i) = 0';

describe('background work while `assay serve` hands the project over', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;
  /** Until the server's own warm-up is done (the facets come from the index): it shares the connection. */
  const warmedUp = async () => {
    for (let i = 0; i < 500; i++) {
      const res = await s.post('/api/facets', { filter: { splits: ['train'] } });
      await res.arrayBuffer();
      if (res.headers.get('x-assay-engine') === 'index') return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the facet index was not built');
  };
  before(async () => {
    demo = await makeDemo(20);
    s = await serveDemo(demo.project);
    await warmedUp();
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('an app write does not wait for background work: it is abandoned, and runs again after', async () => {
    const { handle } = s.server;
    let steps = 0;
    const endless = handle.warm(async (db, pace) => {
      for (;;) {
        await pace();
        steps++;
        await db.all(ENDLESS);
      }
    });
    while (steps === 0) await new Promise((r) => setTimeout(r, 10));
    const change = handle.change;
    const shown = ProjectResponse.parse(await (await s.get('/api/project')).json()).counts.samples;
    const t0 = performance.now();
    const samples = await handle.write(async (project) => project.store.countSamples());
    const took = performance.now() - t0;
    assert.equal(samples, shown);
    assert.ok(took < 5000, `the write took ${took.toFixed(0)} ms`);
    await assert.rejects(endless); // interrupted, not finished
    assert.equal(handle.change, change + 1);
    // The warm-up of the new change runs again and builds the index.
    await warmedUp();
  });

  test('a request interrupted by the hand-over is answered after the reopen, not failed', async () => {
    const { handle } = s.server;
    let calls = 0;
    const answer = handle.useBackground(async (db) => {
      calls++;
      return calls === 1 ? db.all(ENDLESS) : db.all('SELECT 42 AS n');
    });
    while (calls === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50)); // the endless query is running
    await handle.write(async () => undefined);
    assert.deepEqual(await answer, [{ n: 42 }]);
    assert.equal(calls, 2);
    await warmedUp();
  });

  test('a writing command (`assay check`) is not held up by background work', async () => {
    const { handle } = s.server;
    const endless = handle.warm(async (db, pace) => {
      await pace();
      await db.all(ENDLESS);
    });
    await new Promise((r) => setTimeout(r, 50));
    const before = ProjectResponse.parse(await (await s.get('/api/project')).json());
    const t0 = performance.now();
    const run = await runCli(['check'], demo.project);
    const took = performance.now() - t0;
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /in use|locked/i);
    assert.ok(took < 30_000, `the command took ${took.toFixed(0)} ms`);
    await assert.rejects(endless);
    const afterCheck = ProjectResponse.parse(await (await s.get('/api/project')).json());
    assert.ok(afterCheck.change > before.change);
    assert.ok(afterCheck.counts.open_issues > 0);
    await warmedUp();
  });

  test('between its statements, background work waits for the page queries in flight', async () => {
    const { handle } = s.server;
    const order: string[] = [];
    let release!: () => void;
    const page = handle.use(async () => {
      order.push('page start');
      await new Promise<void>((r) => {
        release = r;
      });
      order.push('page end');
    });
    const warm = handle.warm(async (_db, pace) => {
      await pace();
      order.push('background step');
    });
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([page, warm]);
    assert.deepEqual(order, ['page start', 'page end', 'background step']);
  });
});
