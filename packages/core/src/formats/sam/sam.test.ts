/**
 * Issue 10: Segment Anything's SA-1B layout (segment-anything's README, "Dataset": one <image>.json per
 * image = {image: {image_id, width, height, file_name}, annotations: [{id, segmentation: {size, counts}
 * (COCO RLE), bbox, area, predicted_iou, stability_score, point_coords, crop_box}]}). Written here from
 * that description. Before: "Could not tell which format"; there was no `import sam`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rleEncodeString } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { sam } from './sam-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(sam);

const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth') => sam.read({ path, source, io, lookup: emptyLookup });
const file = (name: string, annotations: unknown[]) =>
  JSON.stringify({ image: { image_id: 7, width: 4, height: 3, file_name: name }, annotations });

describe('issue 10: Segment Anything (SA-1B)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-sam-')));
    await renderImage(`${dir}/sa/sa_1.jpg`, 4, 3);
    // 3 × 4 (h × w): column 1 rows 1–2 set — column-major runs 4, 2, 6.
    const counts = rleEncodeString([4, 2, 6]);
    const mask = {
      id: 11,
      segmentation: { size: [3, 4], counts },
      bbox: [1, 1, 1, 2],
      area: 2,
      predicted_iou: 0.9,
      stability_score: 0.95,
      point_coords: [[1, 1]],
      crop_box: [0, 0, 4, 3],
    };
    await writeFile(
      `${dir}/sa/sa_1.json`,
      file('sa_1.jpg', [mask, { id: 12, segmentation: { size: [3, 4], counts: [1, 2] } }]),
    );
    await writeFile(`${dir}/sa/sa_2.json`, file('../../../etc/sa_2.jpg', []));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('every mask of class "object", sizes and ids; a file_name leaving the folder read by its name', async () => {
    assert.equal((await detectFormat(formats, `${dir}/sa`, io)).format.id, 'sam');
    assert.equal((await detectFormat(formats, `${dir}/sa/sa_1.json`, io)).format.id, 'sam');
    const r = await read(`${dir}/sa`);
    assert.deepEqual(r.classes, [{ name: 'object' }]);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.width, s.height, s.originalId]),
      [
        ['sa_1.jpg', 4, 3, 7],
        ['sa_2.jpg', 4, 3, 7],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.kind, a.label, a.bbox, a.area, a.originalId, a.score]),
      [['mask', 'object', [1, 1, 1, 2], 2, 11, undefined]],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`),
      [
        'error annotations[1] RLE counts add up to 3, not height × width = 12',
        'warning  1 file_name leaving the folder read by file name',
      ],
    );
    const p = await read(`${dir}/sa/sa_1.json`, 'prediction:sam');
    assert.equal(p.annotations[0]?.score, 0.9);
  });
});
