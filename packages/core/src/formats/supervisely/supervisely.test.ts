/**
 * Issue 10: Supervisely's JSON format (its projects' export and Dataset Ninja's downloads). The files
 * below are written from the format's description (developer.supervisely.com, "Supervisely Annotation
 * Format"): a project folder with meta.json ({classes: [{title, shape, color, geometry_config}], tags})
 * and one folder per dataset holding ann/<image name>.json and img/<image name>; an annotation is
 * {description, tags, size: {height, width}, objects: [{geometryType, classTitle, tags, points:
 * {exterior, interior} | bitmap: {data, origin} | nodes}]}, a bitmap's data being a base64 zlib-compressed
 * PNG of the mask's box (Supervisely writes a palette PNG with index 0 transparent). Before: "Could not
 * tell which format", and `import supervisely` did not exist.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { rleCounts } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { supervisely } from './supervisely-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(supervisely);

const io = createNodeFormatIO();
const read = (path: string) => supervisely.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]); // the reader does not check CRCs
}

/** A palette PNG of 0/1 rows, as Supervisely's Bitmap.data_2_base64 writes it, base64 of its zlib. */
function bitmapData(rows: number[][]): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE((rows[0] ?? []).length, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  const raw = Buffer.concat(
    rows.map((r) => Buffer.from([1, ...r.map((v, i) => (i === 0 ? v : v - (r[i - 1] ?? 0)) & 255)])),
  );
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from([0, 0, 0, 255, 255, 255])),
    chunk('tRNS', Buffer.from([0])),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return deflateSync(png).toString('base64');
}

/** An 8 × 8 palette PNG whose IDAT inflates to 10 MB of zeros (far more than 8 rows need). */
function bombData(): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(10_000_000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return deflateSync(png).toString('base64');
}

const meta = {
  classes: [
    { title: 'person', shape: 'bitmap', color: '#FF0000', geometry_config: {} },
    { title: 'bike', shape: 'rectangle', color: '#00FF00', geometry_config: {} },
    {
      title: 'face',
      shape: 'graph',
      color: '#0000FF',
      geometry_config: {
        nodes: { n1: { label: 'nose', loc: [0, 0] }, n2: { label: 'eye', loc: [1, 1] } },
        edges: [],
      },
    },
  ],
  tags: [{ name: 'like', value_type: 'none', color: '#FFFFFF' }],
  projectType: 'images',
};

const object = (geometryType: string, classTitle: string, rest: object) => ({
  id: 1,
  classId: 2,
  description: '',
  geometryType,
  labelerLogin: 'someone',
  createdAt: '2021-02-10T08:36:33.898Z',
  tags: [],
  classTitle,
  ...rest,
});

