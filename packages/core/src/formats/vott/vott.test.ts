/**
 * Issue 10: VoTT (microsoft/VoTT v2) JSON. The files below are written from VoTT's models
 * (src/models/applicationState.ts: IAssetMetadata {asset: {id, format, state, type, name, path, size
 * {width, height}}, regions: [{id, type, tags, points [{x, y}], boundingBox {height, width, left,
 * top}}], version}) and its "VoTT JSON" export provider (src/providers/export/vottJson.ts: the project
 * with `assets` keyed by asset id, written to vott-json-export/<project>-export.json, the images beside
 * it), and the project folder's per-asset `<id>-asset.json` files. Before: "Could not tell which
 * format" for both.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { vott } from './vott-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(vott);

const io = createNodeFormatIO();
const read = (path: string) => vott.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

const asset = (id: string, name: string, regions: object[], type = 1, more: object = {}) => ({
  asset: {
    format: 'jpg',
    id,
    name,
    path: `file:C:/data/${name}`,
    size: { width: 40, height: 30 },
    state: 2,
    type,
    ...more,
  },
  regions,
  version: '2.2.0',
});
const corners = (l: number, t: number, w: number, h: number) => [
  { x: l, y: t },
  { x: l + w, y: t },
  { x: l + w, y: t + h },
  { x: l, y: t + h },
];
const rect = (tags: string[], l: number, t: number, w: number, h: number) => ({
  id: `r${l}`,
  type: 'RECTANGLE',
  tags,
  boundingBox: { height: h, width: w, left: l, top: t },
  points: corners(l, t, w, h),
});

const assets2 = {
  format: 'jpg',
  id: 'id2',
  name: 'b.jpg',
  path: 'file:C:/data/b.jpg',
  size: { width: 40, height: 30 },
  state: 1,
  type: 1,
};

describe('issue 10: VoTT JSON', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-vott-')));
    const out = `${dir}/target/vott-json-export`;
    await mkdir(out, { recursive: true });
    await renderImage(`${out}/a.jpg`, 40, 30);
    await renderImage(`${out}/b.jpg`, 40, 30);
    await renderImage(`${out}/clip.mp4#t=2.033333.jpg`, 40, 30);
    const assets = {
      id1: asset('id1', 'a.jpg', [
        rect(['cat', 'pet'], 2, 3, 10, 5),
        {
          id: 'p',
          type: 'POLYGON',
          tags: ['cat'],
          boundingBox: { height: 6, width: 4, left: 1, top: 1 },
          points: [
            { x: 1, y: 1 },
            { x: 5, y: 1 },
            { x: 3, y: 7 },
          ],
        },
        {
          id: 'q',
          type: 'POINT',
          tags: ['eye'],
          boundingBox: { height: 0, width: 0, left: 9, top: 8 },
          points: [{ x: 9, y: 8 }],
        },
        rect([], 0, 0, 1, 1),
        {
          id: 'bad',
          type: 'RECTANGLE',
          tags: ['cat'],
          boundingBox: { height: 'x', width: 1, left: 0, top: 0 },
        },
      ]),
      id2: asset('id2', 'b.jpg', []),
      // A video's frames (type 3): exported with their images, VoTT appends .jpg to the name it writes.
      id3: asset('id3', 'clip.mp4#t=2.033333.jpg', [rect(['cat'], 0, 0, 2, 2)], 3, {
        timestamp: 2.033333,
        parent: { id: 'v', name: 'clip.mp4', path: 'file:C:/data/clip.mp4', type: 2 },
      }),
      id5: asset('id5', 'clip.mp4#t=4', [rect(['dog'], 1, 1, 2, 2)], 3, { timestamp: 4 }),
      id6: asset('id6', 'clip.mp4', [], 2),
      id4: asset('id4', '../../etc/x.jpg', [rect(['cat'], 0, 0, 2, 2)]),
    };
    await writeFile(
      `${out}/My-Project-export.json`,
      JSON.stringify(
        {
          name: 'My Project',
          securityToken: 'My Project Token',
          videoSettings: { frameExtractionRate: 15 },
          tags: [
            { name: 'dog', color: '#e81123' },
            { name: 'cat', color: '#5db300' },
          ],
          id: 'P1',
          activeLearningSettings: { autoDetect: false, predictTag: true, modelPathType: 'coco' },
          version: '2.2.0',
          lastVisitedAssetId: 'id1',
          assets,
        },
        null,
        4,
      ),
    );
    // The project folder: one <id>-asset.json per visited asset beside the .vott project.
    await writeFile(`${dir}/target/id1-asset.json`, JSON.stringify(assets.id1));
    await writeFile(`${dir}/target/id2-asset.json`, JSON.stringify(assets.id2));
    await writeFile(
      `${dir}/target/My Project.vott`,
      JSON.stringify({ name: 'My Project', tags: [{ name: 'dog', color: '#fff' }] }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('the export: one annotation per tag of each region, declared tags as classes', async () => {
    for (const p of [
      `${dir}/target/vott-json-export`,
      `${dir}/target/vott-json-export/My-Project-export.json`,
    ])
      assert.equal((await detectFormat(formats, p, io)).format.id, 'vott', p);
    const r = await read(`${dir}/target/vott-json-export`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['dog', 'cat', 'pet', 'eye'],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.width, s.height, s.originalId]),
      [
        ['a.jpg', 40, 30, 'id1'],
        ['b.jpg', 40, 30, 'id2'],
        ['clip.mp4#t=2.033333.jpg', 40, 30, 'id3'],
        ['clip.mp4#t=4.jpg', 40, 30, 'id5'],
      ],
    );
    assert.deepEqual(r.samples[2]?.metadata, { video: 'clip.mp4', timestamp: 2.033333 });
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.kind, a.bbox, a.points ?? a.keypoints]),
      [
        ['cat', 'bbox', [2, 3, 10, 5], undefined],
        ['pet', 'bbox', [2, 3, 10, 5], undefined],
        ['cat', 'polygon', [1, 1, 4, 6], [[1, 1, 5, 1, 3, 7]]],
        ['eye', 'keypoints', [9, 8, 0, 0], [9, 8, 2]],
        ['cat', 'bbox', [0, 0, 2, 2], undefined],
        ['dog', 'bbox', [1, 1, 2, 2], undefined],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`),
      [
        'error assets["id1"] regions[4] "boundingBox" is not {left, top, width, height} numbers: {"height":"x","width":1,"left":0,"top":0}',
        `error assets["id4"] asset name "../../etc/x.jpg" climbs out of ${dir}/target/vott-json-export`,
        'warning  1 region without a tag not read (Assay needs a class)',
        "warning  1 video or TFRecord asset not read: Assay reads images (a video's tagged frames are assets of their own)",
        `warning  1 asset with no image file of its name in ${dir}/target/vott-json-export`,
      ],
    );
    assert.ok(
      r.notes?.includes(
        '2 video frames read as their images, <video>#t=<seconds>.jpg as VoTT exports them (video and timestamp as metadata)',
      ),
    );
  });

  it('the project folder’s asset files, with the .vott project’s tags; not VoTT: a clear error', async () => {
    // A damaged asset file skips its image, not the import.
    await writeFile(`${dir}/target/id9-asset.json`, '{"asset": {"name": "c.jpg"}, "regions": [');
    const found = await detectFormat(formats, `${dir}/target`, io);
    assert.equal(found.format.id, 'vott');
    assert.match(found.detection.reason, /3 VoTT asset files/);
    const r = await read(`${dir}/target`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['dog', 'cat', 'pet', 'eye'],
    );
    assert.equal(r.annotations.length, 4);
    assert.ok(r.problems.some((p) => /2 assets with no image file of their name/.test(p.reason)));
    assert.ok(
      r.problems.some(
        (p) => p.file === `${dir}/target/id9-asset.json` && /^is not valid JSON/.test(p.reason),
      ),
    );
    // The .vott project itself names the asset files beside it.
    const project = `${dir}/target/My Project.vott`;
    assert.equal((await detectFormat(formats, project, io)).format.id, 'vott');
    assert.equal((await read(project)).annotations.length, 4);
    // A project's own `assets` (no regions, as the .vott file keeps them) are samples without annotations.
    await mkdir(`${dir}/project-json`, { recursive: true });
    await writeFile(
      `${dir}/project-json/P-export.json`,
      JSON.stringify({
        name: 'P',
        videoSettings: { frameExtractionRate: 15 },
        tags: [],
        assets: { id2: assets2 },
      }),
    );
    const bare = await read(`${dir}/project-json`);
    assert.deepEqual(
      bare.samples.map((s) => [s.key, s.width]),
      [['b.jpg', 40]],
    );
    assert.equal(bare.problems.filter((p) => p.severity === 'error').length, 0);
    await writeFile(`${dir}/other.json`, JSON.stringify({ images: [], annotations: [] }));
    await assert.rejects(read(`${dir}/other.json`), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.match(e.message, /is not a VoTT export or asset file/);
      return true;
    });
  });
});
