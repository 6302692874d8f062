import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AssayError } from '../errors.js';
import type { StoredSample } from '../store/project-store.js';
import { writeFileAtomic } from './atomic-write.js';
import { guardOutput } from './output-guard.js';
import { issueThumbnail } from './report/issue-thumbnail.js';

const isCode = (code: string) => (e: unknown) => e instanceof AssayError && e.code === code;

describe('guardOutput and writeFileAtomic (issue 10 §1)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-guard-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a device node as a file output (checked without writing: /dev/null is never touched)', () => {
    assert.throws(
      () => guardOutput('/dev/null', { kind: 'file', label: 'the report', protect: [] }),
      (e: unknown) => isCode('CONFLICT')(e) && /a device, not a regular file/.test((e as Error).message),
    );
  });

  it('refuses paths that are, contain or lie inside a protected path, through links too', async () => {
    const src = join(dir, 'src');
    await mkdir(join(src, 'deep'), { recursive: true });
    await symlink(join(src, 'deep'), join(dir, 'via-link'));
    const protect = [{ path: src, role: 'an images folder of the project' }];
    const guard = (out: string) => guardOutput(out, { kind: 'folder', label: 'the export', protect });
    for (const out of [src, join(src, 'new', 'x'), dir, join(dir, 'via-link'), join(dir, 'via-link', 'n')]) {
      assert.throws(() => guard(out), isCode('PROTECTED_PATH'), out);
    }
    assert.equal(guard(join(dir, 'elsewhere')), join(dir, 'elsewhere'));
  });

  it('writeFileAtomic never replaces a FIFO and leaves no temp file', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(writeFileAtomic(fifo, 'x'), isCode('CONFLICT'));
    assert.ok(statSync(fifo).isFIFO());
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('a report thumbnail is not made from a link leading out of the images folder, nor from a FIFO', async () => {
    const images = join(dir, 'images');
    await mkdir(images);
    const outside = join(dir, 'outside.png');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toFile(outside);
    await symlink(outside, join(images, 'a.png'));
    execFileSync('mkfifo', [join(images, 'b.png')]);
    await writeFile(join(images, 'c.png'), await sharp(outside).png().toBuffer());
    const sample = (key: string) =>
      ({ id: 1, key, root: images, probe: { status: 'ok', width: 8, height: 8 } }) as unknown as StoredSample;
    const escaped = await issueThumbnail(sample('a.png'), images, []);
    assert.ok('reason' in escaped && /symbolic link to .*outside\.png/.test(escaped.reason));
    const fifo = await issueThumbnail(sample('b.png'), images, []);
    assert.ok('reason' in fifo && /named pipe/.test(fifo.reason));
    const fine = await issueThumbnail(sample('c.png'), images, []);
    assert.ok('thumbnail' in fine);
  });
});
