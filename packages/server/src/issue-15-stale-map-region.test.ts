/**
 * Issue 15, a map region names the projection it was drawn on: the points answer carries the projection's
 * fingerprint, a region naming it filters as before, a region without one (a link from before) is taken as
 * it is, and once `assay embed` stores another projection (here: the same samples moved) a region naming
 * the old fingerprint is refused with STALE_MAP_REGION (409, a hint to draw it again) by the grid's page,
 * the facets and the patches, instead of selecting whatever points now lie inside.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, ErrorBody, FacetsResponse, type Filter, SamplesQueryResponse } from '@assay/api';
import { storeProjection } from '@assay/core/node/embeddings/embedding-store';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

describe('a map region drawn on an earlier projection', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;
  let ids: number[] = [];
  /** Points at (id / 2 + dx, −id). */
  const layout = (dx: number) => Float32Array.from(ids.flatMap((id) => [id * 0.5 + dx, -id]));
  // the rectangle 1.4 ≤ x ≤ 5.1, −10.5 ≤ y ≤ −2.5: ids 3 to 10 at dx = 0, ids 3 to 4 at dx = 3
  const polygon: [number, number][] = [
    [1.4, -10.5],
    [5.1, -10.5],
    [5.1, -2.5],
    [1.4, -2.5],
  ];
  const insideAt = (dx: number) =>
    ids.filter((id) => id * 0.5 + dx >= 1.4 && id * 0.5 + dx <= 5.1 && id >= 3);
  const page = (filter: Filter) => s.post('/api/samples/query', { filter, offset: 0, limit: 100 });
  const total = async (filter: Filter) => {
    const res = await page(filter);
    assert.equal(res.status, 200, await res.clone().text());
    return SamplesQueryResponse.parse(await res.json()).total;
  };

  before(async () => {
    demo = await makeDemo(20);
    const project = await openProject(demo.project, { command: 'test' });
    try {
      ids = (await storeDb(project.store).all<{ id: number }>('SELECT id FROM samples ORDER BY id')).map(
        (r) => r.id,
      );
      await storeProjection(project, {
        model: 'm',
        method: 'umap',
        sampleIds: Int32Array.from(ids),
        xy: layout(0),
      });
    } finally {
      await project.close();
    }
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('the current projection filters, a stale one is a 409 with a hint, none is taken as is', async () => {
    const api = createClient(s.base);
    const first = (await api.mapPoints()).fingerprint;
    assert.match(first ?? '', /^[0-9a-z]+\.[0-9a-f]{16}$/);
    const drawn = { model: 'm', method: 'umap', polygons: [polygon], projection: first! };
    assert.deepEqual(insideAt(0).length, 8);
    assert.equal(await total({ region: drawn }), 8);
    assert.equal(await total({ region: { ...drawn, projection: undefined } }), 8);
    const facets = FacetsResponse.parse(
      await (await s.post('/api/facets', { filter: { region: drawn } })).json(),
    );
    assert.equal(facets.region_points, 8);

    // the same coordinates stored again: the same fingerprint, the region still holds
    await s.server.handle.write((project) =>
      storeProjection(project, {
        model: 'm',
        method: 'umap',
        sampleIds: Int32Array.from(ids),
        xy: layout(0),
      }),
    );
    assert.equal((await api.mapPoints()).fingerprint, first);
    assert.equal(await total({ region: drawn }), 8);

    // a re-run moves every point by 3 along x
    await s.server.handle.write((project) =>
      storeProjection(project, {
        model: 'm',
        method: 'umap',
        sampleIds: Int32Array.from(ids),
        xy: layout(3),
      }),
    );
    const second = (await api.mapPoints()).fingerprint;
    assert.ok(second && second !== first, `${first} → ${second}`);
    for (const [path, body] of [
      ['/api/samples/query', { filter: { region: drawn }, offset: 0, limit: 10 }],
      ['/api/facets', { filter: { region: drawn, splits: ['train'] } }],
      [
        '/api/patches',
        { filter: { region: drawn }, source: 'ground_truth', sort: 'area', offset: 0, limit: 10 },
      ],
    ] as const) {
      const res = await s.post(path, body);
      assert.equal(res.status, 409, path);
      const error = ErrorBody.parse(await res.json()).error;
      assert.equal(error.code, 'STALE_MAP_REGION', path);
      assert.match(error.message, /earlier projection/);
      assert.match(error.hint ?? '', /Draw the region again/);
      assert.deepEqual(
        [error.details?.projection, error.details?.current, error.details?.model],
        [first, second, 'm'],
      );
    }
    // drawn again on the new projection: its points; without a fingerprint: the old behaviour
    assert.equal(insideAt(3).length, 2);
    assert.equal(await total({ region: { ...drawn, projection: second! } }), 2);
    assert.equal(await total({ region: { ...drawn, projection: undefined } }), 2);
    // a fingerprint of a projection the project no longer has (another method) is stale too
    const gone = await page({ region: { ...drawn, method: 'tsne' } });
    assert.equal(gone.status, 409);
    assert.match(ErrorBody.parse(await gone.json()).error.message, /no longer has/);
  });
});
