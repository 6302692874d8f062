/**
 * Issue 15, the map's binary answers and tagging from the app: GET /api/embedding-map/points returns the
 * stored projection as typed columns, /colours one category per point for every colour mode (checked
 * against the project's split counts), an unknown mode is 400; POST /api/edits tags samples (one batch,
 * refused when it changes nothing) and removes the tag again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createClient,
  EditsResponse,
  ErrorBody,
  FacetsResponse,
  type Filter,
  ProjectResponse,
  SampleDetail,
  SamplesQueryResponse,
} from '@assay/api';
import { storeProjection } from '@assay/core/node/embeddings/embedding-store';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

describe('the embedding map routes', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;
  let ids: number[] = [];
  before(async () => {
    demo = await makeDemo(20);
    const project = await openProject(demo.project, { command: 'test' });
    try {
      ids = (await storeDb(project.store).all<{ id: number }>('SELECT id FROM samples ORDER BY id')).map(
        (r) => r.id,
      );
      const xy = Float32Array.from(ids.flatMap((id) => [id * 0.5, -id]));
      await storeProjection(project, { model: 'm', method: 'umap', sampleIds: Int32Array.from(ids), xy });
    } finally {
      await project.close();
    }
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('points and colour columns decode to the stored projection and the project counts', async () => {
    const api = createClient(s.base);
    const points = await api.mapPoints();
    assert.equal(points.model, 'm');
    assert.deepEqual([...points.ids], ids);
    assert.deepEqual(
      [...points.x],
      ids.map((id) => id * 0.5),
    );
    assert.deepEqual(
      [...points.y],
      ids.map((id) => -id),
    );
    const project = ProjectResponse.parse(await (await s.get('/api/project')).json());
    const split = await api.mapColours({ by: 'split' });
    assert.equal(split.category.length, ids.length);
    for (const { name, samples } of project.splits.filter((x) => x.name !== 'unassigned')) {
      const c = split.labels.indexOf(name);
      assert.equal([...split.category].filter((v) => v === c).length, samples, name);
    }
    for (const by of split.modes) {
      const c = await api.mapColours({ by });
      assert.equal(c.category.length, ids.length, by);
      assert.ok(
        [...c.category].every((v) => v === 255 || v < c.labels.length),
        by,
      );
    }
    assert.ok(split.modes.includes('outcome') && split.modes.includes('metric:brightness'));
    const bad = await s.get('/api/embedding-map/colours?by=nonsense');
    assert.equal(bad.status, 400);
    assert.equal(ErrorBody.parse(await bad.json()).error.code, 'INVALID_INPUT');
  });

  test('a map region filters the samples and the facets; malformed regions are 400', async () => {
    // points at (id / 2, −id): the rectangle 1.4 ≤ x ≤ 5.1, −10.5 ≤ y ≤ −2.5 holds ids 3 to 10
    const polygon: [number, number][] = [
      [1.4, -10.5],
      [5.1, -10.5],
      [5.1, -2.5],
      [1.4, -2.5],
    ];
    const region = { model: 'm', method: 'umap', polygons: [polygon] };
    const inside = ids.filter((id) => id * 0.5 >= 1.4 && id * 0.5 <= 5.1 && id >= 2.5 && id <= 10.5);
    assert.equal(inside.length, 8);
    const query = async (filter: Filter) =>
      SamplesQueryResponse.parse(
        await (await s.post('/api/samples/query', { filter, offset: 0, limit: 100 })).json(),
      );
    const page = await query({ region });
    assert.equal(page.total, inside.length);
    assert.deepEqual(
      page.items.map((x) => x.id).sort((a, b) => a - b),
      inside,
    );
    const facets = FacetsResponse.parse(
      await (await s.post('/api/facets', { filter: { region, splits: ['train'] } })).json(),
    );
    assert.equal(facets.region_points, inside.length);
    const train = await query({ splits: ['train'] });
    const trainInside = train.items.filter((x) => inside.includes(x.id)).length;
    assert.equal(facets.total, trainInside);
    const bad: unknown[] = [
      { ...region, polygons: [polygon.slice(0, 2)] }, // two vertices
      {
        ...region,
        polygons: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [3, 3],
          ],
        ],
      }, // on one line
      {
        ...region,
        polygons: [
          [
            [0, 0],
            ['a', 1],
            [2, 0],
          ],
        ],
      },
      { ...region, polygons: [Array.from({ length: 201 }, (_, k) => [Math.cos(k), Math.sin(k)])] },
      { ...region, polygons: Array.from({ length: 9 }, () => polygon) },
      { ...region, polygons: [] },
      { method: 'umap', polygons: [polygon] }, // no model
      { ...region, colour: 'red' }, // unknown key
    ];
    for (const r of bad) {
      for (const [path, body] of [
        ['/api/samples/query', { filter: { region: r }, offset: 0, limit: 10 }],
        ['/api/facets', { filter: { region: r } }],
      ] as const) {
        const res = await s.post(path, body);
        assert.equal(res.status, 400, `${path} ${JSON.stringify(r)}`);
        const error = ErrorBody.parse(await res.json()).error;
        assert.equal(error.code, 'INVALID_INPUT');
        assert.ok(JSON.stringify(error.details).includes('region'), JSON.stringify(error.details));
      }
    }
  });

  test('tags samples through POST /api/edits, refuses a no-op, removes the tag', async () => {
    const tags = async (id: number) =>
      SampleDetail.parse(await (await s.get(`/api/samples/${id}`)).json()).tags;
    const api = createClient(s.base);
    const picked = ids.slice(0, 3);
    const send = async (remove: boolean) =>
      s.post('/api/edits', {
        author: 'map',
        expected_revision: (await api.mapColours({ by: 'class' })).revision,
        edits: [{ op: 'tag', sample_ids: picked, tag: 'look', ...(remove ? { remove } : {}) }],
      });
    const added = EditsResponse.parse(await (await send(false)).json());
    assert.equal(added.seqs.length, 3);
    for (const id of picked) assert.ok((await tags(id)).includes('look'));
    assert.ok(!(await tags(ids[3]!)).includes('look'));
    const again = await send(false);
    assert.equal(again.status, 400);
    assert.equal(ErrorBody.parse(await again.json()).error.code, 'USAGE');
    EditsResponse.parse(await (await send(true)).json());
    for (const id of picked) assert.ok(!(await tags(id)).includes('look'));
  });
});
