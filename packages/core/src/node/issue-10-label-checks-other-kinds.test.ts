/**
 * Issue 10 (text sets and LiDAR logs nobody here made): `assay check` on a project of spans, cuboids and
 * per-point labels. The label checks judge image geometry; before, every span and cuboid was an
 * `invalid_geometry` error ("a span without a box"), every point_labels annotation also an
 * `undefined_class` error ("has no class"), and the classes only per-point labels use were `unused_class`.
 * Through the store (labelCheckIssues reads the annotations as columns) and as objects (labelChecks).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { labelChecks } from '../checks/labels/label-checks.js';
import { lidarScene } from '../synthetic/lidar-scene.js';
import { importDataset } from './import-dataset.js';
import { labelCheckIssues } from './label-check-issues.js';
import { writeLidarScene } from './lidar/write-lidar-scene.js';
import { initProject, openProject, type Project } from './project.js';

/** The issues these kinds used to raise: geometry and class errors, and the per-point classes unused. */
const wrong = (issues: { type: string; reason: string }[]) =>
  issues
    .filter(
      (i) =>
        ['invalid_geometry', 'undefined_class'].includes(i.type) ||
        (i.type === 'unused_class' && /"(soil|pole|PER)"/.test(i.reason)),
    )
    .map((i) => `${i.type}: ${i.reason}`);

describe('issue 10: the label checks leave spans, cuboids and per-point labels to their own checks', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-check-kinds-'));
    project = await openProject(await initProject(join(dir, 'p')));
    const spans = { text: 'Ann met Bob in Paris', spans: [{ start: 0, end: 3, label: 'PER' }] };
    await writeFile(join(dir, 'ner.jsonl'), `${JSON.stringify(spans)}\n`);
    await importDataset(project, { format: 'text-jsonl', path: join(dir, 'ner.jsonl') });
    await mkdir(join(dir, 'clouds'));
    await writeFile(
      join(dir, 'clouds', 'scan.pcd'),
      'VERSION .7\nFIELDS x y z label\nSIZE 4 4 4 4\nTYPE F F F U\nCOUNT 1 1 1 1\nWIDTH 3\nHEIGHT 1\nPOINTS 3\nDATA ascii\n0 0 0 0\n1 0 0 1\n2 0 0 1\n',
    );
    await writeFile(join(dir, 'clouds', 'classes.txt'), 'soil\npole\n');
    await importDataset(project, { format: 'pcd', path: join(dir, 'clouds') });
    const scene = lidarScene({ frames: 1, points: 50, objects: 2, defects: false, seed: 4 });
    await writeLidarScene(scene, join(dir, 'nuscenes'));
    await importDataset(project, { format: 'nuscenes', path: join(dir, 'nuscenes') });
  });
  after(async () => {
    await project?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('through the store: no invalid geometry, no missing class, the per-point classes are used', async () => {
    const kinds = new Set((await project.store.listAnnotations()).map((a) => a.kind));
    for (const kind of ['span', 'cuboid', 'point_labels']) assert.ok(kinds.has(kind as never), kind);
    const classes = (await project.store.listClasses()).map((c) => c.name);
    const { issues } = await labelCheckIssues(project, 'ground_truth', classes, {});
    assert.deepEqual(wrong(issues), []);
  });

  it('as objects: the same', () => {
    const { issues } = labelChecks({
      classes: ['PER', 'car', 'soil', 'pole'],
      samples: [
        { id: 1, key: 'ner#1' },
        { id: 2, key: 'scan.pcd' },
      ],
      annotations: [
        { id: 1, sampleId: 1, kind: 'span', label: 'PER' },
        { id: 2, sampleId: 2, kind: 'cuboid', label: 'car' },
        { id: 3, sampleId: 2, kind: 'point_labels', pointClasses: ['soil', 'pole'] },
      ],
    });
    assert.deepEqual(wrong(issues), []);
  });
});
