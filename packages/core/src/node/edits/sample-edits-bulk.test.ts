import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Edit } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { applyEdits } from './apply-edits.js';
import { undoEdits } from './undo-edits.js';

const N = 80;
const COCO = {
  images: Array.from({ length: N }, (_, i) => ({ id: i + 1, file_name: `i${i}.jpg`, width: 10, height: 10 })),
  categories: [{ id: 1, name: 'cat' }],
  annotations: [],
};

async function makeProject(dir: string): Promise<Project> {
  await writeFile(join(dir, 'gt.json'), JSON.stringify(COCO));
  await initProject(dir);
  const project = await openProject(dir);
  await importDataset(project, { format: 'coco', path: join(dir, 'gt.json') });
  return project;
}

const editsFor = (ids: number[]): Edit[] =>
  ids.map((id, i) => ({
    op: 'sample',
    sampleId: id,
    set: i % 3 === 0 ? { split: `s${i % 4}`, tags: ['b', 'a', 'b'] } : { split: i % 2 ? 'train' : null },
    reason: `r${i}`,
  }));

async function state(project: Project) {
  const db = storeDb(project.store);
  return {
    edits: await db.all(
      'SELECT seq, kind, author, reason, rule, sample_id, before, after, undoes FROM edits ORDER BY seq',
    ),
    samples: await db.all('SELECT id, split, tags FROM samples ORDER BY id'),
  };
}

describe('set-based sample edits (many split/tag changes)', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('write the same edit rows and samples as one-by-one edits, and undo alike', async () => {
    const [a, b] = [
      await mkdtemp(join(tmpdir(), 'assay-bulk-a-')),
      await mkdtemp(join(tmpdir(), 'assay-bulk-b-')),
    ];
    dirs.push(a, b);
    const pa = await makeProject(a);
    const pb = await makeProject(b);
    try {
      const ids = (await storeDb(pa.store).all<{ id: number }>('SELECT id FROM samples ORDER BY id')).map(
        (r) => r.id,
      );
      const edits = editsFor(ids);
      const bulk = await applyEdits(pa, edits, { author: 't', rule: 'split' }); // 80 ≥ 64: set-based
      for (let i = 0; i < edits.length; i += 16)
        await applyEdits(pb, edits.slice(i, i + 16), { author: 't', rule: 'split' });
      assert.deepEqual(
        bulk.seqs,
        ids.map((_, i) => i + 1),
      );
      assert.deepEqual(await state(pa), await state(pb));
      await undoEdits(pa, { batch: bulk.batch }, { author: 't' });
      const after = await storeDb(pa.store).all<{ split: string | null; tags: string[] | null }>(
        'SELECT split, tags FROM samples ORDER BY id',
      );
      assert.ok(after.every((s) => s.split === null && s.tags === null));
      // a stale expect refuses the whole batch
      const stale = ids.map(
        (id) => ({ op: 'sample', sampleId: id, set: { split: 'x' }, expect: { split: 'train' } }) as Edit,
      );
      await assert.rejects(
        applyEdits(pa, stale),
        (e: unknown) => e instanceof AssayError && e.code === 'CONFLICT',
      );
      assert.equal(await storeDb(pa.store).scalar("SELECT count(*) FROM samples WHERE split = 'x'"), 0);
    } finally {
      await pa.close();
      await pb.close();
    }
  });
});
