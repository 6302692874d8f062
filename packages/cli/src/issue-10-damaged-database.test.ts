/**
 * Issue 10 §2: a damaged project database is named as damaged, with what to do, and commands stop
 * cleanly (exit 2, no stack, no hang, no cascade of errors); a deleted database is reported missing,
 * never recreated empty by `scan` or `import`. Real CLI, real DuckDB files damaged on disk.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { json, runCli } from './test-kit/run-cli.js';
import { makeTinyProject, type TinyProject } from './test-kit/tiny-project.js';

interface ErrorJson {
  error: { code: string; message: string; hint?: string };
}

/** DuckDB's block size and where its first data block starts (after the file and database headers). */
const BLOCK = 262_144;
const FIRST_BLOCK = 12_288;

function damage(file: string, offset: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(1000, 0xab), 0, 1000, offset);
  } finally {
    closeSync(fd);
  }
}

describe('issue 10: damaged or missing project database', () => {
  let tmp = '';
  let p: TinyProject;
  let db = '';
  let backup = '';
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-issue10-db-'));
    p = await makeTinyProject(join(tmp, 'project'));
    for (const args of [['scan'], ['check']]) assert.equal((await runCli(args, p.dir)).code, 0);
    db = join(p.dir, '.assay', 'assay.duckdb');
    backup = join(tmp, 'backup.duckdb');
    await copyFile(db, backup);
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const assertDamaged = (run: { code: number; stdout: string; stderr: string }, what: string) => {
    assert.notEqual(run.code, 3, `${what}: no unexpected error\n${run.stdout}${run.stderr}`);
    if (run.code === 0) return false;
    assert.equal(run.code, 2, `${what}: ${run.stdout}${run.stderr}`);
    const { error } = json<ErrorJson>(run);
    assert.equal(error.code, 'DATABASE_DAMAGED', `${what}: ${error.message}`);
    assert.ok(error.message.includes(db), 'names the file');
    assert.match(error.hint ?? '', /backup or snapshot.*import the data again/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack');
    return true;
  };

  it('a damaged header block: every command says the database is damaged', async () => {
    // Both database headers (DuckDB keeps two, at 4 KiB and 8 KiB, and reads the newer valid one); the
    // first data block is not a reliable target: which table sits there depends on the schema's history.
    damage(db, 4096 + 16);
    damage(db, 8192 + 16);
    for (const command of [['info'], ['scan'], ['issues']]) {
      assert.ok(assertDamaged(await runCli([...command, '--json'], p.dir), command[0]!));
    }
    await copyFile(backup, db);
  });

  it('damaged data blocks: commands either work or stop cleanly saying so (never exit 3, never hang)', {
    timeout: 300_000,
  }, async () => {
    const blocks = Math.floor((statSync(backup).size - FIRST_BLOCK) / BLOCK);
    let damaged = 0;
    // a spread of blocks: catalog, tables and the issue rows sit in different ones
    for (const k of [3, 6, 10, 13, 16, 21].filter((b) => b < blocks)) {
      await copyFile(backup, db);
      damage(db, FIRST_BLOCK + k * BLOCK + 100);
      for (const command of ['issues', 'stats']) {
        if (assertDamaged(await runCli([command, '--json'], p.dir), `${command} (block ${k})`)) damaged++;
      }
    }
    assert.ok(damaged > 0, 'some damaged block was read');
    await copyFile(backup, db);
  });

  it('a deleted database is reported missing and not recreated by scan or import', async () => {
    await rename(db, join(tmp, 'moved.duckdb'));
    try {
      for (const args of [['scan'], ['import', 'coco', p.annotations, '--images', p.images]]) {
        const run = await runCli([...args, '--json'], p.dir);
        assert.equal(run.code, 2, run.stderr);
        const { error } = json<ErrorJson>(run);
        assert.equal(error.code, 'DATABASE_MISSING');
        assert.ok(error.message.includes(db));
        assert.match(error.hint ?? '', /backup/);
        assert.ok(!existsSync(db), `${args[0]} must not create an empty database`);
      }
    } finally {
      await rename(join(tmp, 'moved.duckdb'), db);
    }
    assert.equal((await runCli(['info'], p.dir)).code, 0);
  });
});
