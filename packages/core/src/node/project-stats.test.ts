import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { computeStats } from '../stats/compute-stats.js';
import type { DatasetStats } from '../stats/dataset-stats.js';
import { metricColumns } from '../stats/metric-columns.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { projectStats } from './project-stats.js';
import { runDemo } from './run-demo.js';

/** computeStats over every row loaded into JS: what `assay stats` did before it became SQL (issue 12). */
async function statsFromRows(project: Project, source = 'ground_truth'): Promise<DatasetStats> {
  const { store } = project;
  const [classes, samples, annotations, metrics] = await Promise.all([
    store.listClasses(),
    store.listSamples(),
    store.listAnnotationGeometry(),
    store.listSampleMetrics(),
  ]);
  return computeStats({
    classes: classes.map((c) => c.name),
    samples,
    annotations,
    metrics: metricColumns(metrics.values()),
    source,
  });
}

/**
 * Equal value for value and key order for key order. Means and standard deviations may differ in the last
 * bits (DuckDB sums in its own order), and so may interpolated quantiles (DuckDB's quantile_cont computes
 * lo·(1−d) + hi·d, summarize lo + (hi−lo)·d); counts, min, max and histograms are exact.
 */
function assertSameStats(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (/\.(mean|std|p05|p25|median|p75|p95)$/.test(path)) {
      const tol = 1e-12 * Math.max(1, Math.abs(expected));
      assert.ok(Math.abs(actual - expected) <= tol, `${path}: ${actual} vs ${expected}`);
    } else assert.equal(actual, expected, path);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    assert.deepEqual(actual, expected, path);
    return;
  }
  assert.ok(actual !== null && typeof actual === 'object', `${path} is an object`);
  assert.deepEqual(Object.keys(actual as object), Object.keys(expected as object), `keys of ${path}`);
  for (const [k, v] of Object.entries(expected as object))
    assertSameStats((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

describe('projectStats (SQL aggregates) equals computeStats over loaded rows', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-stats-sql-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('on the demo: splits, two prediction sources, scan metrics, missing and corrupt images', async () => {
    const summary = await runDemo(join(dir, 'demo'), { images: 30, seed: 11 });
    const project = await openProject(summary.project, { readOnly: true });
    try {
      const sql = await projectStats(project);
      assert.ok(sql.metrics.length > 0 && sql.sources.length === 3);
      assertSameStats(sql, await statsFromRows(project));
      assertSameStats(
        await projectStats(project, 'prediction:model-a'),
        await statsFromRows(project, 'prediction:model-a'),
      );
    } finally {
      await project.close();
    }
  });

  it('on COCO val2014 (100 images, polygons and crowd masks) with a results file', async () => {
    const root = await initProject(join(dir, 'coco'));
    const project = await openProject(root, { command: 'test' });
    try {
      const fixture = sharedFixture('coco-val2014-100');
      await importDataset(project, { format: 'coco', path: join(fixture, 'instances_val2014_100.json') });
      await importDataset(project, {
        format: 'coco',
        path: join(fixture, 'instances_val2014_fakebbox100_results.json'),
        source: 'prediction:fake',
      });
      const sql = await projectStats(project);
      assert.equal(sql.samples, 100);
      assertSameStats(sql, await statsFromRows(project));
    } finally {
      await project.close();
    }
  });

  it('on crafted rows: attributes, no class, an unknown class id, classifications, zero sizes, no split', async () => {
    const root = await initProject(join(dir, 'crafted'));
    const project = await openProject(root, { command: 'test' });
    const { store } = project;
    try {
      const classIds = await store.upsertClasses([{ name: 'cat' }, { name: 'dog' }, { name: 'unused' }]);
      const sampleIds = await store.upsertSamples('images', [
        { key: 'b.jpg', width: 100, height: 50, split: 'val' },
        { key: 'a.jpg', width: 200, height: 100, split: 'train' },
        { key: 'c.jpg' },
        { key: 'd.jpg', width: 0, height: 10, split: 'train' },
      ]);
      const sourceIds = new Map<string, number>();
      for (const s of ['ground_truth', 'annotator:x']) sourceIds.set(s, (await store.ensureSource(s)).id);
      const runId = await store.startRun('import', {});
      const gt = 'ground_truth';
      await store.appendAnnotations(
        [
          { sample: 'a.jpg', source: 'annotator:x', kind: 'bbox', label: 'dog', bbox: [0, 0, 5, 5] },
          {
            sample: 'a.jpg',
            source: gt,
            kind: 'bbox',
            label: 'dog',
            bbox: [1, 2, 30, 10],
            attributes: { occluded: true, n: 2 },
          },
          {
            sample: 'a.jpg',
            source: gt,
            kind: 'bbox',
            label: 'cat',
            bbox: [1, 2, 3, 0],
            attributes: { occluded: false },
          },
          {
            sample: 'b.jpg',
            source: gt,
            kind: 'bbox',
            label: 'cat',
            bbox: [0, 0, 10, 10],
            attributes: { pose: 'left' },
          },
          { sample: 'b.jpg', source: gt, kind: 'classification', label: 'dog' },
          { sample: 'b.jpg', source: gt, kind: 'bbox', bbox: [0, 0, 4, 4] },
          { sample: 'c.jpg', source: gt, kind: 'bbox', label: 'cat', bbox: [0, 0, 7, 3] },
          { sample: 'd.jpg', source: gt, kind: 'bbox', label: 'dog', bbox: [0, 0, 2, 2] },
          {
            sample: 'd.jpg',
            source: gt,
            kind: 'bbox',
            label: 'cat',
            bbox: [0, 0, 9, 1.5],
            attributes: { n: 2.5 },
          },
        ],
        { sampleIds, classIds, sourceIds },
        runId,
      );
      const sql = await projectStats(project);
      assert.deepEqual(sql.class_distribution.by_split, {
        train: { dog: 2, cat: 2 },
        val: { cat: 1, dog: 1, '(no class)': 1 },
        unassigned: { cat: 1 },
      });
      assert.deepEqual(sql.attributes, [
        { name: 'occluded', annotations: 2, values: { true: 1, false: 1 } },
        { name: 'n', annotations: 2, values: { '2': 1, '2.5': 1 } },
        { name: 'pose', annotations: 1, values: { left: 1 } },
      ]);
      assertSameStats(sql, await statsFromRows(project));
      assertSameStats(
        await projectStats(project, 'annotator:x'),
        await statsFromRows(project, 'annotator:x'),
      );
      assertSameStats(
        await projectStats(project, 'prediction:none'),
        await statsFromRows(project, 'prediction:none'),
      );
    } finally {
      await project.close();
    }
  });
});
