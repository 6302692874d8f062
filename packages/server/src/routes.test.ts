import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AnnotationsResponse,
  createClient,
  ErrorBody,
  FacetsResponse,
  type Filter,
  OverviewResponse,
  PatchesResponse,
  ProjectResponse,
  SampleDetail,
  SamplesQueryResponse,
} from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { cliInfo, makeDemo, serveDemo } from './test-kit/demo-server.js';

describe('every /api route on a real demo project', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;
  let info: Awaited<ReturnType<typeof cliInfo>>;

  before(async () => {
    demo = await makeDemo(30);
    const evaluated = await runCli(
      ['eval', '--gt', 'ground_truth', '--pred', 'prediction:model-a'],
      demo.project,
    );
    assert.equal(evaluated.code, 0, evaluated.stderr);
    info = await cliInfo(demo.project);
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('GET /api/project: counts equal `assay info --json`', async () => {
    const p = ProjectResponse.parse(await (await s.get('/api/project')).json());
    assert.equal(p.counts.samples, info.samples);
    assert.equal(p.counts.annotations, info.annotations.total);
    assert.equal(p.counts.classes, info.classes.length);
    assert.deepEqual(
      Object.fromEntries(p.splits.map((x) => [x.name, x.samples])),
      Object.fromEntries(Object.entries(info.splits)),
    );
    for (const c of p.classes) {
      const counted = Object.values(info.classes.find((k) => k.name === c.name)?.counts ?? {});
      assert.equal(
        c.annotations,
        counted.reduce((a, b) => a + b, 0),
        c.name,
      );
    }
    assert.deepEqual(
      p.classes.map((c) => c.color),
      p.classes.map((_, i) => i),
    );
    assert.ok(p.change >= 1);
  });

  test('GET /api/overview parses; its issues add up to the open ones', async () => {
    const o = OverviewResponse.parse(await (await s.get('/api/overview')).json());
    assert.equal(
      o.issues.reduce((n, i) => n + i.count, 0),
      info.issues.total,
    );
    assert.equal(
      o.class_distribution.reduce((n, r) => n + r.count, 0),
      info.classes.reduce((n, c) => n + Object.values(c.counts).reduce((a, b) => a + b, 0), 0),
    );
    assert.ok(o.metrics.some((m) => m.name === 'brightness' && m.counts.reduce((a, b) => a + b, 0) > 0));
  });

  test('samples query: pages cover every sample once; a class filter agrees with the annotations', async () => {
    const client = createClient(s.base, {
      fetch: (i, init) => fetch(i, { ...init, headers: { ...init?.headers, origin: s.base } }),
    });
    const all = await client.samples({ filter: {}, offset: 0, limit: 500 });
    assert.equal(all.total, info.samples);
    const ids = all.items.map((i) => i.id);
    assert.equal(new Set(ids).size, info.samples);
    const page2 = await client.samples({ filter: {}, offset: 10, limit: 5, sort: { by: 'path' } });
    const byPath = [...all.items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.id - b.id));
    assert.deepEqual(
      page2.items.map((i) => i.id),
      byPath.slice(10, 15).map((i) => i.id),
    );
    const anns = AnnotationsResponse.parse(
      await (await s.post('/api/annotations', { sample_ids: ids.slice(0, 500) })).json(),
    );
    const project = ProjectResponse.parse(await (await s.get('/api/project')).json());
    const circle = project.classes.find((c) => c.name === 'circle')!.id;
    const expected = Object.entries(anns.samples)
      .filter(([, list]) => list.some((a) => a.class_id === circle && a.source === 'ground_truth'))
      .map(([id]) => Number(id))
      .sort((a, b) => a - b);
    const filtered = SamplesQueryResponse.parse(
      await (
        await s.post('/api/samples/query', {
          filter: { classes: ['circle'], sources: ['ground_truth'] },
          offset: 0,
          limit: 500,
        })
      ).json(),
    );
    assert.equal(filtered.total, expected.length);
    assert.deepEqual(
      filtered.items.map((i) => i.id).sort((a, b) => a - b),
      expected,
    );
    const sorted = await client.samples({
      filter: {},
      offset: 0,
      limit: 500,
      sort: { by: 'brightness', desc: true },
    });
    assert.equal(sorted.total, info.samples);
  });

  test('facets: counts under the filter match the samples query and `assay info`', async () => {
    const f = FacetsResponse.parse(await (await s.post('/api/facets', { filter: {} })).json());
    assert.equal(f.total, info.samples);
    for (const { value, count } of f.facets.source)
      assert.equal(count, info.annotations.by_source[value]?.total);
    for (const { value, count } of f.facets.split) assert.equal(count, info.splits[value]);
    const filter = { splits: ['train'], classes: ['square'] };
    const g = FacetsResponse.parse(await (await s.post('/api/facets', { filter })).json());
    const q = SamplesQueryResponse.parse(
      await (await s.post('/api/samples/query', { filter, offset: 0, limit: 1 })).json(),
    );
    assert.equal(g.total, q.total);
    assert.deepEqual(g.facets.split, [{ value: 'train', count: q.total }]);
    assert.ok(g.took_ms >= 0);
    // Class, source and outcome counts against the annotations of the matching samples, counted here.
    const filters: Filter[] = [
      { splits: ['train'] },
      { sources: ['prediction:model-a'] },
      { sources: ['prediction:model-a'], score: [0.5, 1] },
    ];
    for (const filter of filters) {
      const facets = FacetsResponse.parse(await (await s.post('/api/facets', { filter })).json()).facets;
      const page = SamplesQueryResponse.parse(
        await (await s.post('/api/samples/query', { filter, offset: 0, limit: 500 })).json(),
      );
      const anns = AnnotationsResponse.parse(
        await (await s.post('/api/annotations', { sample_ids: page.items.map((i) => i.id) })).json(),
      );
      const project = ProjectResponse.parse(await (await s.get('/api/project')).json());
      const byClass = new Map<string, number>();
      const bySource = new Map<string, number>();
      const byOutcome = new Map<string, number>();
      for (const list of Object.values(anns.samples)) {
        for (const a of list) {
          if (a.outcome) byOutcome.set(a.outcome, (byOutcome.get(a.outcome) ?? 0) + 1);
          if (filter.sources && !filter.sources.includes(a.source)) continue;
          const range = filter.score;
          if (range && (a.score === undefined || a.score < range[0] || a.score > range[1])) continue;
          bySource.set(a.source, (bySource.get(a.source) ?? 0) + 1);
          const name = project.classes.find((c) => c.id === a.class_id)?.name;
          if (name) byClass.set(name, (byClass.get(name) ?? 0) + 1);
        }
      }
      const asMap = (list: { value: string; count: number }[]) =>
        new Map(list.map((x) => [x.value, x.count]));
      assert.deepEqual(asMap(facets.class), byClass, JSON.stringify(filter));
      assert.deepEqual(asMap(facets.source), bySource, JSON.stringify(filter));
      assert.deepEqual(asMap(facets.outcome), byOutcome, JSON.stringify(filter));
      assert.ok(byOutcome.size > 0, 'the eval run gives outcomes');
    }
  });

  test('sample detail, annotations and patches', async () => {
    const d = SampleDetail.parse(await (await s.get('/api/samples/1')).json());
    assert.equal(d.id, 1);
    const anns = AnnotationsResponse.parse(
      await (await s.post('/api/annotations', { sample_ids: [1] })).json(),
    );
    assert.deepEqual(
      d.annotations.map((a) => a.id),
      anns.samples['1']!.map((a) => a.id),
    );
    const p = PatchesResponse.parse(
      await (
        await s.post('/api/patches', {
          filter: {},
          source: 'ground_truth',
          sort: 'area',
          offset: 0,
          limit: 50,
        })
      ).json(),
    );
    const spatial = Object.entries(info.annotations.by_source.ground_truth!.by_kind)
      .filter(([k]) => k !== 'classification')
      .reduce((n, [, v]) => n + v, 0);
    assert.equal(p.total, spatial);
    const areas = p.items.map((x) => x.bbox[2] * x.bbox[3]);
    assert.deepEqual(
      areas,
      [...areas].sort((a, b) => b - a),
    );
  });

  test('media: a thumbnail with an ETag, 304 when it matches, the full image; corrupt → JSON 404', async () => {
    const page = SamplesQueryResponse.parse(
      await (await s.post('/api/samples/query', { filter: {}, offset: 0, limit: 50 })).json(),
    );
    const ok = page.items.find((i) => !i.missing)!.id;
    const thumb = await s.get(`/api/media/${ok}/thumb?size=256`);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers.get('content-type'), 'image/webp');
    const etag = thumb.headers.get('etag')!;
    assert.ok(etag);
    const bytes = new Uint8Array(await thumb.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(8, 12)), 'WEBP');
    const again = await s.get(`/api/media/${ok}/thumb?size=256`, { 'if-none-match': etag });
    assert.equal(again.status, 304);
    const full = await s.get(`/api/media/${ok}/full`);
    assert.equal(full.status, 200);
    assert.ok((await full.arrayBuffer()).byteLength > 1000);
    const corrupt = SamplesQueryResponse.parse(
      await (
        await s.post('/api/samples/query', {
          filter: { issue_types: ['corrupt_file'] },
          offset: 0,
          limit: 10,
        })
      ).json(),
    );
    assert.ok(corrupt.total > 0, 'the demo plants corrupt files');
    for (const item of corrupt.items) {
      assert.equal(item.missing, true);
      for (const kind of ['thumb', 'full']) {
        const res = await s.get(`/api/media/${item.id}/${kind}`);
        assert.equal(res.status, 404);
        assert.equal(ErrorBody.parse(await res.json()).error.code, 'NOT_FOUND');
      }
    }
  });
});
