/**
 * Issue 11: a CVAT *project* export in "CVAT for video 1.1" with several tasks. Written here in the shape
 * CVAT's dumper gives it (cvat/apps/dataset_manager/formats/cvat.py dump_as_cvat_interpolation with
 * ProjectData, bindings.py ProjectData): `<meta><project>` with `<tasks>` of `<task>`s (id, size, mode
 * interpolation, subset, start/stop frame, original_size), `<subsets>`, the project's `<labels>`; each
 * `<track>` carries `task_id` and `subset`; frame numbers run on across the tasks of one subset (task
 * offsets) and restart per subset; images go to images/<subset>/frame_<n>.PNG.
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
import { projectTaskFrames } from './cvat-project-video.js';

const io = createNodeFormatIO();

function task(id: number, name: string, size: number, subset: string, w: number, h: number): string {
  return `      <task>
        <id>${id}</id>
        <name>${name}</name>
        <size>${size}</size>
        <mode>interpolation</mode>
        <overlap>5</overlap>
        <bugtracker></bugtracker>
        <created>2024-05-02 09:00:00.000000+00:00</created>
        <updated>2024-05-02 09:30:00.000000+00:00</updated>
        <subset>${subset}</subset>
        <start_frame>0</start_frame>
        <stop_frame>${size - 1}</stop_frame>
        <frame_filter></frame_filter>
        <segments>
          <segment>
            <id>${id * 10}</id>
            <start>0</start>
            <stop>${size - 1}</stop>
            <url>http://localhost:8080/api/jobs/${id * 10}</url>
          </segment>
        </segments>
        <owner>
          <username>admin</username>
          <email></email>
        </owner>
        <assignee></assignee>
        <original_size>
          <width>${w}</width>
          <height>${h}</height>
        </original_size>
      </task>`;
}

const box = (frame: number, [x1, y1, x2, y2]: number[], outside = 0) =>
  `    <box frame="${frame}" keyframe="1" outside="${outside}" occluded="0" xtl="${x1}.00" ytl="${y1}.00" xbr="${x2}.00" ybr="${y2}.00" z_order="0">
    </box>`;

// Tasks in CVAT's order (by subset, then id): 11 and 12 in Train (offsets 0 and 4), 13 in Validation (0).
const PROJECT = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <project>
      <id>3</id>
      <name>traffic</name>
      <bugtracker></bugtracker>
      <created>2024-05-02 08:00:00.000000+00:00</created>
      <updated>2024-05-02 10:00:00.000000+00:00</updated>
      <tasks>
${task(11, 'cam-a.mp4', 4, 'Train', 320, 240)}
${task(12, 'cam-b.mp4', 3, 'Train', 640, 480)}
${task(13, 'cam-c.mp4', 3, 'Validation', 320, 240)}
      </tasks>
      <subsets>Train
Validation</subsets>
      <owner>
        <username>admin</username>
        <email></email>
      </owner>
      <assignee></assignee>
      <labels>
        <label>
          <name>car</name>
          <color>#fa3253</color>
          <type>rectangle</type>
          <attributes>
          </attributes>
        </label>
      </labels>
    </project>
    <dumped>2024-05-02 10:00:00.000000+00:00</dumped>
  </meta>
  <track id="0" label="car" source="manual" task_id="11" subset="Train">
${box(0, [10, 10, 50, 50])}
${box(2, [30, 10, 70, 50])}
${box(3, [30, 10, 70, 50], 1)}
  </track>
  <track id="1" label="car" source="manual" task_id="12" subset="Train">
${box(4, [100, 100, 200, 200])}
${box(6, [120, 100, 220, 200])}
  </track>
  <track id="2" label="car" source="manual" task_id="13" subset="Validation">
${box(0, [5, 5, 15, 15])}
${box(1, [5, 5, 15, 15], 1)}
  </track>
  <track id="3" label="car" source="manual" task_id="99" subset="Train">
${box(0, [1, 1, 2, 2])}
  </track>
</annotations>
`;

const rows = (anns: readonly Annotation[]) =>
  anns.map((a) => [a.sample, a.bbox, a.attributes?.track_id, a.attributes?.task_id]);

describe('issue 11: CVAT for video project export with several tasks', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-project-video-')));
    await writeFile(`${dir}/annotations.xml`, PROJECT);
    // One frame image as CVAT writes it (images/<subset>/frame_<n>.PNG).
    await renderImage(`${dir}/images/Train/frame_000004.PNG`, 64, 48, 1);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("numbers frames as CVAT does: on across one subset's tasks, again from 0 in the next subset", () => {
    const t = (id: string, subset: string, size: number) => ({
      id,
      name: id,
      subset,
      size,
      startFrame: 0,
      step: 1,
    });
    assert.deepEqual(
      projectTaskFrames([t('11', 'Train', 4), t('12', 'Train', 3), t('13', 'Validation', 3)]).map(
        (x) => x.frames,
      ),
      [
        [0, 1, 2, 3],
        [4, 5, 6],
        [0, 1, 2],
      ],
    );
    // frame_filter step=2 over 3 frames starting at 10: 10, 12, 14; the next task starts after 10 + 2·3.
    assert.deepEqual(
      projectTaskFrames([{ ...t('1', 'a', 3), startFrame: 10, step: 2 }, t('2', 'a', 2)]).map(
        (x) => x.frames,
      ),
      [
        [10, 12, 14],
        [16, 17],
      ],
    );
  });

  it('keeps the tasks apart: each task its frames, sizes and tracks', async () => {
    const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.metadata?.cvat_task_id]),
      [
        ['Train/frame_000000.PNG', 'Train', 320, '11'],
        ['Train/frame_000001.PNG', 'Train', 320, '11'],
        ['Train/frame_000002.PNG', 'Train', 320, '11'],
        ['Train/frame_000003.PNG', 'Train', 320, '11'],
        ['Train/frame_000004.PNG', 'Train', 640, '12'],
        ['Train/frame_000005.PNG', 'Train', 640, '12'],
        ['Train/frame_000006.PNG', 'Train', 640, '12'],
        ['Validation/frame_000000.PNG', 'Validation', 320, '13'],
        ['Validation/frame_000001.PNG', 'Validation', 320, '13'],
        ['Validation/frame_000002.PNG', 'Validation', 320, '13'],
      ],
    );
    // Frame 0 of task 12 is Train/frame_000004.PNG; frame 0 of task 13 is Validation/frame_000000.PNG.
    assert.deepEqual(rows(r.annotations), [
      ['Train/frame_000000.PNG', [10, 10, 40, 40], 0, 11],
      ['Train/frame_000001.PNG', [20, 10, 40, 40], 0, 11],
      ['Train/frame_000002.PNG', [30, 10, 40, 40], 0, 11],
      ['Train/frame_000004.PNG', [100, 100, 100, 100], 1, 12],
      ['Train/frame_000005.PNG', [110, 100, 100, 100], 1, 12],
      ['Train/frame_000006.PNG', [120, 100, 100, 100], 1, 12],
      ['Validation/frame_000000.PNG', [5, 5, 10, 10], 2, 13],
    ]);
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.reason]),
      [['<track id="3" label="car">', 'task_id="99" names no task of <meta><project><tasks>']],
    );
  });

  it('round-trips through a CVAT export: same frames, boxes, splits, track and task ids', async () => {
    const r = await cvat.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    assert.ok(cvat.write);
    const out = `${dir}/out`;
    const written = await cvat.write({
      dataset: { classes: r.classes, samples: r.samples, annotations: r.annotations },
      imagesRoot: r.imagesRoot,
      outDir: out,
      io,
    });
    assert.equal(written.annotations, 7);
    const back = await cvat.read({ path: out, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(back.problems, []);
    assert.deepEqual(
      back.samples.map((s) => [s.key, s.split]),
      r.samples.map((s) => [s.key, s.split]),
    );
    assert.deepEqual(rows(back.annotations), rows(r.annotations));
  });
});
