/**
 * Issue 11, defect 8: CVAT for video 1.1 (tracks of keyframes, `outside`, interpolation) and CVAT
 * skeletons. The files are written here in the shape CVAT's dumper (cvat/apps/dataset_manager/formats/
 * cvat.py, "CVAT for video 1.1") gives them: `<meta><task>` with size, start/stop frame and
 * original_size, skeleton sub-labels as `<label>`s with a `<parent>`, and `<track>`s of shapes with
 * frame/keyframe/outside.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Annotation } from '../../model/annotation.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { cvat } from './cvat-format.js';

const io = createNodeFormatIO();

const META = `  <meta>
    <task>
      <id>7</id>
      <name>street</name>
      <size>10</size>
      <mode>interpolation</mode>
      <overlap>5</overlap>
      <bugtracker></bugtracker>
      <subset>default</subset>
      <start_frame>0</start_frame>
      <stop_frame>9</stop_frame>
      <frame_filter></frame_filter>
      <labels>
        <label>
          <name>car</name>
          <color>#fa3253</color>
          <type>rectangle</type>
          <attributes>
            <attribute>
              <name>parked</name>
              <mutable>True</mutable>
              <input_type>checkbox</input_type>
              <default_value>false</default_value>
              <values>false
true</values>
            </attribute>
          </attributes>
        </label>
        <label>
          <name>person</name>
          <color>#33ddff</color>
          <type>skeleton</type>
          <attributes>
          </attributes>
          <svg>&lt;line x1="50" y1="20" x2="50" y2="80" data-type="edge" data-node-from="1" data-node-to="2"&gt;&lt;/line&gt;</svg>
        </label>
        <label>
          <name>head</name>
          <color>#d12345</color>
          <type>points</type>
          <attributes>
          </attributes>
          <parent>person</parent>
        </label>
        <label>
          <name>foot</name>
          <color>#350dea</color>
          <type>points</type>
          <attributes>
          </attributes>
          <parent>person</parent>
        </label>
      </labels>
      <original_size>
        <width>320</width>
        <height>240</height>
      </original_size>
    </task>
    <dumped>2024-05-02 10:00:00.000000+00:00</dumped>
    <source>street.mp4</source>
  </meta>`;

const skeleton = (frame: number, outside: number, head: string, foot: string) =>
  `    <skeleton frame="${frame}" keyframe="1" outside="${outside}" occluded="0" z_order="0">
      <points label="head" keyframe="1" outside="0" occluded="0" points="${head}">
      </points>
      <points label="foot" keyframe="1" outside="0" occluded="1" points="${foot}">
      </points>
    </skeleton>`;

const VIDEO = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
${META}
  <track id="0" label="car" source="manual">
    <box frame="0" keyframe="1" outside="0" occluded="0" xtl="10.00" ytl="20.00" xbr="50.00" ybr="60.00" z_order="0">
      <attribute name="parked">false</attribute>
    </box>
    <box frame="4" keyframe="1" outside="0" occluded="1" xtl="50.00" ytl="20.00" xbr="90.00" ybr="80.00" z_order="0">
      <attribute name="parked">true</attribute>
    </box>
    <box frame="6" keyframe="1" outside="1" occluded="0" xtl="50.00" ytl="20.00" xbr="90.00" ybr="80.00" z_order="0">
      <attribute name="parked">true</attribute>
    </box>
  </track>
  <track id="3" label="person" source="manual">
${skeleton(2, 0, '100.00,50.00', '100.00,150.00')}
${skeleton(4, 0, '120.00,50.00', '120.00,150.00')}
${skeleton(5, 1, '120.00,50.00', '120.00,150.00')}
  </track>
</annotations>
`;

const of = (list: Annotation[], label: string) =>
  list
    .filter((a) => a.label === label)
    .map((a) => [a.sample, a.bbox, a.attributes?.parked, a.attributes?.occluded]);

describe('issue 11: CVAT for video 1.1 tracks', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-video-')));
    await writeFile(`${dir}/annotations.xml`, VIDEO);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('import auto names it CVAT for video (it said "CVAT for images 1.1" of the documentation example)', async () => {
    const detection = await cvat.detect(`${dir}/annotations.xml`, io);
    assert.match(detection?.reason ?? '', /\(CVAT for video 1\.1\)$/);
  });

  it('every frame is a sample named frame_000000.PNG, sized by original_size', async () => {
    const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.samples.length, 10);
    assert.deepEqual(
      [r.samples[0], r.samples[9]].map((s) => [s?.key, s?.width, s?.height, s?.originalId]),
      [
        ['frame_000000.PNG', 320, 240, 0],
        ['frame_000009.PNG', 320, 240, 9],
      ],
    );
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.keypoints]),
      [
        ['car', undefined],
        ['person', ['head', 'foot']],
      ],
    );
    assert.deepEqual(r.problems, []);
  });

  it('a box track: linear between keyframes, held before an outside keyframe, ended by it', async () => {
    const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    // Frames 1..3 between (10,20)-(50,60) at 0 and (50,20)-(90,80) at 4: t = 1/4, 2/4, 3/4.
    assert.deepEqual(of(r.annotations, 'car'), [
      ['frame_000000.PNG', [10, 20, 40, 40], false, false],
      ['frame_000001.PNG', [20, 20, 40, 45], false, false],
      ['frame_000002.PNG', [30, 20, 40, 50], false, false],
      ['frame_000003.PNG', [40, 20, 40, 55], false, false],
      ['frame_000004.PNG', [50, 20, 40, 60], true, true],
      ['frame_000005.PNG', [50, 20, 40, 60], true, true],
    ]);
    assert.ok(r.annotations.filter((a) => a.label === 'car').every((a) => a.attributes?.track_id === 0));
  });

  it('a skeleton track: one keypoints annotation per frame with named points, occluded as v=1', async () => {
    const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    const people = r.annotations.filter((a) => a.label === 'person');
    assert.deepEqual(
      people.map((a) => [a.sample, a.kind, a.keypoints, a.attributes?.track_id]),
      [
        ['frame_000002.PNG', 'keypoints', [100, 50, 2, 100, 150, 1], 3],
        ['frame_000003.PNG', 'keypoints', [110, 50, 2, 110, 150, 1], 3],
        ['frame_000004.PNG', 'keypoints', [120, 50, 2, 120, 150, 1], 3],
      ],
    );
    assert.deepEqual(people[1]?.bbox, [110, 50, 0, 100]);
  });

  it('frame files found in images/ give the names (frame_000003.jpg)', async () => {
    const withImages = `${dir}/exported`;
    await renderImage(join(withImages, 'images', 'frame_000003.jpg'), 32, 24, 1);
    await writeFile(`${withImages}/annotations.xml`, VIDEO);
    const r = await cvat.read({ path: withImages, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.samples[3]?.key, 'frame_000003.jpg');
    assert.equal(r.samples[2]?.key, 'frame_000002.PNG');
  });
});

// A task whose frames start at 10 with frame_filter step=3 (4 frames: 10, 13, 16, 19). CVAT numbers a
// task's frames in tracks and frame files as start_frame + i × step (TaskData.abs_frame_id in
// cvat/apps/dataset_manager/bindings.py); datumaro's for_video test asset is such an export.
const STEPPED = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
${META.replace('<size>10</size>', '<size>4</size>')
  .replace('<start_frame>0</start_frame>', '<start_frame>10</start_frame>')
  .replace('<stop_frame>9</stop_frame>', '<stop_frame>19</stop_frame>')
  .replace('<frame_filter></frame_filter>', '<frame_filter>step=3</frame_filter>')}
  <track id="0" label="car" source="manual">
    <box frame="10" keyframe="1" outside="0" occluded="0" xtl="10.00" ytl="20.00" xbr="50.00" ybr="60.00" z_order="0">
    </box>
    <box frame="16" keyframe="1" outside="0" occluded="0" xtl="50.00" ytl="20.00" xbr="90.00" ybr="60.00" z_order="0">
    </box>
  </track>
  <track id="1" label="car" source="manual">
    <box frame="22" keyframe="1" outside="0" occluded="0" xtl="1.00" ytl="2.00" xbr="5.00" ybr="6.00" z_order="0">
    </box>
  </track>
  <track id="2" label="car" source="manual">
    <cuboid frame="10" keyframe="1" outside="0" occluded="0" xtl1="1" ytl1="1" xbl1="1" ybl1="5" xtr1="5" ytr1="1" xbr1="5" ybr1="5" xtl2="7" ytl2="1" xbl2="7" ybl2="5" xtr2="9" ytr2="1" xbr2="9" ybr2="5" z_order="0">
    </cuboid>
  </track>
</annotations>
`;

describe('issue 11: CVAT for video, a task starting at frame 10 with step 3', () => {
  it('frames are start_frame + i × step, tracks land on them, the rest is reported', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-stepped-')));
    try {
      await renderImage(join(dir, 'images', 'frame_000013.png'), 32, 24, 1);
      await writeFile(`${dir}/annotations.xml`, STEPPED);
      const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
      assert.deepEqual(
        r.samples.map((s) => [s.key, s.originalId]),
        [
          ['frame_000010.PNG', 10],
          ['frame_000013.png', 13],
          ['frame_000016.PNG', 16],
          ['frame_000019.PNG', 19],
        ],
      );
      // Between (10,20)-(50,60) at 10 and (50,20)-(90,60) at 16, frame 13 is halfway; held after 16.
      assert.deepEqual(of(r.annotations, 'car'), [
        ['frame_000010.PNG', [10, 20, 40, 40], undefined, false],
        ['frame_000013.png', [30, 20, 40, 40], undefined, false],
        ['frame_000016.PNG', [50, 20, 40, 40], undefined, false],
        ['frame_000019.PNG', [50, 20, 40, 40], undefined, false],
      ]);
      assert.deepEqual(
        r.problems.map((p) => [p.record, p.reason]),
        [
          [
            '<track id="1" label="car">',
            "1 frame of the track lies outside the task's frames (10–19) of <meta>",
          ],
          ['<track id="2" label="car">', 'its <cuboid> shapes are not supported yet and were skipped'],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 11: CVAT for images skeletons', () => {
  it('<skeleton> in an <image> is one keypoints annotation with named points; outside points are v=0', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-skeleton-')));
    try {
      const xml = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
${META}
  <image id="0" name="a.jpg" width="320" height="240">
    <skeleton label="person" source="manual" z_order="0">
      <points label="head" source="manual" outside="0" occluded="0" points="10.5,20.25">
      </points>
      <points label="foot" source="manual" outside="1" occluded="0" points="11.00,90.00">
      </points>
    </skeleton>
  </image>
</annotations>
`;
      await writeFile(`${dir}/annotations.xml`, xml);
      const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.annotations.map((a) => [a.kind, a.label, a.keypoints, a.bbox]),
        [['keypoints', 'person', [10.5, 20.25, 2, 0, 0, 0], [10.5, 20.25, 0, 0]]],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
