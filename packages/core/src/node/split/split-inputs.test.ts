import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeEmbeddings } from '../embeddings/embedding-store.js';
import { initProject, openProject, type Project } from '../project.js';
import { loadGroups, loadSplitSamples } from './split-inputs.js';

describe('loadGroups near-duplicates: pairs by embedding distance, as assay check finds them', () => {
  let dir: string;
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-split-emb-'));
    await initProject(dir);
    project = await openProject(dir);
    const ids = await project.store.upsertSamples(
      '.',
      ['a', 'b', 'c', 'd'].map((k) => ({ key: `${k}.jpg` })),
    );
    // b is a near copy of a (cosine distance ~5e-5, within classic's 0.01); c and d are far from all
    const rows = [
      [1, 0, 0, 0],
      [1, 0.01, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ];
    await storeEmbeddings(
      project,
      { model: 'classic', dim: 4 },
      ['a', 'b', 'c', 'd'].map((k) => ids.get(`${k}.jpg`)!),
      Float32Array.from(rows.flat()),
    );
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('groups the embedding pair even without scan metrics', async () => {
    const samples = await loadSplitSamples(project);
    const { groups, grouped, groupCount } = await loadGroups(project, samples, 'near-duplicates');
    assert.deepEqual([grouped, groupCount], [2, 1]);
    const at = (key: string) => groups[samples.findIndex((s) => s.key === key)];
    assert.equal(at('a.jpg'), at('b.jpg'));
    assert.notEqual(at('a.jpg'), at('c.jpg'));
  });
});
