/**
 * Issue 10 §2: no space left on the device (ENOSPC) during `assay scan` is a clear error (exit 2, the
 * database named, a hint), not a crash, and the project stays usable: once space is freed the scan
 * finishes. The full disk is a small tmpfs mount holding the project, which needs root
 * (CAP_SYS_ADMIN): without it the test is skipped, saying so (as in issue-10-file-system.test.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { json, runCli } from './test-kit/run-cli.js';

interface ErrorJson {
  error: { code: string; message: string; hint?: string };
}

interface ScanJson {
  done: number;
  total: number;
  by_status: Record<string, number>;
}

function tryMount(dir: string, options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

/** Fills the file system holding `dir` up to `leaveKiB` free, with one file `dir/filler`. */
function fill(dir: string, leaveKiB: number): void {
  const free = Number(
    execFileSync('df', ['--output=avail', '-k', dir], { encoding: 'utf8' }).trim().split('\n')[1],
  );
  const count = Math.max(0, free - leaveKiB);
  spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=1024', `count=${count}`], {
    stdio: 'ignore',
  });
}

// Enough images that the scan's rows outgrow what is left on the disk (16 KiB: room for the lock file,
// not for the scan's writes to the database; 150 were already enough when this was written).
const IMAGES = 200;
const LEAVE_KIB = 16;

describe('issue 10: no space left during `assay scan`', () => {
  let tmp = '';
  let disk = '';
  let mounted = false;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-issue10-scan-full-'));
    disk = join(tmp, 'small-disk');
    await mkdir(disk);
    mounted = tryMount(disk, 'size=8m');
  });
  after(async () => {
    if (mounted) spawnSync('umount', [disk]);
    await rm(tmp, { recursive: true, force: true });
  });

  it('a clear error naming the database, then a scan once space is freed', async (t) => {
    if (!mounted) return t.skip('mounting a small tmpfs needs root (CAP_SYS_ADMIN)');
    // The images live off the small disk; the project (and its database) on it.
    const folder = join(tmp, 'folders', 'thing');
    await mkdir(folder, { recursive: true });
    await Promise.all(
      Array.from({ length: IMAGES }, (_, i) =>
        sharp({
          create: { width: 16, height: 12, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } },
        })
          .png()
          .toFile(join(folder, `i${i}.png`)),
      ),
    );
    const dir = join(disk, 'p');
    assert.equal((await runCli(['init', dir], tmp)).code, 0);
    const imported = await runCli(['import', 'class-folders', join(tmp, 'folders'), '--json'], dir);
    assert.equal(imported.code, 0, imported.stderr);

    fill(disk, LEAVE_KIB);
    const full = await runCli(['scan', '--json'], dir);
    assert.equal(full.code, 2, `${full.stdout}${full.stderr}`);
    const { error } = json<ErrorJson>(full);
    assert.equal(error.code, 'IO_ERROR', error.message);
    assert.match(error.message, /No space left/);
    assert.match(error.message, /assay\.duckdb/);
    assert.match(error.hint ?? '', /Free some space/);

    await rm(join(disk, 'filler'));
    const again = await runCli(['scan', '--json'], dir);
    assert.equal(again.code, 0, again.stderr);
    const summary = json<ScanJson>(again);
    assert.equal(summary.total, IMAGES);
    assert.equal(summary.by_status.ok, IMAGES, JSON.stringify(summary));
  });
});
