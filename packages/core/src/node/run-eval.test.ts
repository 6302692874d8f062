import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '../test-kit/fixtures.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { runEval } from './run-eval.js';

/**
 * Project mode runs the same COCO evaluation as file mode: a project made from coco-val2014-100 (GT,
 * cocoapi's fake bbox and segm results as two prediction sources) must give pycocotools' stats,
 * fixtures/coco-val2014-100/expected/{bbox,segm}_pycocotools.json (pycocotools 2.0.11).
 */
const dir = sharedFixture('coco-val2014-100/');
const path = (name: string) => dir + name;
const expected = (name: string) =>
  (JSON.parse(readFileSync(path(`expected/${name}_pycocotools.json`), 'utf8')) as { stats: number[] }).stats;

describe('runEval on a project imported from COCO files', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-run-eval-'));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: path('instances_val2014_100.json') });
    for (const kind of ['bbox', 'segm']) {
      await importDataset(project, {
        format: 'coco',
        path: path(`instances_val2014_fake${kind}100_results.json`),
        source: `prediction:fake${kind}`,
      });
    }
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  for (const iouType of ['bbox', 'segm'] as const) {
    it(`gives pycocotools' ${iouType} stats`, async () => {
      const r = await runEval(project, { pred: `prediction:fake${iouType}`, iouType });
      const stats = r.detection!.stats as number[];
      const want = expected(iouType);
      assert.equal(stats.length, 12);
      for (const [i, v] of stats.entries()) {
        assert.ok(Math.abs(v - want[i]!) <= 1e-12, `stat ${i}: ${v} vs ${want[i]}`);
      }
      // 839 GT of which 9 crowd regions; 734 results.
      const matches = await project.store.listEvalMatches(r.run_id);
      assert.equal(matches.filter((m) => m.role === 'gt').length, 839);
      assert.equal(matches.filter((m) => m.role === 'gt' && m.outcome === 'ignored').length, 9);
      assert.equal(matches.filter((m) => m.role === 'pred').length, 734);
      assert.deepEqual(r.skipped, []);
    });
  }

  it('names unknown sources and refuses to compare a source with itself', async () => {
    await assert.rejects(runEval(project, { pred: 'prediction:none' }), /no label source "prediction:none"/);
    await assert.rejects(
      runEval(project, { gt: 'prediction:fakebbox', pred: 'prediction:fakebbox' }),
      /same source/,
    );
  });
});
