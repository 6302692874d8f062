import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ErrorBody, SamplesQueryResponse } from '@assay/api';
import { ProjectHandle } from './project-handle.js';
import { SampleFiles } from './sample-files.js';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

// Issue 13: a grid page's ~50 thumbnail requests looked their samples up one statement each (two: the kind,
// then the file), queued on the server's one connection; SampleFiles looks them up in one query. And a tile
// without an image file, shown again, was asked again each time.
describe('thumbnail requests of a grid page at once (SampleFiles)', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;

  before(async () => {
    demo = await makeDemo(30);
  });
  after(async () => {
    await demo?.cleanup();
  });

  test('one query for the ids asked together; each row as a point query gives it; kept until a change', async () => {
    const handle = await ProjectHandle.open(demo.project);
    try {
      let queries = 0;
      let change = 1;
      const counted: Pick<ProjectHandle, 'use' | 'change'> = {
        get change() {
          return change;
        },
        use: (fn) => {
          queries++;
          return handle.use(fn);
        },
      };
      const files = new SampleFiles(counted);
      const ids = await handle.use(async (db) =>
        (await db.all<{ id: number }>('SELECT id FROM samples ORDER BY id')).map((r) => Number(r.id)),
      );
      assert.ok(ids.length >= 30);
      const asked = [...ids, 999_999, 1_000_000];
      const rows = await Promise.all(asked.map((id) => files.get(id)));
      assert.equal(queries, 1, 'one query for every id asked in the same turn');
      // the reference: the point query media.ts made per request before
      for (const [k, id] of asked.entries()) {
        const expected = await handle.use(async (db, project) => {
          const r = await db.one<{ kind: string; root: string; key: string; scan_status: string }>(
            'SELECT kind::VARCHAR AS kind, root, key, scan_status FROM samples WHERE id = ?',
            [id],
          );
          return r && { kind: r.kind, root: project.resolveRoot(r.root), key: r.key, status: r.scan_status };
        });
        assert.deepEqual(rows[k], expected, `sample ${id}`);
      }
      assert.equal(rows.filter((r) => r === undefined).length, 2, 'the two unknown ids');
      await files.get(ids[3]!);
      await files.get(999_999);
      assert.equal(queries, 1, 'known rows (and unknown ids) are kept');
      change++;
      await Promise.all([files.get(ids[3]!), files.get(ids[4]!)]);
      assert.equal(queries, 2, 'a change of the project drops them');
    } finally {
      await handle.close();
    }
  });

  test('thumbnails asked all at once answer as they do one at a time', async () => {
    const s = await serveDemo(demo.project);
    try {
      const page = SamplesQueryResponse.parse(
        await (await s.post('/api/samples/query', { filter: {}, offset: 0, limit: 40 })).json(),
      );
      // two files gone since the scan (the bench's generated project has no image files at all)
      const gone = page.items.filter((i) => !i.missing).slice(0, 2);
      for (const item of gone) await rm(join(demo.project, 'data', 'images', item.path));
      const ids = [...page.items.map((i) => i.id), 999_999];
      const status = async (id: number) => {
        const res = await s.get(`/api/media/${id}/thumb?size=256`);
        const type = res.headers.get('content-type');
        const body = type === 'image/webp' ? 'webp' : ErrorBody.parse(await res.json()).error.code;
        return `${res.status} ${body}`;
      };
      const together = await Promise.all(ids.map(status));
      const oneByOne: string[] = [];
      for (const id of ids) oneByOne.push(await status(id));
      assert.deepEqual(together, oneByOne);
      const expected = ids.map((id) => {
        const item = page.items.find((i) => i.id === id);
        return item && !item.missing && !gone.includes(item) ? '200 webp' : '404 NOT_FOUND';
      });
      assert.deepEqual(together, expected);
      assert.ok(expected.filter((e) => e === '200 webp').length >= 10, 'most demo images are there');
      // A file not there: the browser may keep that 404 a short while (the grid shows the same tiles again
      // when a filter is unchecked); a sample the scan found corrupt, or no such sample, is not kept.
      for (const item of gone) {
        const res = await s.get(`/api/media/${item.id}/thumb?size=256`);
        assert.equal(res.status, 404);
        assert.equal(res.headers.get('cache-control'), 'private, max-age=30');
        const body = ErrorBody.parse(await res.json());
        assert.deepEqual(body.error.details, { id: item.id, reason: 'missing' });
      }
      const corrupt = page.items.find((i) => i.missing)!;
      for (const id of [corrupt.id, 999_999]) {
        const res = await s.get(`/api/media/${id}/thumb?size=256`);
        assert.equal(res.status, 404);
        assert.equal(res.headers.get('cache-control'), null, String(id));
        await res.arrayBuffer();
      }
    } finally {
      await s.server.close();
    }
  });
});
