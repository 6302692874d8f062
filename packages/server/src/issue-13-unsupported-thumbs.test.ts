/**
 * Issue 13 (missing or corrupt images get a clear placeholder, never a broken tile): a BMP variant libvips
 * cannot decode was "image missing or unreadable" in the grid although every browser shows BMP. Its file now
 * stands in for its thumbnail; the page item says why the scan could not use a file (media_problem), so the
 * placeholder names it; a damaged file stays a 404.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importDataset } from '@assay/core/node/import-dataset';
import { initProject, openProject } from '@assay/core/node/project';
import { scanProject } from '@assay/core/node/scan-project';
import { bmp } from '@assay/core/test-kit/bmp';
import { serveDemo } from './test-kit/demo-server.js';

describe('thumbnails of files Assay cannot decode', () => {
  let dir = '';
  let s: Awaited<ReturnType<typeof serveDemo>> | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-unsupported-thumbs-'));
    await mkdir(join(dir, 'data', 'cat'), { recursive: true });
    await writeFile(join(dir, 'data', 'cat', 'a.bmp'), bmp(8, 6));
    await writeFile(
      join(dir, 'data', 'cat', 'b.bmp'),
      Buffer.from('BMnot really a bitmap, only its first two letters'),
    );
    const projectDir = await initProject(join(dir, 'p'));
    const project = await openProject(projectDir, { command: 'test' });
    try {
      await importDataset(project, { format: 'class-folders', path: join(dir, 'data') });
      await scanProject(project);
    } finally {
      await project.close();
    }
    s = await serveDemo(projectDir);
  });
  after(async () => {
    await s?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a valid BMP is sent as itself; a damaged one is a 404; the page says why each could not be used', async () => {
    const page = (await (
      await s!.post('/api/samples/query', { filter: {}, offset: 0, limit: 10 })
    ).json()) as {
      items: { id: number; path: string; media_problem?: string | null }[];
    };
    const byPath = new Map(page.items.map((i) => [i.path, i]));
    const valid = byPath.get('cat/a.bmp')!;
    const damaged = byPath.get('cat/b.bmp')!;
    assert.equal(valid.media_problem, 'unsupported');
    assert.equal(damaged.media_problem, 'corrupt');
    const thumb = await s!.get(`/api/media/${valid.id}/thumb`);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers.get('content-type'), 'image/bmp');
    assert.deepEqual(
      Buffer.from(await thumb.arrayBuffer()),
      await readFile(join(dir, 'data', 'cat', 'a.bmp')),
    );
    const again = await s!.get(`/api/media/${valid.id}/thumb`, {
      'if-none-match': thumb.headers.get('etag')!,
    });
    assert.equal(again.status, 304);
    assert.equal((await s!.get(`/api/media/${damaged.id}/thumb`)).status, 404);
  });
});
