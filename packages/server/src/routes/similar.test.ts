import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorBody, SimilarResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { makeDemo, serveDemo } from '../test-kit/demo-server.js';

describe('GET /api/samples/:id/similar (issue 15)', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;
  before(async () => {
    demo = await makeDemo(24);
    const embedded = await runCli(['embed', '--model', 'classic', '--no-analysis'], demo.project);
    assert.equal(embedded.code, 0, embedded.stderr);
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('answers the k nearest samples, equal to `assay similar`, and refuses bad queries', async () => {
    const res = await s.get('/api/samples/3/similar?k=4');
    assert.equal(res.status, 200);
    const body = SimilarResponse.parse(await res.json());
    assert.equal(body.model, 'classic');
    assert.equal(body.sample?.id, 3);
    assert.equal(body.similar.length, 4);
    assert.ok(!body.similar.some((x) => x.id === 3));
    const cli = JSON.parse(
      (await runCli(['--json', 'similar', '3', '--k', '4', '--model', 'classic'], demo.project)).stdout,
    ) as { similar: { id: number }[] };
    assert.deepEqual(
      body.similar.map((x) => x.id),
      cli.similar.map((x) => x.id),
    );
    const bad = await s.get('/api/samples/3/similar?k=0');
    assert.equal(bad.status, 400);
    ErrorBody.parse(await bad.json());
    const unknown = await s.get('/api/samples/3/similar?model=nope');
    assert.equal(unknown.status, 404);
    assert.match(ErrorBody.parse(await unknown.json()).error.message, /no embeddings of model "nope"/);
  });
});
