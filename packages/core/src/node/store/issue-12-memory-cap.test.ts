import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { MEMORY_LIMIT_VARIABLE } from '../../duckdb-memory-error.js';
import { initProject, openProject } from '../project.js';
import { storeDb } from './duckdb-store.js';
import { sizeBytes } from './memory-cap.js';

// Issue 12: the batched `eval` lowers DuckDB's memory limit while its passes run (at 1M images the
// buffer pool kept every block read or written up to the default limit) and puts it back after;
// the user's ASSAY_DUCKDB_MEMORY_LIMIT, or a limit already lower, is left alone.
describe('store.capMemory (issue 12)', () => {
  let dir = '';
  let project = '';
  const saved = process.env[MEMORY_LIMIT_VARIABLE];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-memory-cap-'));
    project = join(dir, 'p');
    await initProject(project);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[MEMORY_LIMIT_VARIABLE];
    else process.env[MEMORY_LIMIT_VARIABLE] = saved;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const limitOf = async (p: Awaited<ReturnType<typeof openProject>>) =>
    (await storeDb(p.store).one<{ v: string }>("SELECT current_setting('memory_limit') AS v"))!.v;

  it('reads DuckDB’s sizes as it prints them', () => {
    assert.equal(sizeBytes('1.0 GiB'), 2 ** 30);
    assert.equal(sizeBytes('256.0 MiB'), 256 * 2 ** 20);
    assert.equal(sizeBytes('1.5 KiB'), 1536);
    assert.equal(sizeBytes('2 GB'), 2e9);
    assert.ok(Number.isNaN(sizeBytes('lots')));
  });

  it('lowers the limit until restored, and restores the previous one', async () => {
    delete process.env[MEMORY_LIMIT_VARIABLE];
    const p = await openProject(project, { memoryLimit: '512MiB' });
    try {
      assert.equal(await limitOf(p), '512.0 MiB');
      const restore = await p.store.capMemory('96MiB');
      assert.equal(await limitOf(p), '96.0 MiB');
      await restore();
      assert.equal(await limitOf(p), '512.0 MiB');
    } finally {
      await p.close();
    }
  });

  it('leaves a lower limit, and the variable’s, as they are', async () => {
    delete process.env[MEMORY_LIMIT_VARIABLE];
    const low = await openProject(project, { memoryLimit: '64MiB' });
    try {
      const restore = await low.store.capMemory('96MiB');
      assert.equal(await limitOf(low), '64.0 MiB');
      await restore();
      assert.equal(await limitOf(low), '64.0 MiB');
    } finally {
      await low.close();
    }
    process.env[MEMORY_LIMIT_VARIABLE] = '512MiB';
    const user = await openProject(project);
    try {
      await user.store.capMemory('96MiB');
      assert.equal(await limitOf(user), '512.0 MiB');
    } finally {
      await user.close();
    }
  });
});
