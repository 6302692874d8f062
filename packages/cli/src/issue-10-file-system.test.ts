/**
 * Issue 10 §2, file-system conditions: a full disk (ENOSPC) during import, export and report, a
 * read-only folder (EROFS), a device or a FIFO as input, and non-UTF-8 file names are clear errors
 * (exit 2, the path named, a hint), with nothing half-written left behind. The full and read-only
 * disks are small tmpfs mounts, which need root (CAP_SYS_ADMIN): without it those tests are skipped,
 * saying so.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { json, runCli } from './test-kit/run-cli.js';
import { makeTinyProject, type TinyProject } from './test-kit/tiny-project.js';

interface ErrorJson {
  error: { code: string; message: string; hint?: string };
}

function tryMount(dir: string, options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

/** Fills the file system holding `dir` up to `leaveKiB` free, with one file. */
function fill(dir: string, leaveKiB: number): void {
  const free = Number(
    execFileSync('df', ['--output=avail', '-k', dir], { encoding: 'utf8' }).trim().split('\n')[1],
  );
  const count = Math.max(0, free - leaveKiB);
  spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=1024', `count=${count}`], {
    stdio: 'ignore',
  });
}

const assertIoError = (run: { code: number; stdout: string; stderr: string }, path: RegExp, what: RegExp) => {
  assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
  const { error } = json<ErrorJson>(run);
  assert.equal(error.code, 'IO_ERROR', error.message);
  assert.match(error.message, path);
  assert.match(error.message, what);
  assert.ok(error.hint);
};

describe('issue 10: file-system conditions', () => {
  let tmp = '';
  let p: TinyProject;
  const mounts: string[] = [];
  let canMount = false;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-issue10-fs-'));
    p = await makeTinyProject(join(tmp, 'project'));
    const probe = join(tmp, 'probe-mount');
    await mkdir(probe);
    canMount = tryMount(probe, 'size=64k');
    if (canMount) mounts.push(probe);
  });
  after(async () => {
    for (const m of mounts) spawnSync('umount', [m]);
    await rm(tmp, { recursive: true, force: true });
  });

  it('no space left: report and export stop naming the path and leave nothing behind', async (t) => {
    if (!canMount) return t.skip('mounting a small tmpfs needs root (CAP_SYS_ADMIN)');
    const full = join(tmp, 'full');
    await mkdir(full);
    assert.ok(tryMount(full, 'size=256k'));
    mounts.push(full);
    fill(full, 0);
    assertIoError(
      await runCli(['report', '--out', join(full, 'r.html'), '--json'], p.dir),
      /r\.html/,
      /No space left/,
    );
    assertIoError(
      await runCli(['export', 'coco', join(full, 'out'), '--json'], p.dir),
      /out/,
      /No space left/,
    );
    assert.deepEqual(readdirSync(full), ['filler'], 'no temp file, no half export');
  });

  it('no space left during import: a clear error, and nothing kept', { timeout: 300_000 }, async (t) => {
    if (!canMount) return t.skip('mounting a small tmpfs needs root (CAP_SYS_ADMIN)');
    const disk = join(tmp, 'small-disk');
    await mkdir(disk);
    assert.ok(tryMount(disk, 'size=8m'));
    mounts.push(disk);
    const dir = join(disk, 'p');
    assert.equal((await runCli(['init', dir], tmp)).code, 0);
    const coco = join(tmp, 'many.json');
    const images = Array.from({ length: 2000 }, (_, i) => ({
      id: i + 1,
      file_name: `i${i}.jpg`,
      width: 64,
      height: 48,
    }));
    const annotations = Array.from({ length: 120_000 }, (_, k) => ({
      id: k + 1,
      image_id: 1 + (k % 2000),
      category_id: 1,
      bbox: [k % 50, k % 40, 5 + (k % 9), 4 + (k % 7)],
      area: 20,
      iscrowd: 0,
    }));
    await writeFile(coco, JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'a' }] }));
    fill(disk, 64);
    const run = await runCli(['import', 'coco', coco, '--images', tmp, '--json'], dir);
    assertIoError(run, /assay\.duckdb/, /No space left/);
    await rm(join(disk, 'filler'));
    const info = await runCli(['info', '--json'], dir);
    assert.equal(info.code, 0, info.stderr);
    assert.equal(json<{ annotations: { total: number } }>(info).annotations.total, 0);
  });

  it('a read-only folder: the output is refused naming it', async (t) => {
    if (!canMount) return t.skip('mounting a small tmpfs needs root (CAP_SYS_ADMIN)');
    const ro = join(tmp, 'read-only');
    await mkdir(ro);
    assert.ok(tryMount(ro, 'size=64k,ro'));
    mounts.push(ro);
    assertIoError(
      await runCli(['report', '--out', join(ro, 'r.html'), '--json'], p.dir),
      /read-only/,
      /r\.html/,
    );
    assertIoError(await runCli(['export', 'yolo', join(ro, 'out'), '--json'], p.dir), /read-only/, /out/);
  });

  it('a device or a FIFO as input is refused naming it, without hanging', { timeout: 120_000 }, async () => {
    const fifo = join(tmp, 'input.json');
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['import', 'coco', '/dev/zero'],
      ['import', 'auto', fifo],
      ['eval', 'coco', '--gt', fifo, '--dt', '/dev/zero'],
    ]) {
      const run = await runCli([...args, '--json'], p.dir);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      const { error } = json<ErrorJson>(run);
      assert.match(error.message, /(\/dev\/zero|input\.json).*(device|named pipe)/);
    }
  });

  it('a file or folder name that is not UTF-8 is a clear error naming it', async () => {
    const ds = Buffer.from(join(tmp, 'folders'));
    const cafe = Buffer.concat([ds, Buffer.from('/caf\xe9', 'latin1')]);
    await mkdir(cafe, { recursive: true });
    await mkdir(join(tmp, 'folders', 'dog'));
    await copyFile(join(p.images, p.files[0]!), Buffer.concat([cafe, Buffer.from('/a.png')]));
    await copyFile(join(p.images, p.files[1]!), join(tmp, 'folders', 'dog', 'b.png'));
    const dir = join(tmp, 'p-names');
    assert.equal((await runCli(['init', dir], tmp)).code, 0);
    const run = await runCli(['import', 'class-folders', join(tmp, 'folders'), '--json'], dir);
    assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
    const { error } = json<ErrorJson>(run);
    assert.match(error.message, /folders\/caf\\xe9 has a name that is not UTF-8 text/);
    assert.match(error.hint ?? '', /Rename it/);
  });
});
