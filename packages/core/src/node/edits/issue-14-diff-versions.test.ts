/**
 * Issue 14: `assay diff` at scale read both versions whole (~15M annotation objects for a 1M-sample
 * project). diffVersions leaves the unchanged rows in DuckDB; it must say exactly what diffLabels over
 * the two whole versions says.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diffLabels, type LabelDiff } from '../../edits/label-diff.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { applyEdits } from './apply-edits.js';
import { diffVersions } from './diff-versions.js';
import { createSnapshot, labelVersion } from './snapshots.js';

const COCO = {
  images: [1, 2, 3, 4].map((id) => ({ id, file_name: `${id}.jpg`, width: 100, height: 80 })),
  categories: [
    { id: 1, name: 'cat' },
    { id: 2, name: 'dog' },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] },
    { id: 2, image_id: 1, category_id: 2, bbox: [50, 10, 20, 20] },
    { id: 3, image_id: 2, category_id: 1, segmentation: [[5, 5, 30, 5, 30, 30]], bbox: [5, 5, 25, 25] },
    { id: 4, image_id: 3, category_id: 2, bbox: [1, 1, 9, 9] },
    { id: 5, image_id: 4, category_id: 1, bbox: [40, 40, 10, 10] },
  ],
};

/** The diff with sample lists sorted (the whole-version diff lists them in the maps' order). */
const sorted = (d: LabelDiff) => ({
  ...d,
  samples: {
    added: [...d.samples.added].sort(),
    removed: [...d.samples.removed].sort(),
    moved_split: [...d.samples.moved_split].sort((x, y) => x.sample.localeCompare(y.sample)),
  },
});

describe('issue 14: diffVersions agrees with the whole-version diff', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-diff-versions-'));
    await writeFile(join(tmp, 'gt.json'), JSON.stringify(COCO));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: join(tmp, 'gt.json') });
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('re-classes, moves, rings, deletions, additions, splits and exclusions, between snapshots and current', async () => {
    const anns = await project.store.listAnnotations();
    const samples = await project.store.listSamples();
    const id = (n: number) => anns.find((a) => a.originalId === n)!.id;
    const sample = (key: string) => samples.find((s) => s.key === key)!.id;
    await createSnapshot(project, 's0');
    await applyEdits(project, [
      { op: 'update', annotationId: id(1), set: { label: 'dog' } },
      { op: 'update', annotationId: id(2), set: { bbox: [51, 10, 20, 20] } },
      { op: 'update', annotationId: id(3), set: { points: [[5, 5, 31, 5, 30, 30]] } },
      { op: 'delete', annotationId: id(4) },
      { op: 'add', sampleId: sample('3.jpg'), shape: { label: 'cat', bbox: [2, 2, 9, 9] } },
      { op: 'sample', sampleId: sample('2.jpg'), set: { split: 'val' } },
    ]);
    await createSnapshot(project, 's1');
    await applyEdits(project, [
      { op: 'exclude', sampleId: sample('4.jpg') },
      { op: 'sample', sampleId: sample('2.jpg'), set: { split: 'test' } },
      { op: 'update', annotationId: id(1), set: { label: 'cat', bbox: [11, 10, 20, 20] } },
    ]);
    for (const [a, b] of [
      ['s0', 's1'],
      ['s1', 'current'],
      ['s0', 'current'],
      ['current', 's0'],
      ['s1', 's1'],
    ] as const) {
      for (const iou of [0.5, 0]) {
        const whole = diffLabels(await labelVersion(project, a), await labelVersion(project, b), { iou });
        const lean = await diffVersions(project, a, b, { iou });
        assert.deepEqual(sorted(lean), sorted(whole), `${a} → ${b} (iou ${iou})`);
      }
    }
    // And what it says, from s0 to s1: 1 re-classed; 2 and 3 moved (box, ring); the deleted dog on 3.jpg
    // and the cat added there pair by IoU 0.65 (≥ 0.5), so they count as re-classed and moved; 5 unchanged.
    const d = await diffVersions(project, 's0', 's1');
    assert.deepEqual(
      [
        d.annotations.added,
        d.annotations.removed,
        d.annotations.reclassed,
        d.annotations.moved,
        d.annotations.unchanged,
      ],
      [0, 0, 2, 3, 1],
      JSON.stringify(d.changes),
    );
    assert.deepEqual(d.samples.moved_split, [{ sample: '2.jpg', from: null, to: 'val' }]);
    const e = await diffVersions(project, 's1', 'current');
    assert.deepEqual(e.samples.removed, ['4.jpg']);
  });
});
