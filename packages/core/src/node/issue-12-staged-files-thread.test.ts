/**
 * Issue 12: staged files (YOLO labels, VOC XML) are written by threads of their own in batches
 * (file-batch-writer.ts, label-file-worker.ts). Every file arrives whole and in place at commit, an error of
 * the thread surfaces as the file's AssayError, and a discarded or failed export leaves no staging folder.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { FileBatchWriter } from './file-batch-writer.js';
import { createStagedFiles } from './staged-files.js';

describe('issue 12: staged files written by a thread', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue12-staged-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every file, in batches on the thread, into place at commit', async () => {
    const out = join(dir, 'labels');
    // Batches of 3 files, at most 2 in flight: 25 files make 9 batches, 8 of them on the thread.
    const staged = createStagedFiles(out, (p) => p, { files: 3, inFlight: 2 });
    const bytes = new Uint8Array(64);
    for (let i = 0; i < 25; i++) {
      const split = i % 2 === 0 ? 'train' : 'val';
      if (i % 5 === 0) await staged.write(join(out, split, `t${i}.txt`), `text ${i} ünïcode\n`);
      else {
        // The same buffer reused for every file, as yolo-write.ts does: each file keeps its own bytes.
        const line = new TextEncoder().encode(`${i} 0.5 0.5 0.1 0.1\n`);
        bytes.set(line);
        await staged.write(join(out, split, `f${i}.txt`), bytes.subarray(0, line.length));
      }
    }
    await staged.write(join(out, 'train', 'empty.txt'), new Uint8Array(0));
    await staged.commit();
    assert.equal(readdirSync(join(out, 'train')).length, 14);
    assert.equal(readdirSync(join(out, 'val')).length, 12);
    assert.equal(readFileSync(join(out, 'val', 'f7.txt'), 'utf8'), '7 0.5 0.5 0.1 0.1\n');
    assert.equal(readFileSync(join(out, 'val', 't15.txt'), 'utf8'), 'text 15 ünïcode\n');
    assert.equal(readFileSync(join(out, 'train', 'empty.txt'), 'utf8'), '');
    assert.deepEqual(
      readdirSync(out).filter((n) => n.startsWith('.assay-staging')),
      [],
      'no staging folder left',
    );
  });

  it("surfaces the thread's error as the file's AssayError", async () => {
    const writer = new FileBatchWriter({ files: 2 });
    const bytes = new TextEncoder().encode('x\n');
    // The folder does not exist: the thread's open fails with ENOENT on the first file.
    const missing = join(dir, 'no-such-folder');
    await writer.write(join(missing, 'a.txt'), bytes);
    await writer.write(join(missing, 'b.txt'), bytes);
    await writer.write(join(missing, 'c.txt'), bytes);
    await assert.rejects(writer.close(), (e: NodeJS.ErrnoException) => {
      assert.equal(e.code, 'ENOENT');
      assert.equal(e.path, join(missing, 'a.txt'));
      return true;
    });
  });

  it('two threads: alternate batches all written; the error is the first failing file in write order', async () => {
    const out = join(dir, 'two');
    const writer = new FileBatchWriter({ files: 2, threads: 2, inFlight: 8 });
    const bytes = new TextEncoder().encode('x\n');
    await mkdir(out);
    // Batch 0 (thread 0) and batch 3 (thread 1) are written; batch 1 (thread 1) fails at its second file,
    // after a large first one; batch 2 (thread 0) fails at once on a missing folder, likely before batch 1.
    await writer.write(join(out, 'a.txt'), bytes);
    await writer.write(join(out, 'b.txt'), bytes);
    await writer.write(join(out, 'big.txt'), new Uint8Array(1 << 22));
    await writer.write(join(out, `${'n'.repeat(300)}.txt`), bytes);
    await writer.write(join(out, 'missing', 'c.txt'), bytes);
    await writer.write(join(out, 'd.txt'), bytes);
    await writer.write(join(out, 'e.txt'), bytes);
    await writer.write(join(out, 'f.txt'), bytes);
    await assert.rejects(writer.close(), (e: NodeJS.ErrnoException) => {
      assert.equal(e.code, 'ENAMETOOLONG', e.message);
      assert.match(String(e.path), /nnnn\.txt$/);
      return true;
    });
    assert.deepEqual(readdirSync(out).sort(), ['a.txt', 'b.txt', 'big.txt', 'e.txt', 'f.txt']);
  });

  it('fewer files than a batch are written without a thread', async () => {
    const writer = new FileBatchWriter({ files: 100 });
    const path = join(dir, 'one.txt');
    await writer.write(path, new TextEncoder().encode('one\n'));
    await writer.close();
    assert.equal(readFileSync(path, 'utf8'), 'one\n');
  });

  it('a discarded export leaves no staging folder and nothing in place', async () => {
    const out = join(dir, 'discarded');
    const staged = createStagedFiles(out, (p) => p, { files: 2, inFlight: 1 });
    for (let i = 0; i < 9; i++) await staged.write(join(out, 'train', `${i}.txt`), `${i}\n`);
    await staged.discard();
    assert.deepEqual(readdirSync(out), []);
    assert.equal(existsSync(join(out, 'train')), false);
  });

  it('a file that cannot be written fails the commit as an IO error naming its destination', async () => {
    const out = join(dir, 'failing');
    const staged = createStagedFiles(out, (p) => p, { files: 2 });
    // A name longer than the file system allows (255 bytes on ext4): the thread's open fails.
    const long = `${'n'.repeat(300)}.txt`;
    await staged.write(join(out, 'train', 'ok.txt'), 'ok\n');
    await staged.write(join(out, 'train', long), 'too long\n');
    await staged.write(join(out, 'train', 'later.txt'), 'later\n');
    await assert.rejects(staged.commit(), (e: unknown) => {
      assert.ok(e instanceof AssayError, String(e));
      assert.match(e.message, /nnnn/);
      assert.ok(!e.message.includes('.assay-staging'), e.message);
      return true;
    });
    assert.deepEqual(readdirSync(out), []);
  });
});
