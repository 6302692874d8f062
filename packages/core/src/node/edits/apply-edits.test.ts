import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diffLabels } from '../../edits/label-diff.js';
import { AssayError } from '../../errors.js';
import { exportDataset } from '../export-dataset.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { applyEdits, projectRevision } from './apply-edits.js';
import { sampleHistory } from './sample-history.js';
import { createSnapshot, labelVersion } from './snapshots.js';
import { undoEdits } from './undo-edits.js';

/** Two images, three boxes: a, b (cat) on a.jpg and c (dog) on b.jpg. */
const COCO = {
  images: [
    { id: 1, file_name: 'a.jpg', width: 100, height: 80 },
    { id: 2, file_name: 'b.jpg', width: 100, height: 80 },
  ],
  categories: [
    { id: 1, name: 'cat' },
    { id: 2, name: 'dog' },
  ],
  annotations: [
    { id: 10, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], area: 400, iscrowd: 0 },
    { id: 11, image_id: 1, category_id: 1, bbox: [50, 10, 20, 20], area: 400, iscrowd: 0 },
    { id: 12, image_id: 2, category_id: 2, bbox: [5, 5, 30, 30], area: 900, iscrowd: 0 },
  ],
};

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(
    p,
    (e: unknown) => e instanceof AssayError && e.code === code && pattern.test(e.message),
  );
}

