/**
 * Issue 10: VGG Image Annotator (VIA). The files below follow VIA 2.0's own basic demo
 * (via/src/js/_via_basic_demo.js, robots.ox.ac.uk/~vgg/software/via): regions with shape_attributes
 * rect {x, y, width, height} (top-left corner and size, pixels), polygon {all_points_x, all_points_y},
 * ellipse {cx, cy, rx, ry}, and region_attributes name (text), type (dropdown: the class), image_quality
 * (checkbox); the same as a saved project (`_via_img_metadata`, `_via_attributes`), as VIA 1's JSON
 * (regions keyed "0", "1") and as its CSV export (header filename,file_size,file_attributes,region_count,
 * region_id,region_shape_attributes,region_attributes; JSON cells with doubled quotes).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { via } from './via-format.js';

describeConformance(via);

const io = createNodeFormatIO();
const read = (path: string, labels?: string[]) =>
  via.read({
    path,
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
    ...(labels ? { textFields: { labels } } : {}),
  });
const rows = (r: Awaited<ReturnType<typeof read>>) =>
  r.annotations.map((a) => [a.sample, a.label, a.kind, a.bbox?.map((v) => Math.round(v * 1000) / 1000)]);

const SWAN = {
  name: 'polygon',
  all_points_x: [116, 94, 176, 343, 383, 385, 369, 406, 398, 364, 310, 297, 304, 244, 158],
  all_points_y: [157, 195, 264, 273, 261, 234, 222, 216, 155, 124, 135, 170, 188, 170, 175],
};
const METADATA = {
  'adutta_swan.jpg-1': {
    filename: 'adutta_swan.jpg',
    size: -1,
    regions: [
      {
        shape_attributes: SWAN,
        region_attributes: { name: 'Swan', type: 'bird', image_quality: { good_illumination: true } },
      },
    ],
    file_attributes: { caption: 'Swan in lake Geneve' },
  },
  'wikimedia_death_of_socrates.jpg-1': {
    filename: 'wikimedia_death_of_socrates.jpg',
    size: -1,
    regions: [
      {
        shape_attributes: { name: 'rect', x: 174, y: 139, width: 108, height: 227 },
        region_attributes: { name: 'Plato', type: 'human' },
      },
      {
        shape_attributes: { name: 'rect', x: 347, y: 114, width: 91, height: 209 },
        region_attributes: { name: 'Socrates', type: 'human' },
      },
      {
        shape_attributes: { name: 'ellipse', cx: 316, cy: 180, rx: 17, ry: 12 },
        region_attributes: { name: 'Hemlock', type: 'cup' },
      },
    ],
    file_attributes: {},
  },
};
// The demo's classes by region: swan bird; Plato, Socrates human; Hemlock cup. Boxes: rect x, y, width,
// height as they are; the swan polygon spans x 94..406, y 124..273; the ellipse cx ± rx, cy ± ry.
const EXPECTED = [
  ['adutta_swan.jpg', 'bird', 'polygon', [94, 124, 312, 149]],
  ['wikimedia_death_of_socrates.jpg', 'human', 'bbox', [174, 139, 108, 227]],
  ['wikimedia_death_of_socrates.jpg', 'human', 'bbox', [347, 114, 91, 209]],
  ['wikimedia_death_of_socrates.jpg', 'cup', 'polygon', [299, 168, 34, 24]],
];

describe('issue 10: VIA projects and exports', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-via-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a saved project: the dropdown attribute is the class, the others attributes; detected by import auto', async () => {
    const file = `${dir}/via_project_demo.json`;
    await writeFile(
      file,
      JSON.stringify({
        _via_settings: { ui: {}, core: {}, project: { name: 'via_demo_project' } },
        _via_img_metadata: METADATA,
        _via_attributes: {
          region: {
            name: { type: 'text', description: 'Name of the object', default_value: 'not_defined' },
            type: { type: 'dropdown', options: { bird: 'Bird', human: 'Human', cup: 'Cup (object)' } },
            image_quality: {
              type: 'checkbox',
              options: { blur: 'Blurred region', good_illumination: 'Good' },
            },
          },
          file: {},
        },
        _via_data_format_version: '2.0.10',
        _via_image_id_list: Object.keys(METADATA),
      }),
    );
    const detected = await detectFormat(formats, file, io);
    assert.equal(detected.format.id, 'via', detected.detection.reason);
    const r = await read(file);
    assert.deepEqual(rows(r), EXPECTED);
    assert.deepEqual(r.annotations[0]?.attributes, { name: 'Swan', image_quality: 'good_illumination' });
    assert.equal(r.annotations[3]?.attributes?.shape, 'ellipse');
    assert.match(
      r.notes?.[1] ?? '',
      /region attribute "type" \(the project's first dropdown region attribute\)/,
    );
    assert.deepEqual(
      r.problems.map((p) => p.reason),
      ["1 circle or ellipse read as polygons of 32 points (box and area: the shape's own; attribute shape)"],
    );
  });

  it('VIA 1 JSON export in a folder (regions keyed "0", polygons closed): class from an attribute named "type"', async () => {
    const v1 = Object.fromEntries(
      Object.entries(METADATA).map(([k, e]) => [
        k,
        {
          fileref: '',
          ...e,
          base64_img_data: '',
          regions: Object.fromEntries(e.regions.map((r, i) => [String(i), r])),
        },
      ]),
    );
    const swan = v1['adutta_swan.jpg-1']?.regions['0']?.shape_attributes as typeof SWAN;
    swan.all_points_x = [...SWAN.all_points_x, 116];
    swan.all_points_y = [...SWAN.all_points_y, 157];
    await mkdir(`${dir}/balloon`, { recursive: true });
    await writeFile(`${dir}/balloon/via_region_data.json`, JSON.stringify(v1));
    await mkdir(`${dir}/balloon/photos/set1`, { recursive: true });
    await writeFile(`${dir}/balloon/photos/set1/adutta_swan.jpg`, '');
    const detected = await detectFormat(formats, `${dir}/balloon`, io);
    assert.equal(detected.format.id, 'via', detected.detection.reason);
    const r = await read(`${dir}/balloon`);
    assert.deepEqual(rows(r), EXPECTED);
    assert.equal(r.annotations[0]?.points?.[0]?.length, 30, 'the repeated first point is dropped');
    assert.equal(r.imagesRoot, `${dir}/balloon/photos/set1`, 'the one subfolder holding the first image');
    assert.match(r.notes?.[1] ?? '', /"type" \(a region attribute named "type"\)/);
  });

  it('CSV export: one row per region; --label-column names the class attribute; empty attributes are unlabelled', async () => {
    const cell = (v: object) => `"${JSON.stringify(v).replace(/"/g, '""')}"`;
    const csv = [
      'filename,file_size,file_attributes,region_count,region_id,region_shape_attributes,region_attributes',
      `adutta_swan.jpg,-1,"{}",1,0,${cell(SWAN)},${cell({ name: 'Swan', type: 'bird' })}`,
      `wikimedia_death_of_socrates.jpg,-1,"{}",2,0,${cell({ name: 'rect', x: 174, y: 139, width: 108, height: 227 })},${cell({ name: 'Plato' })}`,
      `wikimedia_death_of_socrates.jpg,-1,"{}",2,1,${cell({ name: 'circle', cx: 10, cy: 20, r: 5 })},"{}"`,
      'empty.jpg,-1,"{}",0,0,"{}","{}"',
    ].join('\n');
    await writeFile(`${dir}/via_export_csv.csv`, csv);
    const detected = await detectFormat(formats, `${dir}/via_export_csv.csv`, io);
    assert.equal(detected.format.id, 'via', detected.detection.reason);
    const r = await read(`${dir}/via_export_csv.csv`, ['name']);
    assert.deepEqual(rows(r), [
      ['adutta_swan.jpg', 'Swan', 'polygon', [94, 124, 312, 149]],
      ['wikimedia_death_of_socrates.jpg', 'Plato', 'bbox', [174, 139, 108, 227]],
      ['wikimedia_death_of_socrates.jpg', undefined, 'polygon', [5, 15, 10, 10]],
    ]);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['adutta_swan.jpg', 'wikimedia_death_of_socrates.jpg', 'empty.jpg'],
    );
    assert.ok(
      r.problems.some(
        (p) => /1 region without a value for "name"/.test(p.reason) && /--label-column/.test(p.hint ?? ''),
      ),
    );
  });

  it('bad regions are problems naming the file and region; a JSON that is not VIA is an AssayError', async () => {
    const file = `${dir}/via_bad.json`;
    await writeFile(
      file,
      JSON.stringify({
        'a.jpg1': {
          filename: 'a.jpg',
          size: 1,
          regions: [
            {
              shape_attributes: { name: 'rect', x: 'one', y: 1, width: 2, height: 3 },
              region_attributes: { class: 'cat' },
            },
            { shape_attributes: { name: 'blob' }, region_attributes: { class: 'cat' } },
            {
              shape_attributes: { name: 'polygon', all_points_x: [1, 2], all_points_y: [1, 2] },
              region_attributes: {},
            },
          ],
        },
        'http://x/b.jpg1': { filename: 'http://x/b.jpg', size: 1, regions: [] },
      }),
    );
    const r = await read(file);
    assert.equal(r.annotations.length, 0);
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.record, p.reason]),
      [
        [file, '"a.jpg1" regions[0]', r.problems[0]?.reason],
        [
          file,
          '"a.jpg1" regions[1]',
          'shape "blob" is not one VIA draws (rect, circle, ellipse, polygon, polyline, point)',
        ],
        [file, '"a.jpg1" regions[2]', 'a polygon needs at least 3 points, it has 2'],
        [file, '"http://x/b.jpg1"', 'the image path "http://x/b.jpg" is a URL; Assay reads local files only'],
      ],
    );
    assert.match(r.problems[0]?.reason ?? '', /x, y, width, height must be numbers/);
    await writeFile(`${dir}/other.json`, '{"images": [], "annotations": []}');
    await assert.rejects(
      read(`${dir}/other.json`),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
    );
  });
});
