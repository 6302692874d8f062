/**
 * Issue 15: a lasso of more than 10,000 points could not filter the grid (the filter's `ids` stop at
 * 10,000). A map region has no such limit: on a generated projection of 20,000 points, a concave region
 * holding ~13,000 of them selects the same samples through SQL (samplePage, facetCounts) and through the
 * in-memory index, and the same number as an independent even-odd count in this file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { pnpoly } from '../../test-kit/pnpoly.js';
import { storeProjection } from '../embeddings/embedding-store.js';
import { initProject, openProject, type Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import { browseNames } from './browse-names.js';
import { prepareFacetBase } from './facet-base.js';
import { facetCounts } from './facet-counts.js';
import { buildFacetIndex } from './facet-index.js';
import { indexFacetCounts } from './index-facet-counts.js';
import { indexSamplePage } from './index-sample-page.js';
import type { MapRegion } from './map-region.js';
import { samplePage } from './sample-page.js';

const N = 20_000;

describe('issue 15: a map region of more than 10,000 points', () => {
  let dir: string;
  let project: Project;
  let db: Db;
  const ids: number[] = [];
  const xy = new Float32Array(2 * N);
  // a "C" shape (concave) over most of [-10, 10]²
  const region: MapRegion = {
    model: 'm',
    method: 'umap',
    polygons: [
      [
        [-9.5, -9.5],
        [9.5, -9.5],
        [9.5, -4],
        [-3, -4],
        [-3, 4],
        [9.5, 4],
        [9.5, 9.5],
        [-9.5, 9.5],
      ],
    ],
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-region-'));
    await initProject(join(dir, 'p'), { name: 'region' });
    project = await openProject(join(dir, 'p'), { command: 'test' });
    db = storeDb(project.store);
    const keys = Array.from({ length: N }, (_, i) => ({ key: `img/${i}.jpg`, width: 10, height: 10 }));
    const byKey = await project.store.upsertSamples('.', keys);
    for (const k of keys) ids.push(byKey.get(k.key)!);
    ids.sort((a, b) => a - b);
    const random = mulberry32(15);
    for (let i = 0; i < 2 * N; i++) xy[i] = random() * 20 - 10;
    await storeProjection(project, { model: 'm', method: 'umap', sampleIds: Int32Array.from(ids), xy });
  });
  after(async () => {
    await project?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('SQL, the facet index and an independent count agree', async () => {
    const inside = new Set<number>();
    for (let i = 0; i < N; i++)
      if (pnpoly(region.polygons[0]!, xy[2 * i]!, xy[2 * i + 1]!)) inside.add(ids[i]!);
    // area of the C: 19² − 12.5 × 8 = 261 of 400 → ~13,000 of 20,000
    assert.ok(inside.size > 10_000, `${inside.size} inside`);
    const names = await browseNames(db);
    const filter = { region };
    const sql = await samplePage(db, names, { filter, offset: 0, limit: N });
    assert.equal(sql.total, inside.size);
    assert.deepEqual(new Set(sql.items.map((s) => s.id)), inside);
    const base = await prepareFacetBase(db, names.evalRunId);
    const index = (await buildFacetIndex(db, base))!;
    const mem = await indexSamplePage(db, index, names, { filter, offset: 0, limit: N });
    assert.equal(mem.total, inside.size);
    assert.deepEqual(new Set(mem.items.map((s) => s.id)), inside);
    const counts = await facetCounts(db, names, filter, base);
    assert.equal(counts.total, inside.size);
    assert.equal(counts.region_points, inside.size);
    assert.deepEqual(await indexFacetCounts(db, index, names, filter), counts);
  });
});
