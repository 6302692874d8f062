/**
 * Issue 14: `assay inspect start --stratify annotator` — strata by annotator source, so label accuracy is
 * estimated per annotator and overall (weighted by how much each annotator labelled).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { inspectionItems, inspectionReport } from './inspection-report.js';
import { markInspection } from './mark-inspection.js';
import { startInspection } from './start-inspection.js';

const code = (c: string) => (e: unknown) => e instanceof AssayError && e.code === c;

/** A COCO file with `n` boxes over 10 images, ids from `first`. */
function coco(n: number, first: number) {
  return {
    images: Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      file_name: `${i + 1}.jpg`,
      width: 99,
      height: 99,
    })),
    categories: [{ id: 1, name: 'cat' }],
    annotations: Array.from({ length: n }, (_, k) => ({
      id: first + k,
      image_id: (k % 10) + 1,
      category_id: 1,
      bbox: [k % 90, k % 90, 5, 5],
      area: 25,
      iscrowd: 0,
    })),
  };
}

describe('issue 14: inspection stratified by annotator', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-inspect-annotator-'));
    await initProject(tmp);
    project = await openProject(tmp);
    // ground_truth 50 (not annotator work: left out), kim 60, lee 30, park 10.
    for (const [source, n, first] of [
      ['ground_truth', 50, 1000],
      ['annotator:kim', 60, 2000],
      ['annotator:lee', 30, 3000],
      ['annotator:park', 10, 4000],
    ] as const) {
      const file = join(tmp, `${source.replace(':', '-')}.json`);
      await writeFile(file, JSON.stringify(coco(n, first)));
      await importDataset(project, { format: 'coco', path: file, source, sourceGiven: true });
    }
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('refuses --source beside it, and a project without annotator sources', async () => {
    await assert.rejects(
      startInspection(project, { stratify: 'annotator', source: 'ground_truth' }),
      code('USAGE'),
    );
    const empty = await mkdtemp(join(tmpdir(), 'assay-inspect-none-'));
    try {
      await initProject(empty);
      const p = await openProject(empty);
      try {
        await writeFile(join(empty, 'gt.json'), JSON.stringify(coco(3, 1)));
        await importDataset(p, { format: 'coco', path: join(empty, 'gt.json') });
        await assert.rejects(startInspection(p, { stratify: 'annotator', size: 2 }), code('INVALID_INPUT'));
      } finally {
        await p.close();
      }
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('allocates in proportion to each annotator; the estimate weighs strata by their size', async () => {
    const s = await startInspection(project, { stratify: 'annotator', size: 20, seed: 7 });
    assert.equal(s.source, 'annotator:*');
    assert.equal(s.population, 100, 'every annotator source, ground truth left out');
    // Proportional allocation of 20 over 60/30/10.
    assert.deepEqual(s.strata, [
      { stratum: 'annotator:kim', population: 60, size: 12 },
      { stratum: 'annotator:lee', population: 30, size: 6 },
      { stratum: 'annotator:park', population: 10, size: 2 },
    ]);
    const db = storeDb(project.store);
    const { items } = await inspectionItems(db);
    const sourceOf = new Map(
      (
        await db.all<{ id: number; name: string }>(
          'SELECT a.id, s.name FROM annotations a JOIN sources s ON s.id = a.source_id',
        )
      ).map((r) => [r.id, r.name]),
    );
    for (const i of items) assert.equal(sourceOf.get(i.annotation_id), i.stratum, `item ${i.item}`);
    // Judge: kim 12/12 correct, lee 4/6, park 1/2.
    const wrong = { 'annotator:kim': 0, 'annotator:lee': 2, 'annotator:park': 1 } as Record<string, number>;
    for (const i of items) {
      const bad = wrong[i.stratum]! > 0;
      if (bad) wrong[i.stratum]!--;
      await markInspection(project, { item: i.item, verdict: bad ? 'incorrect' : 'correct' });
    }
    const r = await inspectionReport(db);
    const st = r.estimate.stratified!;
    // By hand: p = 0.6·1 + 0.3·(4/6) + 0.1·(1/2) = 0.85;
    // Var = Σ W²·p(1−p)/n·(1−n/N) = 0.09·(2/9)/6·0.8 + 0.01·0.25/2·0.8 = 0.0036667; n* = p(1−p)/Var = 34.773.
    assert.ok(Math.abs(st.accuracy! - 0.85) < 1e-12);
    const variance = (0.09 * (2 / 9) * 0.8) / 6 + (0.01 * 0.25 * 0.8) / 2;
    assert.ok(Math.abs(st.effective_n! - (0.85 * 0.15) / variance) < 1e-9, String(st.effective_n));
    assert.deepEqual(
      r.estimate.strata.map((x) => [x.name, x.judged, x.correct]),
      [
        ['annotator:kim', 12, 12],
        ['annotator:lee', 6, 4],
        ['annotator:park', 2, 1],
      ],
    );
  });
});
