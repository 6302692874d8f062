import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Annotation, Sample } from '../../index.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { initProject, openProject, type Project } from '../project.js';
import { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import type { BrowseFilter } from './browse-filter.js';
import { type BrowseNames, browseNames } from './browse-names.js';
import { prepareFacetBase } from './facet-base.js';
import { facetCountColumns } from './facet-count-kernel.js';
import { FacetCounter } from './facet-counter.js';
import { facetCounts } from './facet-counts.js';
import { buildFacetIndex, type FacetIndex } from './facet-index.js';
import { indexFacetCounts } from './index-facet-counts.js';
import { indexPatchPage } from './index-patch-page.js';
import { indexSamplePage } from './index-sample-page.js';
import { indexSelection } from './index-selection.js';
import { type PatchQuery, patchPage } from './patch-page.js';
import { samplePage } from './sample-page.js';

const CLASSES = ['cat', 'dog', 'bird', 'car', 'tree'].map((name) => ({ name }));

/**
 * A real connection that asks DuckDB each distinct read once: the tests below compare the index with
 * the SQL answers of a project that no longer changes, and ask the same questions many times (a filter's
 * total for each of 22 sorts and offsets, a page's items for each sort giving the same ids, the index's
 * own selection queries again for each sort). Every distinct query still runs, on both sides, so every
 * comparison is the same as without the cache (~4,100 reads → ~1,950).
 */
class CachingDb extends Db {
  private readonly answers = new Map<string, Record<string, unknown>[]>();
  override async all<T extends Record<string, unknown>>(
    sql: string,
    params: DuckDBValue[] = [],
  ): Promise<T[]> {
    const key = `${sql}\u0000${JSON.stringify(params, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
    let rows = this.answers.get(key);
    if (rows === undefined) {
      rows = await super.all(sql, params);
      this.answers.set(key, rows);
    }
    return structuredClone(rows) as T[];
  }
}

/** A real connection that keeps the SQL it was asked (to check what a page reads). */
class RecordingDb extends Db {
  readonly sql: string[] = [];
  override all<T extends Record<string, unknown>>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    this.sql.push(sql);
    return super.all<T>(sql, params);
  }
  override eachChunk(
    sql: string,
    params: DuckDBValue[],
    visit: (columns: DuckDBValue[][], rows: number) => void,
  ): Promise<void> {
    this.sql.push(sql);
    return super.eachChunk(sql, params, visit);
  }
}

/**
 * A generated project with the cases a filter or facet can trip on: samples without a split, a split
 * literally named `unassigned`, repeated tags, text samples with stated/detected/unknown languages,
 * annotations without a class, attributes, scores, issues (some ignored, one without a sample), an eval
 * run's TP/FP/FN, and metrics with gaps.
 */
async function makeProject(dir: string): Promise<Project> {
  await initProject(dir, { name: 'facet-index' });
  const project = await openProject(dir, { command: 'test' });
  const { store } = project;
  const random = mulberry32(3);
  const classIds = await store.upsertClasses(CLASSES);
  const gt = await store.ensureSource('ground_truth');
  const pred = await store.ensureSource('prediction:m');
  const sourceIds = new Map([
    [gt.name, gt.id],
    [pred.name, pred.id],
  ]);
  const splits = ['train', 'val', undefined, 'unassigned'];
  const batch: Sample[] = Array.from({ length: 240 }, (_, i) => ({
    key: `img/${String(i).padStart(4, '0')}.jpg`,
    width: 100 + (i % 7) * 10,
    height: 80,
    ...(splits[i % 4] === undefined ? {} : { split: splits[i % 4]! }),
  }));
  const sampleIds = await store.upsertSamples('.', batch);
  const runId = await store.startRun('import', {});
  const rows: Annotation[] = [];
  for (const s of batch) {
    for (const source of ['ground_truth', 'prediction:m']) {
      const m = Math.floor(random() * 4);
      for (let k = 0; k < m; k++) {
        const a: Annotation = {
          sample: s.key,
          source,
          kind: 'bbox',
          label: CLASSES[Math.floor(random() * CLASSES.length)]!.name,
          bbox: [1, 2, 10 + random() * 20, 10 + random() * 20],
        };
        if (source !== 'ground_truth') a.score = Math.round(random() * 100) / 100;
        rows.push(a);
      }
    }
  }
  await store.appendAnnotations(rows, { sampleIds, classIds, sourceIds }, runId);
  await store.finishRun(runId, 'ok', {}, batch.length);
  const db = storeDb(store);
  await db.run(`UPDATE samples SET tags = CASE WHEN id % 5 = 0 THEN ['night', 'night'] WHEN id % 5 = 1 THEN ['rain']
    WHEN id % 5 = 2 THEN NULL ELSE [] END`);
  await db.run(`UPDATE samples SET kind = 'text', text = 'words', language = CASE WHEN id % 3 = 0 THEN 'en' END
    WHERE id % 11 = 0`);
  await db.run(
    `INSERT INTO text_languages SELECT id, 'de', 'Latn', id % 2 = 0 FROM samples WHERE id % 11 = 0`,
  );
  await db.run('UPDATE annotations SET class_id = NULL WHERE id % 13 = 0');
  await db.run(`UPDATE annotations SET attributes = '{"colour": "red"}' WHERE id % 3 = 0`);
  await db.run(`INSERT INTO sample_metrics SELECT id, 10, 10, (id % 17) / 17.0, 0, 0, 0, 0, (id % 5) / 5.0,
      (id % 23) * 3.5, 0, 0, (id % 8) / 1.0, (id % 31) * 2.0, false, (id % 4) / 3.0 + 0.5, 0, 0, [], [], ''
    FROM samples WHERE id % 9 <> 0`);
  await db.run(`INSERT INTO sample_uncertainty (sample_id, source, score)
    SELECT id, 'prediction:m', (id % 13) / 13.0 FROM samples WHERE id % 3 = 0`);
  await db.run(`INSERT INTO embedding_scores (model, sample_id, outlier, typicality)
    SELECT 'mobilenet', id, (id % 19) / 19.0, NULL FROM samples WHERE id % 2 = 0`);
  const check = await store.startRun('check', {});
  await db.run(
    `INSERT INTO issues (id, run_id, sample_id, type, severity, score, reason, status)
     SELECT row_number() OVER (), ?, CASE WHEN id = 7 THEN NULL ELSE id END, ['blurry', 'dark', 'duplicate'][1 + id % 3],
            'warning', (id % 10) / 10.0, 'test', ['open', 'ignored', 'fixed'][1 + (id // 3) % 3]
       FROM samples WHERE id % 4 = 1 OR id % 6 = 0`,
    [check],
  );
  // issues on annotations (label-quality scores: the patches' issue_score; some ignored)
  await db.run(
    `INSERT INTO issues (id, run_id, sample_id, annotation_id, type, severity, score, reason, status)
     SELECT 100000 + row_number() OVER (), ?, sample_id, id, 'label_error', 'warning',
            (id % 9) / 9.0, 'test', CASE WHEN id % 4 = 0 THEN 'ignored' ELSE 'open' END
       FROM annotations WHERE id % 3 = 0`,
    [check],
  );
  await store.finishRun(check, 'ok', {}, batch.length);
  const evalRun = await store.startRun('eval', { gt: 'ground_truth', pred: 'prediction:m' });
  await db.run(
    `INSERT INTO eval_matches SELECT ?, a.id, a.sample_id, CASE WHEN a.source_id = ? THEN 'gt' ELSE 'pred' END,
       a.class_id, a.score, NULL, NULL,
       CASE WHEN a.id % 4 = 0 THEN 'ignored' WHEN a.id % 3 = 0 THEN 'tp' WHEN a.source_id = ? THEN 'fn' ELSE 'fp' END, NULL
     FROM annotations a`,
    [evalRun, gt.id, gt.id],
  );
  await store.finishRun(evalRun, 'ok', { totals: {} }, batch.length);
  // a map projection on a quarter-step lattice (exact in FLOAT), so many points fall exactly on the
  // region polygons' vertices, edges and bounding boxes; every 7th sample has no point
  await db.run(`INSERT INTO embedding_projections SELECT 'm', 'umap', id, ((id * 37) % 41) / 4.0 - 5,
      ((id * 53) % 43) / 4.0 - 5 FROM samples WHERE id % 7 <> 0`);
  return project;
}

const FILTERS: BrowseFilter[] = [
  {},
  { classes: ['cat'] },
  { classes: ['cat', 'tree'], sources: ['prediction:m'] },
  { sources: ['ground_truth'] },
  { splits: ['unassigned'] },
  { splits: ['train', 'unassigned'] },
  { tags: ['night'] },
  { tags: ['rain', 'night'], splits: ['val'] },
  { issue_types: ['blurry'] },
  { issue_status: ['ignored'] },
  { issue_types: ['dark'], issue_status: ['fixed', 'open'] },
  { metrics: { brightness: [0.2, 0.6] } },
  { metrics: { width: [null, 130], contrast: [0.2, null] } },
  { ids: [1, 2, 3, 50, 99999] },
  { ids: [] },
  { classes: ['dog'], score: [0.3, 0.8] },
  { sources: ['prediction:m'], score: [0.5, 1] },
  { outcome: ['fp'], classes: ['bird'] },
  { outcome: ['tp', 'fn'], sources: ['ground_truth'], splits: ['val'] },
  { score: [0.5, 1] },
  { path: '01' },
  { languages: ['en', 'unknown'] },
  { attributes: { colour: ['red'] } },
  { classes: ['car'], tags: ['rain'], metrics: { brightness: [0, 0.5] }, issue_types: ['dark', 'blurry'] },
];

/** Map regions (issue 15): convex, concave, self-intersecting (even-odd), several polygons, with other fields. */
const region = (...polygons: [number, number][][]) => ({ model: 'm', method: 'umap', polygons });
const REGION_FILTERS: BrowseFilter[] = [
  {
    region: region([
      [-2, -2],
      [3, -1],
      [2, 4],
      [-3, 2],
    ]),
  },
  {
    region: region([
      [-5, -5],
      [0, -5],
      [0, 0],
      [-5, 0],
    ]),
    classes: ['cat'],
  },
  {
    region: region([
      [-4, -4],
      [4, 4],
      [4, -4],
      [-4, 4],
    ]),
  }, // a bow tie
  {
    region: region(
      [
        [-5, -5],
        [5, -5],
        [5, 5],
        [0, 0.5],
        [-5, 5],
      ],
      [
        [-1.25, 1],
        [1.5, 1],
        [1.5, 2.75],
        [-1.25, 2.75],
      ],
    ),
    splits: ['train'],
  },
  {
    region: region([
      [0.1, 0.2],
      [2.73, 0.9],
      [1.1, 3.33],
    ]),
    path: '1',
  },
  {
    region: region([
      [-5, -5],
      [5, -5],
      [5, 5],
      [-5, 5],
    ]),
    ids: [1, 2, 3, 7, 14, 50],
  },
  {
    region: {
      model: 'm',
      method: 'tsne',
      polygons: [
        [
          [-5, -5],
          [5, -5],
          [0, 5],
        ],
      ],
    },
  }, // not stored
];

describe('in-memory facet index gives the SQL answers', () => {
  let dir: string;
  let project: Project;
  let db: Db;
  let names: BrowseNames;
  let index: FacetIndex;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-facet-index-'));
    project = await makeProject(join(dir, 'p'));
    const store = storeDb(project.store);
    // 240 samples fill one row group, so a scan is one task either way; a second thread only adds its
    // wake-ups to the reference queries below (~−15–20% CPU; bench/README.md "suite5").
    await store.run('SET threads = 1');
    names = await browseNames(store);
    const base = await prepareFacetBase(store, names.evalRunId);
    const built = await buildFacetIndex(store, base);
    assert.ok(built);
    index = built;
    // the project is complete: from here on each distinct read is asked of DuckDB once
    db = new CachingDb(store.connection);
  });
  after(async () => {
    await project?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('facet counts equal facetCounts for every filter', async () => {
    for (const filter of FILTERS) {
      const sql = await facetCounts(db, names, filter, index.base);
      const mem = await indexFacetCounts(db, index, names, filter);
      assert.deepEqual(mem, sql, JSON.stringify(filter));
    }
    const points: number[] = [];
    for (const filter of REGION_FILTERS) {
      const sql = await facetCounts(db, names, filter, index.base);
      const mem = await indexFacetCounts(db, index, names, filter);
      assert.deepEqual(mem, sql, JSON.stringify(filter));
      points.push(mem.region_points!);
    }
    assert.ok(points[0]! > 10 && points[0]! < 200, `a region selects some points: ${points}`);
    assert.ok(points[2]! > 10, 'the bow tie selects points');
    assert.equal(points.at(-1), 0, 'a projection that is not stored selects nothing');
    const some = await indexFacetCounts(db, index, names, { classes: ['cat'] });
    assert.ok(some.total > 0 && some.total < index.n, 'the class filter selects some samples, not all');
    assert.ok(some.facets.language.length > 0 && some.facets.issue_type.length > 0);
  });

  test('issue 13: facet counts on the worker thread, from a shared selection, equal facetCounts', async () => {
    // The server counts on a FacetCounter's worker, with the selection it made once for the filter's page too.
    assert.ok(index.annotations.score.buffer instanceof SharedArrayBuffer, 'columns are shared, not copied');
    const counter = new FacetCounter(facetCountColumns(index));
    try {
      for (const filter of FILTERS) {
        const mask = await indexSelection(db, index, names, filter);
        const sql = await facetCounts(db, names, filter, index.base);
        const mem = await indexFacetCounts(db, index, names, filter, {
          mask,
          count: (m, query) => counter.count(m, query),
        });
        assert.deepEqual(mem, sql, JSON.stringify(filter));
        const page = await indexSamplePage(db, index, names, { filter, offset: 0, limit: 20 }, mask);
        assert.deepEqual(
          page,
          await samplePage(db, names, { filter, offset: 0, limit: 20 }),
          JSON.stringify(filter),
        );
      }
      // A job aborted before its turn is not counted: its promise rejects as INTERRUPTED.
      const gone = new AbortController();
      const mask = await indexSelection(db, index, names, { classes: ['cat'] });
      const first = counter.count(mask, { outcomes: true });
      const second = counter.count(mask, { outcomes: true }, gone.signal);
      gone.abort();
      await assert.rejects(second, (e: Error & { code?: string }) => e.code === 'INTERRUPTED');
      assert.equal(
        (await first)[0]?.n,
        (await indexFacetCounts(db, index, names, { classes: ['cat'] })).total,
      );
    } finally {
      await counter.close();
    }
  });

  test('pages equal samplePage for every filter and sort', async () => {
    const sorts = [
      undefined,
      { by: 'id', desc: true },
      { by: 'path' },
      { by: 'path', desc: true },
      { by: 'brightness' },
      { by: 'brightness', desc: true },
      { by: 'width', desc: true },
      { by: 'issue_score', desc: true },
      { by: 'uncertainty', desc: true },
      { by: 'outlier', desc: true },
      { by: 'outlier' },
    ];
    for (const filter of [...FILTERS, ...REGION_FILTERS]) {
      for (const sort of sorts) {
        for (const [offset, limit] of [
          [0, 30],
          [57, 100],
        ] as const) {
          const q = { filter, ...(sort ? { sort } : {}), offset, limit };
          assert.deepEqual(
            await indexSamplePage(db, index, names, q),
            await samplePage(db, names, q),
            JSON.stringify(q),
          );
        }
      }
    }
  });

  test('patch pages equal patchPage for every filter and sort', async () => {
    const queries: Omit<PatchQuery, 'filter' | 'offset' | 'limit'>[] = [
      { source: 'ground_truth', sort: 'area' },
      { source: 'ground_truth', class: 'cat', sort: 'aspect' },
      { source: 'prediction:m', sort: 'score', desc: false },
      { source: 'prediction:m', class: 'dog', sort: 'issue_score' },
    ];
    for (const filter of [...FILTERS.slice(0, 12), ...REGION_FILTERS.slice(0, 3)]) {
      for (const base of queries) {
        for (const [offset, limit] of [
          [0, 20],
          [15, 50],
        ] as const) {
          const q: PatchQuery = { ...base, filter, offset, limit };
          assert.deepEqual(
            await indexPatchPage(db, index, names, q),
            await patchPage(db, names, q),
            JSON.stringify(q),
          );
        }
      }
    }
  });

  test('issue 13: a patch page is read from memory, not looked up in the annotations table', async () => {
    const recording = new RecordingDb(db.connection);
    const base = { source: 'ground_truth', class: 'dog', sort: 'score' as const, desc: false };
    const first = { ...base, filter: {}, offset: 0, limit: 10 };
    assert.deepEqual(await indexPatchPage(recording, index, names, first), await patchPage(db, names, first));
    assert.ok(recording.sql.some((q) => /FROM annotations/.test(q))); // the first loads its boxes and order
    recording.sql.length = 0;
    for (const filter of [{ tags: ['night'] }, { splits: ['val'] }, {}]) {
      const q = { ...base, filter, offset: 3, limit: 25 };
      const page = await indexPatchPage(recording, index, names, q);
      assert.ok(page.items.length > 0, JSON.stringify(q));
      assert.deepEqual(page, await patchPage(db, names, q));
    }
    assert.deepEqual(
      recording.sql.filter((q) => /FROM annotations/.test(q)),
      [],
      'later pages ask nothing of the annotations table',
    );
  });

  test('unknown names are the same INVALID_INPUT errors', async () => {
    await assert.rejects(indexFacetCounts(db, index, names, { classes: ['zebra'] }), /class/i);
    await assert.rejects(
      indexSamplePage(db, index, names, { filter: {}, sort: { by: 'nope' }, offset: 0, limit: 5 }),
      {
        code: 'INVALID_INPUT',
      },
    );
  });
});
