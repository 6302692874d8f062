import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { MEMORY_LIMIT_VARIABLE } from '../../duckdb-memory-error.js';
import { AssayError, toAssayError } from '../../errors.js';
import { initProject, openProject } from '../project.js';
import { defaultMemoryLimit } from './duckdb-memory.js';
import { storeDb } from './duckdb-store.js';

// Issue 12: every command opened DuckDB with its own default memory limit (80% of the RAM; ~2.3 GB in a
// 1M-image `check`). Now a default limit, a spill folder per process under .assay/tmp/, the variable still
// overriding it, and DuckDB's "Out of Memory Error" worded as OUT_OF_MEMORY naming the variable.

/** A query that cannot spill: one list of 5M integers (40 MB) built by one aggregate. */
const UNSPILLABLE = 'SELECT list(range) FROM range(5000000)';

describe('DuckDB memory limit (issue 12)', () => {
  let dir = '';
  let project = '';
  const saved = process.env[MEMORY_LIMIT_VARIABLE];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-memory-limit-'));
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

  const setting = async (p: Awaited<ReturnType<typeof openProject>>, name: string) =>
    (await storeDb(p.store).one<{ v: string }>(`SELECT current_setting('${name}') AS v`))!.v;

  it('is a quarter of the RAM up to 1 GiB by default, spilling into .assay/tmp/<pid>', async () => {
    assert.equal(defaultMemoryLimit(32 * 2 ** 30), '1024MiB');
    assert.equal(defaultMemoryLimit(2 * 2 ** 30), '512MiB');
    assert.equal(defaultMemoryLimit(32 * 2 ** 30, 2048), '2048MiB');
    delete process.env[MEMORY_LIMIT_VARIABLE];
    const p = await openProject(project, { readOnly: true });
    try {
      // DuckDB reports the limit in its own units: 1024MiB is "1.0 GiB" (on a machine of 4 GiB or more).
      const expected = defaultMemoryLimit();
      const mib = Number(expected.replace('MiB', ''));
      assert.equal(await setting(p, 'memory_limit'), mib >= 1024 ? `${mib / 1024}.0 GiB` : `${mib}.0 MiB`);
      assert.equal(await setting(p, 'temp_directory'), join(project, '.assay', 'tmp', String(process.pid)));
    } finally {
      await p.close();
    }
  });

  it('takes ASSAY_DUCKDB_MEMORY_LIMIT over the opener’s value', async () => {
    process.env[MEMORY_LIMIT_VARIABLE] = '48MiB';
    const p = await openProject(project, { readOnly: true, memoryLimit: '16MiB' });
    try {
      assert.equal(await setting(p, 'memory_limit'), '48.0 MiB');
    } finally {
      await p.close();
    }
  });

  it('spills a sort above the limit into .assay/tmp/<pid> and removes it on close', async () => {
    delete process.env[MEMORY_LIMIT_VARIABLE];
    const p = await openProject(project, { readOnly: true, memoryLimit: '16MiB' });
    const spill = join(project, '.assay', 'tmp', String(process.pid));
    try {
      // 3M random doubles (24 MB) sorted under a 16 MiB limit: DuckDB writes runs to the spill folder.
      const row = await storeDb(p.store).one<{ n: bigint | number }>(
        'SELECT count(*) AS n FROM (SELECT random() AS r, range AS i FROM range(3000000) ORDER BY r)',
      );
      assert.equal(Number(row!.n), 3000000);
    } finally {
      await p.close();
    }
    assert.equal(existsSync(spill), false);
  });

  it('removes the spill folder of a process that died', async () => {
    delete process.env[MEMORY_LIMIT_VARIABLE];
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const left = join(project, '.assay', 'tmp', String(dead));
    mkdirSync(left, { recursive: true });
    const p = await openProject(project, { readOnly: true });
    await p.close();
    assert.equal(existsSync(left), false);
  });

  it('words a query over the limit as OUT_OF_MEMORY naming the variable', async () => {
    process.env[MEMORY_LIMIT_VARIABLE] = '8MiB';
    const p = await openProject(project, { readOnly: true });
    try {
      await assert.rejects(storeDb(p.store).all(UNSPILLABLE), (error: unknown) => {
        assert.ok(error instanceof AssayError);
        assert.equal(error.code, 'OUT_OF_MEMORY');
        assert.match(error.message, /ran out of memory: Out of Memory Error/);
        assert.match(error.hint ?? '', /ASSAY_DUCKDB_MEMORY_LIMIT \(now 8MiB\)/);
        return true;
      });
    } finally {
      await p.close();
    }
  });

  it('words the error of any other connection the same way (toAssayError, the last resort)', async () => {
    delete process.env[MEMORY_LIMIT_VARIABLE];
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '8MiB', threads: '2' });
    const connection = await instance.connect();
    let thrown: unknown;
    try {
      await connection.runAndReadAll(UNSPILLABLE);
    } catch (error) {
      thrown = error;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    assert.ok(thrown instanceof Error && !(thrown instanceof AssayError));
    const e = toAssayError(thrown);
    assert.equal(e.code, 'OUT_OF_MEMORY');
    assert.match(e.hint ?? '', /ASSAY_DUCKDB_MEMORY_LIMIT \(unset: Assay's default/);
  });
});
