/**
 * Issue 14: `import --replace` deletions are edits. The labels it replaces stay in history and in the
 * snapshots taken before it, `diff` compares them (matched by IoU, the re-import's ids being new),
 * and undoing the import's batch brings them back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diffLabels } from '../../edits/label-diff.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { sampleHistory } from './sample-history.js';
import { createSnapshot, labelVersion } from './snapshots.js';
import { undoEdits } from './undo-edits.js';

const coco = (annotations: { id: number; image_id: number; category_id: number; bbox: number[] }[]) => ({
  images: [
    { id: 1, file_name: 'a.jpg', width: 100, height: 80 },
    { id: 2, file_name: 'b.jpg', width: 100, height: 80 },
  ],
  categories: [
    { id: 1, name: 'cat' },
    { id: 2, name: 'dog' },
  ],
  annotations: annotations.map((a) => ({ ...a, area: a.bbox[2]! * a.bbox[3]!, iscrowd: 0 })),
});

describe('issue 14: import --replace keeps what it replaces', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-replace-'));
    await writeFile(
      join(tmp, 'v1.json'),
      JSON.stringify(
        coco([
          { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] },
          { id: 2, image_id: 1, category_id: 1, bbox: [50, 10, 20, 20] },
          { id: 3, image_id: 2, category_id: 2, bbox: [5, 5, 30, 30] },
        ]),
      ),
    );
    // The next delivery: box 1 re-classed, box 2 gone, box 3 the same.
    await writeFile(
      join(tmp, 'v2.json'),
      JSON.stringify(
        coco([
          { id: 1, image_id: 1, category_id: 2, bbox: [10, 10, 20, 20] },
          { id: 3, image_id: 2, category_id: 2, bbox: [5, 5, 30, 30] },
        ]),
      ),
    );
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: join(tmp, 'v1.json') });
    await createSnapshot(project, 'v1');
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('records the replaced annotations as delete edits; the snapshot and diff still see them; undo restores', async () => {
    const r = await importDataset(project, { format: 'coco', path: join(tmp, 'v2.json'), replace: true });
    assert.equal(r.replaced, 3);
    const h = await sampleHistory(project, 'a.jpg');
    const deletes = h.edits.filter((e) => e.kind === 'delete');
    assert.equal(deletes.length, 2);
    assert.ok(deletes.every((e) => e.rule === 'import --replace' && /v2\.json/.test(e.reason ?? '')));
    assert.deepEqual(
      h.annotations.filter((a) => !a.current).map((a) => a.versions[0]!.annotation.label),
      ['cat', 'cat'],
    );
    const v1 = await labelVersion(project, 'v1');
    assert.deepEqual(
      v1.annotations.map((a) => a.label),
      ['cat', 'cat', 'dog'],
      'the snapshot before the import keeps its labels',
    );
    const d = diffLabels(v1, await labelVersion(project, 'current'));
    assert.deepEqual(d.annotations, { added: 0, removed: 1, reclassed: 1, moved: 0, unchanged: 1 });
    const undone = await undoEdits(project, { batch: deletes[0]!.batch });
    assert.equal(undone.undone.length, 3);
    assert.equal((await project.store.summary()).annotations.total, 5, 'the 3 old labels beside the 2 new');
  });
});