describe('applyEdits, undo, history and snapshots on a real project', () => {
  let tmp = '';
  let project: Project;
  let ids: Record<string, number> = {};
  const current = async () => (await labelVersion(project, 'current')).annotations;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-edits-'));
    await writeFile(join(tmp, 'gt.json'), JSON.stringify(COCO));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: join(tmp, 'gt.json') });
    const anns = await project.store.listAnnotations();
    ids = Object.fromEntries(anns.map((a) => [String(a.originalId), a.id]));
  });
  after(async () => {
    await project.close();
    for (const d of [tmp, `${tmp}-out-v0`, `${tmp}-out-current`])
      await rm(d, { recursive: true, force: true });
  });

  it('records edits with author and reason, keeps the replaced version, and rolls back a failing batch whole', async () => {
    await createSnapshot(project, 'v0');
    const r = await applyEdits(
      project,
      [{ op: 'update', annotationId: ids['10']!, set: { label: 'dog' }, reason: 'it is a dog' }],
      { author: 'ana' },
    );
    assert.equal(r.revision, 1);
    // A batch whose second edit fails leaves the first unapplied too.
    await rejects(
      applyEdits(project, [
        { op: 'delete', annotationId: ids['11']! },
        { op: 'update', annotationId: ids['12']!, set: { label: 'horse' } },
      ]),
      'INVALID_INPUT',
      /no class "horse"/,
    );
    assert.equal((await current()).length, 3);
    assert.equal(await projectRevision(project), 1);
    const h = await sampleHistory(project, 'a.jpg');
    const a = h.annotations.find((x) => x.id === ids['10'])!;
    assert.deepEqual(
      a.versions.map((v) => [v.revision, v.until, v.annotation.label]),
      [
        [0, 1, 'cat'],
        [1, null, 'dog'],
      ],
    );
    assert.equal(h.edits[0]!.author, 'ana');
    assert.equal(h.edits[0]!.reason, 'it is a dog');
  });

  it('refuses stale revisions, a stale project revision and edits on deleted annotations', async () => {
    await rejects(
      applyEdits(project, [{ op: 'update', annotationId: ids['10']!, revision: 0, set: { label: 'cat' } }]),
      'CONFLICT',
      /changed since revision 0: it is at revision 1/,
    );
    await rejects(applyEdits(project, [], { expectedRevision: 0 }), 'CONFLICT', /changed since revision 0/);
    const del = await applyEdits(project, [{ op: 'delete', annotationId: ids['11']!, revision: 0 }], {
      expectedRevision: 1,
    });
    await rejects(
      applyEdits(project, [{ op: 'update', annotationId: ids['11']!, set: { bbox: [0, 0, 1, 1] } }]),
      'CONFLICT',
      new RegExp(`deleted by edit ${del.seqs[0]}`),
    );
    await rejects(
      applyEdits(project, [{ op: 'delete', annotationId: 999 }]),
      'NOT_FOUND',
      /no annotation 999/,
    );
  });

  it('snapshots rebuild the labels of their time; undo (of a batch touching one annotation twice) restores them', async () => {
    await createSnapshot(project, 'v2');
    const two = await applyEdits(project, [
      { op: 'update', annotationId: ids['12']!, set: { label: 'cat' } },
      { op: 'update', annotationId: ids['12']!, set: { bbox: [6, 6, 30, 30] } },
      {
        op: 'add',
        sampleId: (await project.store.listSamples())[1]!.id,
        shape: { label: 'dog', bbox: [60, 40, 10, 10] },
      },
    ]);
    const d = diffLabels(await labelVersion(project, 'v2'), await labelVersion(project, 'current'));
    assert.deepEqual(
      [d.annotations.added, d.annotations.removed, d.annotations.reclassed, d.annotations.moved],
      [1, 0, 1, 1],
    );
    const v0 = diffLabels(await labelVersion(project, 'v0'), await labelVersion(project, 'v2'));
    assert.deepEqual(
      v0.changes.map((c) => [c.type, c.annotation_id, c.class]),
      [
        ['reclassed', ids['10'], 'dog'],
        ['removed', ids['11'], 'cat'],
      ],
    );
    await undoEdits(project, { batch: two.batch });
    assert.equal(
      diffLabels(await labelVersion(project, 'v2'), await labelVersion(project, 'current')).changes.length,
      0,
    );
    // Undo the delete of 11: the snapshot taken while it was deleted still lacks it.
    const deletion = (await sampleHistory(project, 'a.jpg')).edits.find((e) => e.kind === 'delete')!;
    await undoEdits(project, { edit: deletion.seq });
    assert.equal((await labelVersion(project, 'v2')).annotations.length, 2);
    assert.equal((await current()).length, 3);
    await rejects(undoEdits(project, { edit: deletion.seq }), 'CONFLICT', /undone already/);
    await rejects(createSnapshot(project, 'v2'), 'CONFLICT', /exists already/);
  });

  it('export --snapshot writes the labels of the snapshot', async () => {
    const written = async (snapshot?: string) => {
      const outDir = `${tmp}-out-${snapshot ?? 'current'}`;
      const r = await exportDataset(project, {
        format: 'coco',
        outDir,
        images: 'none',
        ...(snapshot ? { snapshot } : {}),
      });
      const file = r.files.find((f) => f.endsWith('.json'))!;
      const coco = JSON.parse(await readFile(resolve(outDir, file), 'utf8')) as {
        annotations: { id: number; category_id: number }[];
        categories: { id: number; name: string }[];
      };
      const names = new Map(coco.categories.map((c) => [c.id, c.name]));
      return coco.annotations.map((a) => names.get(a.category_id)).sort();
    };
    // v0: as imported (cat, cat, dog); current: 10 re-classed as dog.
    assert.deepEqual(await written('v0'), ['cat', 'cat', 'dog']);
    assert.deepEqual(await written(), ['cat', 'dog', 'dog']);
    await rejects(
      exportDataset(project, { format: 'coco', outDir: `${tmp}-x`, snapshot: 'nope' }),
      'NOT_FOUND',
      /no snapshot "nope"/,
    );
  });

  it('moving a sample to a split and tagging it are edits: the snapshot keeps the old split, undo restores it', async () => {
    const sample = (await project.store.listSamples()).find((x) => x.key === 'b.jpg')!;
    await createSnapshot(project, 'before-split');
    const r = await applyEdits(project, [
      { op: 'sample', sampleId: sample.id, set: { split: 'test', tags: ['hard', 'hard'] } },
    ]);
    const now = (await project.store.listSamples()).find((x) => x.id === sample.id)!;
    assert.equal(now.split, 'test');
    assert.deepEqual(now.tags, ['hard']);
    const d = diffLabels(await labelVersion(project, 'before-split'), await labelVersion(project, 'current'));
    assert.deepEqual(d.samples.moved_split, [{ sample: 'b.jpg', from: sample.split ?? null, to: 'test' }]);
    await undoEdits(project, { batch: r.batch });
    const back = (await project.store.listSamples()).find((x) => x.id === sample.id)!;
    assert.equal(back.split ?? null, sample.split ?? null);
    assert.equal(back.tags, undefined);
  });

  it('excluding a sample deletes its annotations in the same batch; snapshots keep it; undo brings it back', async () => {
    const sample = (await project.store.listSamples()).find((x) => x.key === 'a.jpg')!;
    await createSnapshot(project, 'before-exclude');
    const count = (await current()).length;
    const r = await applyEdits(project, [{ op: 'exclude', sampleId: sample.id, reason: 'blurry' }]);
    assert.ok(!(await project.store.listSamples()).some((x) => x.id === sample.id));
    assert.equal((await current()).length, count - 2);
    const d = diffLabels(
      await labelVersion(project, 'before-exclude'),
      await labelVersion(project, 'current'),
    );
    assert.deepEqual(d.samples.removed, ['a.jpg']);
    assert.equal(d.annotations.removed, 2);
    const h = await sampleHistory(project, 'a.jpg');
    assert.deepEqual(
      h.edits.filter((e) => e.batch === r.batch).map((e) => e.kind),
      ['delete', 'delete', 'exclude'],
    );
    // The snapshot's export still holds the excluded sample and its annotations.
    const outDir = `${tmp}-out-excluded`;
    const e = await exportDataset(project, {
      format: 'coco',
      outDir,
      images: 'none',
      snapshot: 'before-exclude',
    });
    await rm(outDir, { recursive: true, force: true });
    assert.deepEqual([e.samples, e.annotations], [2, count]);
    await undoEdits(project, { batch: r.batch });
    assert.ok((await project.store.listSamples()).some((x) => x.id === sample.id));
    assert.equal((await current()).length, count);
  });

  it('an undo is refused when a later edit changed the annotation', async () => {
    const first = await applyEdits(project, [
      { op: 'update', annotationId: ids['12']!, set: { label: 'cat' } },
    ]);
    await applyEdits(project, [{ op: 'update', annotationId: ids['12']!, set: { label: 'dog' } }]);
    await rejects(undoEdits(project, { batch: first.batch }), 'CONFLICT', /changed by a later edit/);
  });
});
