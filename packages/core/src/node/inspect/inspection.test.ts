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

describe('inspections in a real project database', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-inspection-'));
    const coco = {
      images: [1, 2].map((id) => ({ id, file_name: `${id}.jpg`, width: 50, height: 50, split: 'x' })),
      categories: [{ id: 1, name: 'cat' }],
      annotations: Array.from({ length: 12 }, (_, k) => ({
        id: k + 1,
        image_id: (k % 2) + 1,
        category_id: 1,
        bbox: [k, k, 5, 5],
        area: 25,
        iscrowd: 0,
      })),
    };
    await writeFile(join(tmp, 'gt.json'), JSON.stringify(coco));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: join(tmp, 'gt.json') });
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('refuses bad input with usage errors and changes nothing', async () => {
    await assert.rejects(markInspection(project, { item: 1, verdict: 'correct' }), code('NOT_FOUND'));
    await assert.rejects(startInspection(project, { stratify: 'colour' as 'class' }), code('USAGE'));
    await assert.rejects(startInspection(project, { source: 'prediction:x' }), code('NOT_FOUND'));
    await assert.rejects(startInspection(project, { size: 0 }), code('USAGE'));
    const s = await startInspection(project, { size: 4, seed: 9, stratify: 'split' });
    assert.deepEqual(s.strata, [{ stratum: 'unassigned', population: 12, size: 4 }]);
    await assert.rejects(
      markInspection(project, { item: 1, verdict: 'correct', error: 'bad_box' }),
      code('USAGE'),
    );
    await assert.rejects(markInspection(project, { item: 9, verdict: 'correct' }), code('NOT_FOUND'));
    const db = storeDb(project.store);
    assert.equal((await inspectionItems(db)).pending, 4);
  });

  it('a verdict keeps its author; clearing it makes the item pending again', async () => {
    await markInspection(project, { item: 2, verdict: 'incorrect', error: 'extra_object', author: 'dana' });
    const db = storeDb(project.store);
    let r = await inspectionReport(db);
    assert.deepEqual([r.judged, r.pending, r.errors], [1, 3, { extra_object: 1 }]);
    assert.deepEqual(r.by_author, [{ author: 'dana', judged: 1, correct: 0 }]);
    await markInspection(project, { item: 2, verdict: null });
    r = await inspectionReport(db);
    assert.deepEqual([r.judged, r.pending], [0, 4]);
    assert.equal(r.estimate.overall.accuracy, null);
  });
});
