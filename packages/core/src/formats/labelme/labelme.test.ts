/**
 * Issue 10: LabelMe JSON (wkentaro/labelme). The files below are written from LabelMe's layout as its
 * examples/ and labelme/_label_file.py give it: one JSON per image with version, flags, shapes
 * ({label, points [[x, y], ...], group_id, description, shape_type, flags, mask}), imagePath (relative to
 * the JSON, read by LabelMe as a Windows path: PureWindowsPath(imagePath).as_posix()), imageData (base64
 * or null), imageHeight, imageWidth. Geometry as labelme/_utils/shape.py draws it: a rectangle spans its
 * two points (either order), a circle is centred on its first point through its second.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32, inflateSync } from 'node:zlib';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { greyPng } from '../../test-kit/png-file.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { rleFromBoxBits } from '../cvat/cvat-mask.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { labelMe } from './labelme-format.js';

describeConformance(labelMe);

const io = createNodeFormatIO();
const read = (path: string, images?: string) =>
  labelMe.read({ path, ...(images ? { images } : {}), source: 'ground_truth', io, lookup: emptyLookup });

const shape = (shape_type: string | null, label: string, points: unknown[][], extra: object = {}) => ({
  label,
  points,
  group_id: null,
  description: '',
  shape_type,
  flags: {},
  mask: null,
  ...extra,
});
const file = (imagePath: string, shapes: object[], extra: object = {}) =>
  JSON.stringify({
    version: '5.7.0',
    flags: {},
    shapes,
    imagePath,
    imageData: null,
    imageHeight: 48,
    imageWidth: 64,
    ...extra,
  });

describe('issue 10: LabelMe JSON', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-labelme-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('mask shapes: the base64 PNG placed at the first point, as labelme ≥ 5.3 writes it', async () => {
    const root = `${dir}/masks`;
    await mkdir(root, { recursive: true });
    await renderImage(`${root}/m.jpg`, 64, 48);
    // A 4×3 patch: an L of 4 pixels. labelme's primitives.json has fractional points (x 417.39…).
    const patch = greyPng([
      [255, 0, 0, 0],
      [255, 0, 0, 0],
      [255, 255, 0, 0],
    ]).toString('base64');
    // Whole-pixel points crop the patch to x2 − x1 + 1 by y2 − y1 + 1 (here 2×2: 3 of the L's pixels).
    const wide = greyPng([
      [0, 9, 9, 9],
      [9, 9, 9, 9],
      [9, 9, 9, 9],
    ]).toString('base64');
    await writeFile(
      `${root}/m.json`,
      file('m.jpg', [
        shape(
          'mask',
          'bar',
          [
            [10.4, 20.3],
            [13.4, 22.3],
          ],
          { mask: patch },
        ),
        shape(
          'mask',
          'crop',
          [
            [5, 5],
            [6, 6],
          ],
          { mask: wide },
        ),
        shape(
          'mask',
          'edge',
          [
            [62, 46],
            [65, 48],
          ],
          { mask: patch },
        ),
      ]),
    );
    const r = await read(root);
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.kind, a.bbox, a.area]),
      [
        ['bar', 'mask', [10, 20, 2, 3], 4],
        ['crop', 'mask', [5, 5, 2, 2], 3],
        ['edge', 'mask', [62, 46, 1, 2], 2],
      ],
    );
    assert.deepEqual(r.annotations[0]?.mask?.size, [48, 64]);
    assert.deepEqual(
      r.problems.map((p) => p.reason),
      ["1 mask shape past the image's edge: cropped to the image"],
    );
  });

  it('every shape type LabelMe writes, as examples/primitives/primitives.json has them', async () => {
    const root = `${dir}/primitives`;
    await renderImage(`${root}/p.jpg`, 64, 48);
    await writeFile(
      `${root}/p.json`,
      file('p.jpg', [
        shape('rectangle', 'box', [
          [32, 35],
          [12, 5],
        ]), // corners in either order
        shape('circle', 'ball', [
          [20, 20],
          [20, 30],
        ]), // centre (20, 20), radius 10
        shape(
          'polygon',
          'roof',
          [
            [1, 2],
            [10, 2],
            [5, 9],
          ],
          { group_id: 3, description: 'tiles' },
        ),
        shape('line', 'wire', [
          [0, 0],
          [8, 6],
        ]),
        shape('linestrip', 'road', [
          [0, 40],
          [10, 30],
          [20, 40],
        ]),
        shape('point', 'nose', [[7.5, 8.25]]),
        shape(null, 'old', [
          [0, 0],
          [4, 0],
          [4, 4],
        ]), // LabelMe 3.x: no shape_type is a polygon
        shape(
          'mask',
          'blob',
          [
            [2, 3],
            [12, 13],
          ],
          { mask: 'iVBORw0KGgo=' },
        ),
      ]),
    );
    const r = await read(root);
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.kind, a.bbox?.map((v) => Math.round(v * 1000) / 1000)]),
      [
        ['box', 'bbox', [12, 5, 20, 30]],
        ['ball', 'polygon', [10, 10, 20, 20]],
        ['roof', 'polygon', [1, 2, 9, 7]],
        ['wire', 'polyline', [0, 0, 8, 6]],
        ['road', 'polyline', [0, 30, 20, 10]],
        ['nose', 'keypoints', [7.5, 8.25, 0, 0]],
        ['old', 'polygon', [0, 0, 4, 4]],
        ['blob', 'bbox', [2, 3, 10, 10]],
      ],
    );
    const ball = r.annotations[1];
    assert.equal(ball?.points?.[0]?.length, 64);
    assert.ok(Math.abs((ball?.area ?? 0) - Math.PI * 100) < 1e-9, 'the circle’s area π·10²');
    assert.deepEqual(r.annotations[2]?.attributes, { group_id: 3, description: 'tiles' });
    assert.deepEqual(r.annotations[5]?.keypoints, [7.5, 8.25, 2]);
    assert.deepEqual(r.samples, [{ key: 'p.jpg', kind: 'image', width: 64, height: 48 }]);
    assert.deepEqual(
      r.problems.map((p) => [p.severity, p.reason]),
      [
        [
          'warning',
          "1 circle read as polygons of 32 points (box and area: the circle's own; attribute shape=circle)",
        ],
        [
          'warning',
          '1 mask shape read as its box: the mask PNG could not be read (p.json shapes[7]: "mask": the PNG has no valid header (IHDR))',
        ],
      ],
    );
  });

  it('a circle read as a polygon is written back as the LabelMe circle it was', async () => {
    const root = `${dir}/circle`;
    await renderImage(`${root}/c.jpg`, 64, 48);
    await writeFile(
      `${root}/c.json`,
      file('c.jpg', [
        shape('circle', 'ball', [
          [20, 20],
          [20, 30],
        ]),
      ]),
    );
    const r = await read(root);
    await labelMe.write!({ dataset: r, imagesRoot: r.imagesRoot, outDir: `${dir}/circle-out`, io });
    const written = JSON.parse(await readFile(`${dir}/circle-out/c.json`, 'utf8'));
    assert.deepEqual(
      written.shapes.map((s: { shape_type: string; points: number[][]; attributes?: object }) => [
        s.shape_type,
        s.points,
        s.attributes,
      ]),
      [
        [
          'circle',
          [
            [20, 20],
            [30, 20],
          ],
          undefined,
        ],
      ],
    );
  });

  it('a rectangle is the box labelme2voc.py writes for it (examples/bbox_detection, 2011_000003)', async () => {
    const root = `${dir}/voc-check`;
    await mkdir(root, { recursive: true });
    // data_annotated/2011_000003.json's first shape; labelme's data_dataset_voc/Annotations/2011_000003.xml
    // gives it <xmin>191.0</xmin><ymin>107.36900369003689</ymin><xmax>313.0</xmax><ymax>329.36900369003695</ymax>.
    await writeFile(
      `${root}/2011_000003.json`,
      file('2011_000003.jpg', [
        shape('rectangle', 'person', [
          [191.0, 107.36900369003689],
          [313.0, 329.36900369003695],
        ]),
      ]),
    );
    const [a] = (await read(root)).annotations;
    assert.deepEqual(a?.bbox?.slice(0, 2), [191, 107.36900369003689]);
    assert.ok(
      Math.abs((a?.bbox?.[2] ?? 0) - (313 - 191)) < 1e-9 && Math.abs((a?.bbox?.[3] ?? 0) - 222) < 1e-9,
    );
  });

  it('X-AnyLabeling’s LabelMe files: a turned box (rotation) is a polygon, difficult an attribute, score kept', async () => {
    const root = `${dir}/xany`;
    await mkdir(root, { recursive: true });
    await writeFile(
      `${root}/x.json`,
      file('x.jpg', [
        shape(
          'rotation',
          'ship',
          [
            [10, 0],
            [20, 10],
            [10, 20],
            [0, 10],
          ],
          { difficult: true, score: 0.75, attributes: {}, direction: 0.785 },
        ),
      ]),
    );
    const [a] = (await read(root)).annotations;
    assert.deepEqual(
      [a?.kind, a?.bbox, a?.score, a?.attributes],
      ['polygon', [0, 0, 20, 20], 0.75, { difficult: true }],
    );
  });

  it('annotations/ apart from images/, imagePath "..\\\\images\\\\x.jpg": keys from the folder holding both; detected', async () => {
    const root = `${dir}/apart`;
    await renderImage(`${root}/images/a.jpg`, 64, 48);
    await renderImage(`${root}/images/sub/b.jpg`, 64, 48);
    await mkdir(`${root}/annotations`, { recursive: true });
    await writeFile(
      `${root}/annotations/a.json`,
      file('..\\images\\a.jpg', [
        shape('rectangle', 'cat', [
          [1, 2],
          [3, 4],
        ]),
      ]),
    );
    await writeFile(
      `${root}/annotations/b.json`,
      file('..\\images\\sub\\b.jpg', [], { flags: { __ignore__: false, dog: true, cat: false } }),
    );
    const detected = await detectFormat(formats, `${root}/annotations`, io);
    assert.equal(detected.format.id, 'labelme', detected.detection.reason);
    const r = await read(`${root}/annotations`);
    assert.equal(r.imagesRoot, `${root}/images`);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.kind, a.label]),
      [
        ['a.jpg', 'bbox', 'cat'],
        ['sub/b.jpg', 'classification', 'dog'],
      ],
    );
  });

  it('an imagePath climbing past the dataset folder does not make that far folder a media root', async () => {
    // "../../../../etc/hostname" made /etc the project's images root (scan then opened /etc/hostname)
    const root = `${dir}/climb/ds`;
    await mkdir(root, { recursive: true });
    const climb = '../'.repeat(root.split('/').length + 1);
    await writeFile(
      `${root}/a.json`,
      file(`${climb}etc/hostname`, [
        shape('rectangle', 'cat', [
          [1, 1],
          [5, 5],
        ]),
      ]),
    );
    const r = await read(root);
    assert.equal(r.imagesRoot, root);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['hostname'],
    );
    assert.match(
      r.problems.map((p) => p.reason).join('\n'),
      /1 image path lies outside the dataset's folder/,
    );
  });

  it('bad shapes and files are problems naming the file and shape; a file that is not LabelMe is an AssayError', async () => {
    const root = `${dir}/bad`;
    await mkdir(root, { recursive: true });
    await writeFile(
      `${root}/a.json`,
      file('a.jpg', [
        shape('rectangle', 'cat', [[1, 2]]),
        shape('ellipse', 'cat', [
          [1, 2],
          [3, 4],
        ]),
        shape('polygon', '', [
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
        shape('polygon', 'cat', [[1, 'two']]),
      ]),
    );
    await writeFile(`${root}/b.json`, '{"shapes": [');
    const r = await read(root);
    assert.deepEqual(
      r.problems.map((p) => [p.file.slice(root.length + 1), p.record, p.reason]),
      [
        ['b.json', undefined, r.problems[0]?.reason],
        ['a.json', 'shapes[0]', 'a rectangle has 2 points, this one 1'],
        [
          'a.json',
          'shapes[1]',
          'shape_type "ellipse" is not one LabelMe writes (polygon, rectangle, oriented_rectangle, circle, line, linestrip, point, points, mask)',
        ],
        ['a.json', 'shapes[2]', '"label" is not a non-empty string: ""'],
        ['a.json', 'shapes[3]', '"points" holds [1,"two"], not an [x, y] pair of numbers'],
      ],
    );
    assert.match(r.problems[0]?.reason ?? '', /not valid JSON at line 1, column 13/);
    await writeFile(`${dir}/coco.json`, '{"images": [], "annotations": []}');
    await assert.rejects(
      read(`${dir}/coco.json`),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
    );
  });

  it('the writer: a rectangle from the box corners, flags for image-level labels, imagePath beside the JSON', async () => {
    await renderImage(`${dir}/w-src/sub/p.png`, 50, 40);
    const w = await labelMe.write!({
      dataset: {
        classes: [{ name: 'cat' }],
        samples: [{ key: 'sub/p.png', width: 50, height: 40 }],
        annotations: [
          {
            sample: 'sub/p.png',
            source: 'ground_truth',
            kind: 'bbox',
            label: 'cat',
            bbox: [10, 4, 20, 8],
            attributes: { color: 'red' },
          },
          { sample: 'sub/p.png', source: 'ground_truth', kind: 'classification', label: 'indoor' },
        ],
      },
      imagesRoot: `${dir}/w-src`,
      outDir: `${dir}/w-out`,
      io,
    });
    assert.equal(w.annotations, 2);
    assert.deepEqual(JSON.parse(await readFile(`${dir}/w-out/sub/p.json`, 'utf8')), {
      version: '5.5.0',
      flags: { indoor: true },
      shapes: [
        {
          label: 'cat',
          group_id: null,
          description: '',
          flags: {},
          mask: null,
          attributes: { color: 'red' },
          shape_type: 'rectangle',
          points: [
            [10, 4],
            [30, 12],
          ],
        },
      ],
      imagePath: 'p.png',
      imageData: null,
      imageHeight: 40,
      imageWidth: 50,
    });
  });

  it('the writer: a mask as labelme writes a mask shape (its tight box, a 0/1 greyscale PNG of it)', async () => {
    // An L of 4 pixels in a 3×3 box at (5, 2) of a 12×10 image.
    const bits = Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 1, 0]);
    const mask = rleFromBoxBits(bits, { left: 5, top: 2, width: 3, height: 3 }, 12, 10);
    const out = `${dir}/wm-out`;
    const w = await labelMe.write!({
      dataset: {
        classes: [{ name: 'ell' }],
        samples: [{ key: 'm.png', width: 12, height: 10 }],
        annotations: [
          {
            sample: 'm.png',
            source: 'ground_truth',
            kind: 'mask',
            label: 'ell',
            bbox: [5, 2, 2, 3],
            mask,
            area: 4,
          },
        ],
      },
      imagesRoot: `${dir}/wm-src`,
      outDir: out,
      io,
    });
    assert.equal(w.annotations, 1);
    const written = JSON.parse(await readFile(`${out}/m.json`, 'utf8'));
    const s = written.shapes[0];
    assert.equal(s.shape_type, 'mask');
    assert.deepEqual(s.points, [
      [5, 2],
      [6, 4],
    ]);
    // The PNG as PIL reads it: every chunk's CRC right, 8-bit greyscale, 2×3, pixels 0/1.
    const png = Buffer.from(s.mask, 'base64');
    const chunks = new Map<string, Buffer>();
    for (let at = 8; at < png.length; ) {
      const n = png.readUInt32BE(at);
      const typed = png.subarray(at + 4, at + 8 + n);
      assert.equal(png.readUInt32BE(at + 8 + n), crc32(typed), `CRC of ${typed.subarray(0, 4)}`);
      chunks.set(typed.subarray(0, 4).toString('latin1'), typed.subarray(4));
      at += 12 + n;
    }
    const ihdr = chunks.get('IHDR') as Buffer;
    assert.deepEqual([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]], [2, 3, 8, 0]);
    assert.deepEqual([...inflateSync(chunks.get('IDAT') as Buffer)], [0, 1, 0, 0, 1, 0, 0, 1, 1]);
    const back = await read(out);
    assert.deepEqual(
      back.annotations.map((a) => [a.kind, a.label, a.bbox, a.area, a.mask?.counts]),
      [['mask', 'ell', [5, 2, 2, 3], 4, mask.counts]],
    );
  });
});
