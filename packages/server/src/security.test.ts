import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ErrorBody, SamplesQueryResponse } from '@assay/api';
import { openProject } from '@assay/core/node/project';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

async function errorOf(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  assert.equal(res.status, status, `HTTP ${res.status}, expected ${status}`);
  const body = ErrorBody.parse(await res.json());
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  return body.error.details ?? {};
}

describe('bad input, path escapes, Host and token checks', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;

  before(async () => {
    demo = await makeDemo(30);
    // Samples whose files lead outside the images root: `..` in the key, a symlink out, a FIFO.
    await writeFile(join(demo.dir, 'outside.png'), 'not served');
    const images = join(demo.project, 'data', 'images');
    await symlink(join(demo.dir, 'outside.png'), join(images, 'escape-link.png'));
    execFileSync('mkfifo', [join(images, 'a-fifo.png')]);
    const project = await openProject(demo.project);
    await project.store.upsertSamples('data/images', [
      { key: '../../outside.png' },
      { key: 'escape-link.png' },
      { key: 'a-fifo.png' },
    ]);
    await project.close();
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  async function idOf(path: string): Promise<number> {
    const q = SamplesQueryResponse.parse(
      await (await s.post('/api/samples/query', { filter: { path }, offset: 0, limit: 5 })).json(),
    );
    assert.equal(q.total, 1, path);
    return q.items[0]!.id;
  }

  test('media never leaves the images root and never opens a non-regular file', async () => {
    for (const kind of ['thumb', 'full']) {
      await errorOf(await s.get(`/api/media/${await idOf('outside')}/${kind}`), 403, 'PATH_ESCAPE');
      await errorOf(await s.get(`/api/media/${await idOf('escape-link')}/${kind}`), 403, 'PATH_ESCAPE');
      await errorOf(await s.get(`/api/media/${await idOf('a-fifo')}/${kind}`), 404, 'NOT_FOUND');
    }
    await errorOf(await s.get('/api/media/..%2F..%2Fetc%2Fpasswd/full'), 400, 'INVALID_INPUT');
  });

  test('unknown ids and routes are 404 with the error shape; user input only in details', async () => {
    const details = await errorOf(await s.get('/api/samples/999999'), 404, 'NOT_FOUND');
    assert.equal(details.id, 999999);
    await errorOf(await s.get('/api/media/999999/thumb'), 404, 'NOT_FOUND');
    await errorOf(await s.get('/api/samples/abc'), 400, 'INVALID_INPUT');
    await errorOf(await s.get('/api/nothing-here'), 404, 'NOT_FOUND');
  });

  test('malformed filters and bodies are 400 INVALID_INPUT', async () => {
    const q = (body: unknown) => s.post('/api/samples/query', body);
    await errorOf(await q('{not json'), 400, 'INVALID_INPUT');
    await errorOf(await q({ filter: { classes: 'circle' }, offset: 0, limit: 10 }), 400, 'INVALID_INPUT');
    await errorOf(await q({ filter: {}, offset: 0, limit: 5000 }), 400, 'INVALID_INPUT');
    await errorOf(await q({ filter: { colour: ['red'] }, offset: 0, limit: 10 }), 400, 'INVALID_INPUT');
    const evil = '<img src=x onerror=alert(1)>';
    const details = await errorOf(
      await q({ filter: { classes: [evil] }, offset: 0, limit: 10 }),
      400,
      'INVALID_INPUT',
    );
    assert.equal(details.value, evil);
    const body = await (await q({ filter: { classes: [evil] }, offset: 0, limit: 10 })).json();
    assert.ok(!ErrorBody.parse(body).error.message.includes(evil));
    await errorOf(
      await q({ filter: { metrics: { nope: [0, 1] } }, offset: 0, limit: 10 }),
      400,
      'INVALID_INPUT',
    );
    await errorOf(await q({ filter: {}, sort: { by: 'nope' }, offset: 0, limit: 10 }), 400, 'INVALID_INPUT');
    await errorOf(await s.post('/api/facets', { filter: { sources: ['nobody'] } }), 400, 'INVALID_INPUT');
    await errorOf(
      await s.post('/api/patches', { filter: {}, source: 'ground_truth', sort: 'size', offset: 0, limit: 5 }),
      400,
      'INVALID_INPUT',
    );
    // A quote in an attribute name is a bound JSON pointer, not SQL.
    const ok = await q({ filter: { attributes: { "x') OR 1=1 --": ['y'] } }, offset: 0, limit: 10 });
    assert.equal(SamplesQueryResponse.parse(await ok.json()).total, 0);
  });

  test('wrong Host, cross-origin POSTs and the internal routes are refused; headers are strict', async () => {
    const port = new URL(s.base).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/api/project',
        headers: { host: `evil.example:${port}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 403);
    const filter = { filter: {}, offset: 0, limit: 1 };
    await errorOf(
      await s.post('/api/samples/query', filter, { origin: 'http://evil.example' }),
      403,
      'FORBIDDEN',
    );
    const noOrigin = await fetch(`${s.base}/api/facets`, {
      method: 'POST',
      body: JSON.stringify({ filter: {} }),
    });
    await errorOf(noOrigin, 403, 'FORBIDDEN');
    const withToken = await fetch(`${s.base}/api/facets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.server.token}` },
      body: JSON.stringify({ filter: {} }),
    });
    assert.equal(withToken.status, 200);
    await errorOf(await s.post('/api/internal/release', { pid: process.pid }), 401, 'UNAUTHORIZED');
    const res = await s.get('/api/project');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  test('with a token, every request needs it; /?token= sets the cookie the app then uses', async () => {
    await s.server.close();
    s = await serveDemo(demo.project, { token: 'test-token-123' });
    await errorOf(await s.get('/api/project'), 401, 'UNAUTHORIZED');
    await errorOf(await s.get('/api/project', { authorization: 'Bearer wrong' }), 401, 'UNAUTHORIZED');
    assert.equal((await s.get('/api/project', { authorization: 'Bearer test-token-123' })).status, 200);
    const page = await fetch(`${s.base}/?token=test-token-123`);
    assert.equal(page.status, 200);
    const cookie = page.headers.get('set-cookie') ?? '';
    assert.match(cookie, /assay_token=test-token-123/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.equal((await s.get('/api/project', { cookie: cookie.split(';')[0]! })).status, 200);
    assert.match(s.server.openUrl, /\?token=test-token-123$/);
  });
});