describe('issue 10: Supervisely JSON', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-sly-')));
    for (const ds of ['train', 'val']) {
      await mkdir(`${dir}/proj/${ds}/ann`, { recursive: true });
      await mkdir(`${dir}/proj/${ds}/img`, { recursive: true });
    }
    await writeFile(`${dir}/proj/meta.json`, JSON.stringify(meta));
    const objects = [
      object('bitmap', 'person', {
        bitmap: {
          data: bitmapData([
            [0, 1, 1],
            [1, 1, 1],
          ]),
          origin: [5, 6],
        },
      }),
      object('rectangle', 'bike', {
        tags: [
          { name: 'color', value: 'red' },
          { name: 'occluded', value: null },
        ],
        points: {
          exterior: [
            [9, 11],
            [0, 2],
          ],
          interior: [],
        },
      }),
      object('polygon', 'bike', {
        points: {
          exterior: [
            [1, 1],
            [8, 1],
            [8, 8],
          ],
          interior: [
            [
              [2, 2],
              [3, 2],
              [3, 3],
            ],
          ],
        },
      }),
      object('graph', 'face', { nodes: { n2: { loc: [5, 6], disabled: true }, n1: { loc: [3, 4] } } }),
      object('line', 'bike', {
        points: {
          exterior: [
            [0, 0],
            [4, 3],
          ],
          interior: [],
        },
      }),
      object('cuboid', 'bike', { points: {} }),
      object('bitmap', 'person', {
        bitmap: {
          data: bitmapData([
            [1, 1],
            [1, 1],
          ]),
          origin: [29, 19],
        },
      }),
    ];
    await writeFile(
      `${dir}/proj/train/ann/a.jpg.json`,
      JSON.stringify({
        description: '',
        tags: [
          { name: 'like', value: null },
          { name: 'situated', value: 'outside' },
        ],
        size: { height: 20, width: 30 },
        objects,
      }),
    );
    await writeFile(
      `${dir}/proj/val/ann/b.png.json`,
      JSON.stringify({
        size: { height: 20, width: 30 },
        tags: [],
        objects: [object('point', 'face', { points: { exterior: [[1, 2]], interior: [] } })],
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a project: every geometry, its splits, tags and meta.json classes', async () => {
    const r = await read(`${dir}/proj`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['person', 'bike', 'face'],
    );
    assert.deepEqual(r.classes[2]?.keypoints, ['nose', 'eye']);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height, s.tags]),
      [
        ['train/img/a.jpg', 'train', 30, 20, ['like', 'situated:outside']],
        ['val/img/b.png', 'val', 30, 20, undefined],
      ],
    );
    const a = r.annotations.filter((x) => x.sample === 'train/img/a.jpg');
    const [mask, box, polygon, graph, line, edge] = a;
    assert.equal(mask?.kind, 'mask');
    assert.deepEqual(mask?.bbox, [5, 6, 3, 2]);
    assert.equal(mask?.area, 5);
    // Column-major over the 30×20 image: column 5 has (5,7) set only; columns 6 and 7 rows 6–7.
    assert.deepEqual(rleCounts(mask?.mask ?? { size: [0, 0], counts: [] }).slice(0, 4), [
      5 * 20 + 7,
      1,
      12 + 6,
      2,
    ]);
    // A rectangle from corner to corner, either order (width = right − left, as Supervisely's COCO export).
    assert.deepEqual(
      [box?.kind, box?.bbox, box?.attributes],
      ['bbox', [0, 2, 9, 9], { color: 'red', occluded: true }],
    );
    assert.deepEqual(
      [polygon?.kind, polygon?.points, polygon?.bbox],
      ['polygon', [[1, 1, 8, 1, 8, 8]], [1, 1, 7, 7]],
    );
    // Keypoints in meta.json's node order (nose, eye), a disabled node hidden (v = 1).
    assert.deepEqual(graph?.keypoints, [3, 4, 2, 5, 6, 1]);
    assert.deepEqual([line?.kind, line?.points], ['polyline', [[0, 0, 4, 3]]]);
    // A bitmap reaching past the image's edge is cropped to it.
    assert.deepEqual([edge?.kind, edge?.bbox, edge?.area], ['mask', [29, 19, 1, 1], 1]);
    assert.equal(a.length, 6);
    // A point among a class of graphs: padded to the class's points.
    const b = r.annotations.find((x) => x.sample === 'val/img/b.png');
    assert.deepEqual(b?.keypoints, [1, 2, 2, 0, 0, 0]);
    const said = r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`);
    assert.ok(
      said.some((s) => /error objects\[5\] geometryType "cuboid" is not one Assay reads/.test(s)),
      said.join('\n'),
    );
    assert.ok(
      said.some((s) => /1 polygon with holes read without them/.test(s)),
      said.join('\n'),
    );
    assert.ok(
      said.some((s) => /1 bitmap reaching past the image's edge cropped/.test(s)),
      said.join('\n'),
    );
  });

  it('is detected from the project, a dataset, its ann/ folder and one file; a dataset finds meta.json above', async () => {
    for (const path of [
      `${dir}/proj`,
      `${dir}/proj/train`,
      `${dir}/proj/train/ann`,
      `${dir}/proj/train/ann/a.jpg.json`,
    ]) {
      const found = await detectFormat(formats, path, io);
      assert.equal(found.format.id, 'supervisely', path);
    }
    const one = await read(`${dir}/proj/train/ann/a.jpg.json`);
    assert.deepEqual(
      one.samples.map((s) => s.key),
      ['img/a.jpg'],
    );
    assert.deepEqual(one.classes[2]?.keypoints, ['nose', 'eye']);
    const ann = await read(`${dir}/proj/train/ann`);
    assert.deepEqual(
      ann.samples.map((s) => s.key),
      ['img/a.jpg'],
    );
  });

  it('a damaged bitmap or a file that is not Supervisely’s is named, not a crash', async () => {
    await mkdir(`${dir}/bad/ds/ann`, { recursive: true });
    await writeFile(
      `${dir}/bad/ds/ann/x.jpg.json`,
      JSON.stringify({
        size: { height: 4, width: 4 },
        objects: [
          object('bitmap', 'm', { bitmap: { data: 'bm90IHpsaWI=', origin: [0, 0] } }),
          object('bitmap', 'm', {
            bitmap: { data: deflateSync(Buffer.from('not a png')).toString('base64'), origin: [0, 0] },
          }),
          object('rectangle', 'r', { points: { exterior: 'no' } }),
          'text',
          // A decompression bomb: an 8 × 8 PNG whose image data inflates to 10 MB.
          object('bitmap', 'm', { bitmap: { data: bombData(), origin: [0, 0] } }),
        ],
      }),
    );
    await writeFile(`${dir}/bad/ds/ann/y.jpg.json`, '{"objects": [');
    const r = await read(`${dir}/bad/ds`);
    const said = r.problems.map((p) => `${p.file.slice(dir.length)} ${p.record ?? ''}: ${p.reason}`);
    assert.deepEqual(said, [
      '/bad/ds/ann/x.jpg.json objects[0]: "bitmap.data" is not zlib-compressed data (Supervisely compresses the PNG)',
      '/bad/ds/ann/x.jpg.json objects[1]: "bitmap.data": not a PNG (its first bytes are not the PNG signature)',
      '/bad/ds/ann/x.jpg.json objects[2]: "points.exterior" is not a list: "no"',
      '/bad/ds/ann/x.jpg.json objects[3]: not an object: "text"',
      '/bad/ds/ann/x.jpg.json objects[4]: "bitmap.data": the PNG’s image data inflates to more than its size needs (damaged or hostile)',
      said[5] as string,
    ]);
    assert.match(said[5] as string, /^\/bad\/ds\/ann\/y\.jpg\.json : .*JSON/);
  });
});
