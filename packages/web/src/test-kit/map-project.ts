/** The map browser test's project: labelled images imported from COCO and a 2-D projection with two clusters. */
import assert from 'node:assert/strict';
import { runCli } from '@assay/cli/test-kit';
import { makeLabelledImages } from '@assay/cli/test-kit/labelled-images';
import { storeProjection } from '@assay/core/node/embeddings/embedding-store';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';

/**
 * A project in `dir` of 41 sharp-rendered images (cats and dogs) whose stored projection puts 20 points in a
 * cluster at x = −10, 20 at x = +10, and one at the exact centre of their bounding box
 * ([−10, 10.9] × [−2.5, 2.25]). Returns the left cluster's sample ids and the centre point's.
 */
export async function makeMapProject(dir: string): Promise<{ left: Set<number>; centre: number }> {
  const data = await makeLabelledImages(dir, { n: 41, classes: ['cat', 'dog'], prevalence: [0.5, 0.5] });
  for (const args of [
    ['init', '.'],
    ['import', 'coco', data.coco, '--images', data.images],
  ]) {
    const run = await runCli(args, dir);
    assert.equal(run.code, 0, run.stderr);
  }
  const left = new Set<number>();
  let centre = -1;
  const project = await openProject(dir, { command: 'test' });
  try {
    const ids = (await storeDb(project.store).all<{ id: number }>('SELECT id FROM samples ORDER BY id')).map(
      (r) => r.id,
    );
    const xy = new Float32Array(ids.length * 2);
    for (const [i, id] of ids.entries()) {
      if (i === 40) {
        centre = id;
        continue;
      }
      const side = i % 2 === 0 ? -10 : 10;
      const j = i >> 1; // 0..19 on each side: 20 distinct positions
      if (side < 0) left.add(id);
      xy[2 * i] = side + (j % 4) * 0.3;
      xy[2 * i + 1] = (j - 10) * 0.25;
    }
    xy[2 * 40] = 0.45; // the centre of the bounding box [-10, 10.9] × [-2.5, 2.25]
    xy[2 * 40 + 1] = -0.125;
    await storeProjection(project, { model: 'test', method: 'umap', sampleIds: Int32Array.from(ids), xy });
  } finally {
    await project.close();
  }
  return { left, centre };
}
