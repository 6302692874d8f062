import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';

const FIXTURES = sharedFixture('');

describe('store.listAnnotationGeometry', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-geometry-'));
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'), { command: 'test' });
    // Real COCO: polygons and crowd RLE (val2014 subset), keypoints with ground truth and detections.
    await importDataset(project, {
      format: 'coco',
      path: join(FIXTURES, 'coco-val2014-100/instances_val2014_100.json'),
    });
    await importDataset(project, { format: 'coco', path: join(FIXTURES, 'coco-keypoints-139099/gt.json') });
    // Scored mask results, for the evaluation columns.
    await importDataset(project, {
      format: 'coco',
      path: join(FIXTURES, 'coco-val2014-100/instances_val2014_fakesegm100_results.json'),
      source: 'prediction:fake',
    });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same class and geometry as listAnnotations, for each source', async () => {
    const full = await project.store.listAnnotations();
    const lean = await project.store.listAnnotationGeometry();
    assert.ok(full.length > 100);
    assert.equal(lean.length, full.length);
    assert.ok(lean.some((a) => a.points) && lean.some((a) => a.keypoints));
    full.forEach((f, i) => {
      const g = lean[i]!;
      const expected = {
        id: f.id,
        sampleId: f.sampleId,
        source: f.source,
        kind: f.kind,
        label: f.label,
        bbox: f.bbox,
        points: f.points,
        keypoints: f.keypoints,
        attributes: f.attributes,
        originalId: f.originalId,
      };
      for (const k of Object.keys(expected) as (keyof typeof expected)[])
        if (expected[k] === undefined) delete expected[k];
      assert.deepEqual(g, expected);
    });
    assert.deepEqual(await project.store.listAnnotationGeometry(['prediction:none']), []);
    assert.equal(
      (await project.store.listAnnotationGeometry(['ground_truth'])).length,
      full.filter((a) => a.source === 'ground_truth').length,
    );
  });

  it('with evaluation, also gives masks, areas, crowd flags, scores and probabilities', async () => {
    const full = await project.store.listAnnotations(['ground_truth', 'prediction:fake']);
    const lean = await project.store.listAnnotationGeometry(['ground_truth', 'prediction:fake'], {
      evaluation: true,
    });
    assert.equal(lean.length, full.length);
    assert.ok(lean.some((a) => a.mask && a.iscrowd) && lean.some((a) => a.mask && a.score !== undefined));
    full.forEach((f, i) => {
      const expected = {
        id: f.id,
        sampleId: f.sampleId,
        source: f.source,
        kind: f.kind,
        label: f.label,
        bbox: f.bbox,
        points: f.points,
        mask: f.mask,
        area: f.area,
        iscrowd: f.iscrowd,
        score: f.score,
        probs: f.probs,
      };
      for (const k of Object.keys(expected) as (keyof typeof expected)[])
        if (expected[k] === undefined) delete expected[k];
      assert.deepEqual(lean[i], expected);
    });
  });
});
