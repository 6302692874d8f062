import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ErrorBody } from '@assay/api';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

describe('the built web app', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;

  before(async () => {
    demo = await makeDemo(30);
  });
  after(async () => {
    await demo?.cleanup();
  });

  test('files from dist, index.html for app paths, JSON 404 under /api; nothing outside dist', async () => {
    const dist = join(demo.dir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(
      join(dist, 'index.html'),
      '<!doctype html><title>app</title><script src="/assets/app.js"></script>',
    );
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(demo.dir, 'secret.txt'), 'not served');
    const s = await serveDemo(demo.project, { webDist: dist });
    try {
      for (const path of ['/', '/samples/12', '/overview?f=abc']) {
        const res = await s.get(path);
        assert.equal(res.status, 200, path);
        assert.match(await res.text(), /<title>app<\/title>/, path);
        assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      }
      const js = await s.get('/assets/app.js');
      assert.equal(js.status, 200);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      assert.match(js.headers.get('cache-control') ?? '', /immutable/);
      const api = await s.get('/api/not-a-route');
      assert.equal(api.status, 404);
      assert.equal(ErrorBody.parse(await api.json()).error.code, 'NOT_FOUND');
      const outside = await s.get('/..%2fsecret.txt');
      assert.doesNotMatch(await outside.text(), /not served/);
    } finally {
      await s.server.close();
    }
  });

  test('without a build, pages say how to build it and the API still answers', async () => {
    const s = await serveDemo(demo.project, { webDist: join(demo.dir, 'no-such-dist') });
    try {
      assert.equal(s.server.webDist, undefined);
      const page = await s.get('/');
      assert.match(await page.text(), /npm run build/);
      assert.equal((await s.get('/api/project')).status, 200);
    } finally {
      await s.server.close();
    }
  });
});
