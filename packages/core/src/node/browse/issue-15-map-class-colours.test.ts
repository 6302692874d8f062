/**
 * Issue 15: the map's class colour column (GET /api/embedding-map/colours?by=class) took 6–12 s at 1M
 * points. It is now read from the facet index's class × source counts (or one integer aggregate without
 * it); the answer is the one the former query gave, which is kept here as the reference: per sample
 * `arg_max(class name, count)` over its ground-truth annotations with a class. Ties, which that query
 * left to DuckDB's row order, now go to the lowest class id in both engines. Without the index the
 * column counts the annotations in table order, one sample's run at a time: annotations added later
 * (a second run of a sample) are counted with the first, checked here on every 7th sample.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Annotation, Sample } from '../../index.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { initProject, openProject, type Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';
import { browseNames } from './browse-names.js';
import { embeddingMapColours, MAX_CATEGORIES, NO_CATEGORY } from './embedding-map-colours.js';
import { prepareFacetBase } from './facet-base.js';
import { buildFacetIndex, type FacetIndex } from './facet-index.js';

const CLASSES = Array.from({ length: 40 }, (_, k) => ({ name: `c${String(k).padStart(2, '0')}` }));

describe('issue 15: the class colour column', () => {
  let dir: string;
  let project: Project;
  let db: Db;
  let index: FacetIndex;
  let points: Int32Array;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-map-colours-'));
    await initProject(join(dir, 'p'), { name: 'colours' });
    project = await openProject(join(dir, 'p'), { command: 'test' });
    const { store } = project;
    db = storeDb(store);
    const random = mulberry32(21);
    const classIds = await store.upsertClasses(CLASSES);
    const gt = await store.ensureSource('ground_truth');
    const pred = await store.ensureSource('prediction:m');
    const batch: Sample[] = Array.from({ length: 3000 }, (_, i) => ({
      key: `s/${i}.jpg`,
      width: 10,
      height: 10,
    }));
    const sampleIds = await store.upsertSamples('.', batch);
    const rows: Annotation[] = [];
    for (const s of batch) {
      for (const source of ['ground_truth', 'prediction:m']) {
        const m = Math.floor(random() * 6);
        for (let k = 0; k < m; k++) {
          // skewed: low class numbers are frequent, the last ones rare (past 31 labels: "other")
          const c = Math.min(CLASSES.length - 1, Math.floor(random() ** 2 * CLASSES.length));
          rows.push({ sample: s.key, source, kind: 'bbox', label: CLASSES[c]!.name, bbox: [0, 0, 5, 5] });
        }
      }
    }
    const maps = {
      sampleIds,
      classIds,
      sourceIds: new Map([
        [gt.name, gt.id],
        [pred.name, pred.id],
      ]),
    };
    const runId = await store.startRun('import', {});
    await store.appendAnnotations(rows, maps, runId);
    await store.finishRun(runId, 'ok', {}, batch.length);
    // 1–3 more c05 boxes for every 7th sample, added later (after every other row, as an edit adds them):
    // read in table order, those samples' annotations are in two runs, which must count as one
    const late: Annotation[] = batch
      .filter((_, i) => i % 7 === 3)
      .flatMap((s, i) =>
        Array.from({ length: 1 + (i % 3) }, () => ({
          sample: s.key,
          source: 'ground_truth',
          kind: 'bbox' as const,
          label: 'c05',
          bbox: [1, 1, 4, 4] as [number, number, number, number],
        })),
      );
    const lateRun = await store.startRun('import', {});
    await store.appendAnnotations(late, maps, lateRun);
    await store.finishRun(lateRun, 'ok', {}, late.length);
    await db.run('UPDATE annotations SET class_id = NULL WHERE id % 17 = 0');
    // the map's points: every sample but each 10th (the projection need not hold every sample)
    points = Int32Array.from([...sampleIds.values()].filter((id) => id % 10 !== 0).sort((a, b) => a - b));
    const base = await prepareFacetBase(db, (await browseNames(db)).evalRunId);
    index = (await buildFacetIndex(db, base))!;
  });
  after(async () => {
    await project?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the index and SQL give the former query’s classes', async () => {
    const sql = await embeddingMapColours(db, points, 'class');
    const mem = await embeddingMapColours(db, points, 'class', index);
    assert.deepEqual(mem, sql);
    assert.equal(sql.labels.length, MAX_CATEGORIES);
    assert.match(sql.labels.at(-1)!, /^other \(\d+\)$/);
    // the former query (embedding-map-colours.ts before this change)
    const former = await db.all<{ sample_id: number; label: string }>(
      `SELECT a.sample_id, arg_max(c.name, a.n) AS label FROM (
         SELECT sample_id, class_id, count(*) AS n FROM annotations
          WHERE class_id IS NOT NULL AND source_id = (SELECT id FROM sources WHERE name = 'ground_truth')
          GROUP BY ALL) a JOIN classes c ON c.id = a.class_id GROUP BY a.sample_id`,
    );
    // each sample's counts, to know which have a tie for the top class
    const counts = await db.all<{ sample_id: number; name: string; n: number }>(
      `SELECT a.sample_id, c.name, count(*)::INTEGER AS n FROM annotations a JOIN classes c ON c.id = a.class_id
        WHERE a.source_id = (SELECT id FROM sources WHERE name = 'ground_truth') GROUP BY ALL`,
    );
    const top = new Map<number, { n: number; names: string[] }>();
    for (const r of counts) {
      const t = top.get(r.sample_id);
      if (!t || r.n > t.n) top.set(r.sample_id, { n: r.n, names: [r.name] });
      else if (r.n === t.n) t.names.push(r.name);
    }
    const formerOf = new Map(former.map((r) => [r.sample_id, r.label]));
    let compared = 0;
    let ties = 0;
    for (let i = 0; i < points.length; i++) {
      const id = points[i]!;
      const c = sql.category[i]!;
      const t = top.get(id);
      if (!t) {
        assert.equal(c, NO_CATEGORY, `sample ${id} has no ground-truth class`);
        continue;
      }
      const expected = t.names.length > 1 ? t.names.sort()[0]! : formerOf.get(id)!; // c00 < c01 …: lowest id
      if (t.names.length > 1) ties++;
      const label = sql.labels[c]!;
      if (label.startsWith('other')) assert.ok(!sql.labels.includes(expected), `sample ${id}: ${expected}`);
      else assert.equal(label, expected, `sample ${id}`);
      compared++;
    }
    assert.ok(compared > 2000 && ties > 50, `${compared} points compared, ${ties} ties`);
  });
});
