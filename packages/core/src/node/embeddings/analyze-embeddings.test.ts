import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { initProject, openProject, type Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { analyzeEmbeddings } from './analyze-embeddings.js';
import { loadProjection, storeEmbeddings } from './embedding-store.js';

describe('analyzeEmbeddings: k-NN scores, outlier issues, seeded UMAP', () => {
  let dir: string;
  let project: Project;
  let ids: number[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-analyze-'));
    await initProject(dir);
    project = await openProject(dir);
    const map = await project.store.upsertSamples(
      '.',
      Array.from({ length: 41 }, (_, i) => ({ key: `s${String(i).padStart(2, '0')}.jpg` })),
    );
    ids = [...map.values()].sort((a, b) => a - b);
    // two tight clusters of 20 around two directions, and one sample pointing elsewhere
    const random = mulberry32(5);
    const dim = 16;
    const data = new Float32Array(41 * dim);
    for (let i = 0; i < 41; i++) {
      const axis = i < 20 ? 0 : i < 40 ? 1 : 7;
      for (let j = 0; j < dim; j++) data[i * dim + j] = (j === axis ? 1 : 0) + (random() - 0.5) * 0.1;
    }
    await storeEmbeddings(project, { model: 'm', dim }, ids, data);
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('flags the lone sample, stores scores and the same projection for the same seed', async () => {
    const summary = await analyzeEmbeddings(project, { model: 'm', k: 5, seed: 7 });
    assert.equal(summary.samples, 41);
    assert.equal(summary.outliers, 1);
    const issues = (await project.store.listIssues()).filter((i) => i.type === 'outlier');
    assert.deepEqual(
      issues.map((i) => i.sampleId),
      [ids[40]],
    );
    assert.match(issues[0]?.reason ?? '', /s40\.jpg is far from every other sample in m embedding space/);
    const scores = await storeDb(project.store).all<{
      sample_id: number;
      outlier: number;
      uniqueness: number;
    }>('SELECT sample_id, outlier, uniqueness FROM embedding_scores WHERE model = ? ORDER BY outlier DESC', [
      'm',
    ]);
    assert.equal(scores.length, 41);
    assert.equal(scores[0]?.sample_id, ids[40]);
    assert.ok(Math.abs((scores[0]?.uniqueness ?? 0) - 1) < 1e-6);
    const first = await loadProjection(project, 'm');
    assert.equal(first?.xy.length, 82);
    assert.ok(first?.xy.every((v) => Number.isFinite(v)));
    await analyzeEmbeddings(project, { model: 'm', k: 5, seed: 7 });
    const again = await loadProjection(project, 'm');
    assert.deepEqual([...(again?.xy ?? [])], [...(first?.xy ?? [])]);
  });

  it('past maxProjected lays out seeded landmarks and places the rest beside their neighbours', async () => {
    const summary = await analyzeEmbeddings(project, { model: 'm', k: 5, seed: 7, maxProjected: 12 });
    assert.equal(summary.projected, 41);
    assert.equal(summary.landmarks, 12);
    const p = await loadProjection(project, 'm');
    assert.equal(p?.sampleIds.length, 41);
    // each cluster's 20 samples sit closer to their own cluster's centre than to the other's
    const centre = (from: number, to: number) => {
      let [x, y] = [0, 0];
      for (let i = from; i < to; i++)
        [x, y] = [x + p!.xy[2 * i]! / (to - from), y + p!.xy[2 * i + 1]! / (to - from)];
      return [x, y] as const;
    };
    const [a, b] = [centre(0, 20), centre(20, 40)];
    const d = (i: number, c: readonly [number, number]) =>
      Math.hypot(p!.xy[2 * i]! - c[0], p!.xy[2 * i + 1]! - c[1]);
    for (let i = 0; i < 40; i++) assert.ok(i < 20 ? d(i, a) < d(i, b) : d(i, b) < d(i, a), `sample ${i}`);
  });

  it('reports its stages with counts, and stops with INTERRUPTED when the signal aborts', async () => {
    const seen: string[] = [];
    await analyzeEmbeddings(project, {
      model: 'm',
      k: 5,
      seed: 7,
      onStage: (stage, done, total) => {
        if (done === total && total > 0) seen.push(`${stage} ${total}`);
      },
    });
    assert.deepEqual(seen, ['loading vectors 41', 'k-NN search 41', 'UMAP 500']);
    const controller = new AbortController();
    const before = await loadProjection(project, 'm');
    await assert.rejects(
      analyzeEmbeddings(project, {
        model: 'm',
        k: 5,
        seed: 8,
        signal: controller.signal,
        onStage: (stage, done) => {
          if (stage === 'UMAP' && done > 0) controller.abort();
        },
      }),
      (e: unknown) => e instanceof AssayError && e.code === 'INTERRUPTED',
    );
    // the map is the one before; the run is marked interrupted
    assert.deepEqual([...((await loadProjection(project, 'm'))?.xy ?? [])], [...(before?.xy ?? [])]);
    const runs = await storeDb(project.store).all<{ status: string }>(
      "SELECT status FROM runs WHERE kind = 'embed-analysis' ORDER BY id DESC LIMIT 1",
    );
    assert.equal(runs[0]?.status, 'interrupted');
  });
});
