/**
 * Issue 10: VIA 3 projects (VGG Image Annotator 3.x, via3/src/js/_via_data.js and _via_metadata.js): a
 * JSON {project: {pid, rev, pname, creator, vid_list}, config, attribute: {<aid>: {aname, anchor_id
 * (FILE1_Z0_XY1: a region attribute), type (1 text, 2 checkbox, 3 radio, 4 select, 5 image), options:
 * {<id>: <name>}}}, file: {<fid>: {fid, fname, type, loc (1 local, 2 URI, 3 inline), src}}, view: {<vid>:
 * {fid_list}}, metadata: {<mid>: {vid, flg, z (time, video), xy ([shape id, ...numbers]: 1 point, 2 rect
 * x y w h, 3 circle, 4 ellipse, 5 line, 6 polyline, 7 polygon, 8 extreme rectangle, 9 extreme polygon),
 * av: {<aid>: <value or option id>}}}}. Written here from that description. Before: "Could not tell
 * which format" (and `import via` said it was not VIA JSON).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { via } from './via-format.js';

const io = createNodeFormatIO();
const read = (path: string) => via.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

const project = {
  project: {
    pid: '__VIA_PROJECT_ID__',
    rev: '__VIA_PROJECT_REV_ID__',
    pname: 'Unnamed VIA Project',
    vid_list: ['1', '2'],
  },
  config: { file: { loc_prefix: { 1: '', 2: '', 3: '', 4: '' } }, ui: {} },
  attribute: {
    1: {
      aname: 'species',
      anchor_id: 'FILE1_Z0_XY1',
      type: 4,
      desc: '',
      options: { 0: 'cat', 1: 'dog' },
      default_option_id: '',
    },
    2: { aname: 'note', anchor_id: 'FILE1_Z0_XY1', type: 1, desc: '' },
    3: { aname: 'scene', anchor_id: 'FILE1_Z0_XY0', type: 1, desc: '' },
  },
  file: {
    1: { fid: '1', fname: 'a.jpg', type: 2, loc: 1, src: 'a.jpg' },
    2: { fid: '2', fname: 'b.jpg', type: 2, loc: 2, src: 'https://example.org/b.jpg' },
  },
  view: { 1: { fid_list: ['1'] }, 2: { fid_list: ['2'] } },
  metadata: {
    '1_a': { vid: '1', flg: 0, z: [], xy: [2, 10, 20, 30, 40], av: { 1: '1', 2: 'sleepy' } },
    '1_b': { vid: '1', flg: 0, z: [], xy: [7, 0, 0, 10, 0, 10, 10], av: { 1: '0' } },
    '1_c': { vid: '1', flg: 0, z: [], xy: [1, 5, 6], av: { 1: '0' } },
    '1_d': { vid: '1', flg: 0, z: [], xy: [8, 5, 0, 9, 4, 5, 8, 1, 4], av: { 1: '1' } },
    '1_e': { vid: '1', flg: 0, z: [], xy: [], av: { 3: 'kitchen' } },
    '1_f': { vid: '1', flg: 0, z: [], xy: [42, 1, 2], av: {} },
  },
};

describe('issue 10: VIA 3 projects', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-via3-')));
    await writeFile(`${dir}/project.json`, JSON.stringify(project));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('regions of every shape, select option ids as their names, every file a sample', async () => {
    const found = await detectFormat(formats, `${dir}/project.json`, io);
    assert.equal(found.format.id, 'via');
    const r = await read(`${dir}/project.json`);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['a.jpg', 'b.jpg'],
    );
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['dog', 'cat'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.kind, a.bbox, a.attributes]),
      [
        ['dog', 'bbox', [10, 20, 30, 40], { note: 'sleepy' }],
        ['cat', 'polygon', [0, 0, 10, 10], undefined],
        ['cat', 'keypoints', [5, 6, 0, 0], undefined],
        ['dog', 'bbox', [1, 0, 8, 8], undefined],
      ],
    );
    assert.match(
      r.notes?.join('\n') ?? '',
      /VIA 3 project: 2 images, 4 regions[\s\S]*"species" \(the project's first dropdown/,
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.record ?? ''} ${p.reason}`),
      [
        `metadata "1_f" shape 42 is not one of VIA 3's (1 point … 9 extreme polygon)`,
        ' 1 temporal or file-level metadata (video segments, image labels) not read',
      ],
    );
  });
});
