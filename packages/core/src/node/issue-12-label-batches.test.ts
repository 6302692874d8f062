import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { labelChecks } from '../checks/labels/label-checks.js';
import type { Annotation } from '../model/annotation.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { importDataset } from './import-dataset.js';
import { labelCheckIssues } from './label-check-issues.js';
import { initProject, openProject, type Project } from './project.js';
import { runDetectionIssues } from './run-detection-issues.js';

// Issue 12: `assay check` and `assay label-errors` read the project in batches of samples; whatever the
// batch size, they must give what one pass over the whole source gives (issues, their order, summaries).
describe('label checks and detection label issues in batches of samples', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-label-batches-'));
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    const fixture = sharedFixture('coco-val2014-100');
    await importDataset(project, { format: 'coco', path: join(fixture, 'instances_val2014_100.json') });
    await importDataset(project, {
      format: 'coco',
      path: join(fixture, 'instances_val2014_fakebbox100_results.json'),
      source: 'prediction:fake',
    });
    // Rows that the COCO file lacks: keypoints (one outside its box), a degenerate polygon, a box with a
    // non-numeric original id repeated exactly, a box without a class, a tiny box and one past the image edge.
    const { store } = project;
    const samples = await store.listSamples();
    const classIds = new Map((await store.listClasses()).map((c) => [c.name, c.id]));
    const keys = samples.map((s) => s.key);
    const box = (sample: string, extra: Partial<Annotation> = {}): Annotation => ({
      sample,
      source: 'ground_truth',
      kind: 'bbox',
      label: 'person',
      bbox: [10, 10, 50, 80],
      ...extra,
    });
    const unlabelled = box(keys[2]!);
    delete unlabelled.label;
    await store.appendAnnotations(
      [
        box(keys[90]!, { kind: 'keypoints', keypoints: [15, 20, 2, 90, 30, 2, 0, 0, 0] }),
        box(keys[5]!, { kind: 'polygon', points: [[1, 1, 5, 5, 9, 9]], bbox: [1, 1, 8, 8] }),
        box(keys[40]!, { originalId: 'a-7' }),
        box(keys[40]!, { originalId: 'a-8' }),
        box(keys[60]!, { bbox: [3, 3, 2, 2] }),
        box(keys[61]!, { bbox: [600, 10, 400, 50] }),
        unlabelled,
      ],
      {
        sampleIds: new Map(samples.map((s) => [s.key, s.id])),
        classIds,
        sourceIds: new Map([['ground_truth', (await store.ensureSource('ground_truth')).id]]),
      },
      await store.startRun('import', {}),
    );
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('check: batches of 7 and of the default size give the issues of one whole-source run, in its order', async () => {
    const { store } = project;
    const classes = (await store.listClasses()).map((c) => c.name);
    // One pass over objects: the samples and the annotations in id order (what `check` read before).
    const whole = labelChecks({
      classes,
      samples: await store.listSamples(),
      annotations: await store.listAnnotations(['ground_truth']),
    });
    const types = new Set(whole.issues.map((i) => i.type));
    for (const t of [
      'undefined_class',
      'tiny_box',
      'duplicate_label',
      'keypoint_outside_box',
      'degenerate_polygon',
    ])
      assert.ok(types.has(t), `the project has ${t} issues (${[...types].join(', ')})`);
    for (const samplesPerBatch of [7, undefined]) {
      const batched = await labelCheckIssues(
        project,
        'ground_truth',
        classes,
        {},
        undefined,
        samplesPerBatch,
      );
      assert.deepEqual(batched, whole, `batches of ${samplesPerBatch ?? 'the default size'}`);
    }
  });

  it('label-errors: batches of 7 samples store the issues and give the summary of a single batch', async () => {
    const single = await runDetectionIssues(project, { prediction: 'prediction:fake', samplesPerBatch: 1e6 });
    const stored = async () =>
      (await project.store.listIssues()).map(({ id: _i, runId: _r, ...rest }) => rest);
    const first = await stored();
    const batched = await runDetectionIssues(project, { prediction: 'prediction:fake', samplesPerBatch: 7 });
    const second = await stored();
    assert.ok(first.length > 20, `the fake predictions give issues (${first.length})`);
    assert.deepEqual(second, first);
    assert.deepEqual({ ...batched, runId: 0 }, { ...single, runId: 0 });
    assert.ok(single.worst_images.length === 20 && single.images === 100);
  });
});
