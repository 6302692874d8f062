/**
 * KITTI raw tracklets and OXTS poses, and SemanticKITTI sequences, on files generated here in the layout
 * the KITTI raw devkit (tracklet_labels.xml as boost::serialization writes it, oxts/data/*.txt with 30
 * values, calib_imu_to_velo.txt) and semantic-kitti-api (sequences/NN/velodyne, labels/*.label as uint32)
 * read them.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { importDataset } from '../../node/import-dataset.js';
import { initProject, openProject } from '../../node/project.js';
import { storeDb } from '../../node/store/duckdb-store.js';
import { loadRecording } from '../../node/store/recording-rows.js';
import { encodeRawFloat } from '../../point-cloud/encode-points.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { kittiRaw } from './kitti-raw-format.js';

const CAM_TO_CAM = `S_rect_02: 1.242000e+03 3.750000e+02
R_rect_00: 1 0 0 0 1 0 0 0 1
P_rect_02: 7.215377e+02 0 6.095593e+02 0 0 7.215377e+02 1.728540e+02 0 0 0 1 0
`;
const VELO_TO_CAM = 'R: 0 -1 0 0 0 -1 1 0 0\nT: 0 0 0\n';
// KITTI's 2011_09_26 calib_imu_to_velo.txt translation; rotation the identity (theirs is within 0.01 rad of it).
const IMU_TO_VELO =
  'calib_time: 25-May-2012 16:47:16\nR: 1 0 0 0 1 0 0 0 1\nT: -8.086759e-01 3.195559e-01 -7.997231e-01\n';

const cloud = (n: number) => ({
  count: n,
  fields: {
    x: Float32Array.from({ length: n }, (_, i) => 5 + i),
    y: new Float32Array(n),
    z: new Float32Array(n),
    intensity: new Float32Array(n),
  },
});

function pose(tx: number, ty: number, tz: number, rz: number, head = '') {
  return `${head}<item${head ? ' class_id="3" tracking_level="0" version="2"' : ''}>
				<tx>${tx}</tx>
				<ty>${ty}</ty>
				<tz>${tz}</tz>
				<rx>0</rx>
				<ry>0</ry>
				<rz>${rz}</rz>
				<state>2</state>
				<occlusion>0</occlusion>
				<occlusion_kf>1</occlusion_kf>
				<truncation>0</truncation>
				<amt_occlusion>0</amt_occlusion>
				<amt_occlusion_kf>-1</amt_occlusion_kf>
				<amt_border_l>0</amt_border_l>
				<amt_border_r>0</amt_border_r>
				<amt_border_kf>-1</amt_border_kf>
			</item>`;
}

// Two tracklets as the devkit's files hold them: a car on frames 1-3, a pedestrian on frames 3-4 (the
// drive has sweeps 0-3, so its second box has no sweep). Class attributes only on the first item.
const TRACKLETS = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<!DOCTYPE boost_serialization>
<boost_serialization signature="serialization::archive" version="9">
<tracklets class_id="0" tracking_level="0" version="0">
	<count>2</count>
	<item_version>1</item_version>
	<item class_id="1" tracking_level="0" version="1">
		<objectType>Car</objectType>
		<h>1.5</h>
		<w>1.6</w>
		<l>4.2</l>
		<first_frame>1</first_frame>
		<poses class_id="2" tracking_level="0" version="0">
			<count>3</count>
			<item_version>2</item_version>
			${pose(10, 2, -1.7, 0.1, ' ')}
			${pose(11, 2, -1.7, 0.12)}
			${pose(12, 2, -1.7, 0.14)}
		</poses>
		<finished>1</finished>
	</item>
	<item>
		<objectType>Pedestrian</objectType>
		<h>1.8</h>
		<w>0.6</w>
		<l>0.8</l>
		<first_frame>3</first_frame>
		<poses>
			<count>2</count>
			<item_version>2</item_version>
			${pose(6, -3, -1.6, -1.5)}
			${pose(6.5, -3, -1.6, -1.5)}
		</poses>
		<finished>1</finished>
	</item>
</tracklets>
</boost_serialization>
`;

/** An OXTS line: lat lon alt roll pitch yaw, then the 24 other values of dataformat.txt. */
const oxts = (lat: number, lon: number, yaw: number) =>
  `${[lat, lon, 120, 0, 0, yaw, ...Array(19).fill(0.1), 0.5, 0.05, 4, 10, 4, 4, 4].join(' ')}\n`;

describe('kitti-raw: tracklets and OXTS poses', () => {
  let dir = '';
  let drive = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-kitti-raw-x-')));
    drive = `${dir}/2011_09_26/2011_09_26_drive_0005_sync`;
    await mkdir(`${drive}/velodyne_points/data`, { recursive: true });
    await mkdir(`${drive}/oxts/data`, { recursive: true });
    const times: string[] = [];
    for (let i = 0; i < 4; i++) {
      const name = String(i).padStart(10, '0');
      await writeFile(`${drive}/velodyne_points/data/${name}.bin`, encodeRawFloat(cloud(20), 'kitti-bin'));
      await writeFile(`${drive}/oxts/data/${name}.txt`, oxts(49, 8.4 + 1e-5 * i, 0.3));
      times.push(`2011-09-26 13:02:2${i}.000000000`);
    }
    await writeFile(`${drive}/velodyne_points/timestamps.txt`, `${times.join('\n')}\n`);
    await writeFile(`${drive}/tracklet_labels.xml`, TRACKLETS);
    await writeFile(`${dir}/2011_09_26/calib_cam_to_cam.txt`, CAM_TO_CAM);
    await writeFile(`${dir}/2011_09_26/calib_velo_to_cam.txt`, VELO_TO_CAM);
    await writeFile(`${dir}/2011_09_26/calib_imu_to_velo.txt`, IMU_TO_VELO);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads each tracklet pose as a tracked cuboid on its frame, centre raised by h/2', async () => {
    const read = await kittiRaw.read({
      path: drive,
      source: 'ground_truth',
      io: createNodeFormatIO(),
      lookup: emptyLookup,
    });
    const boxes = read.annotations.map((a) => [
      a.sample,
      a.label,
      a.cuboid?.trackId,
      ...a.cuboid!.center.map((v) => Math.round(v * 1e9) / 1e9),
      a.cuboid!.yaw,
    ]);
    assert.deepEqual(boxes, [
      ['velodyne_points/data/0000000001.bin', 'Car', '0', 10, 2, -0.95, 0.1],
      ['velodyne_points/data/0000000002.bin', 'Car', '0', 11, 2, -0.95, 0.12],
      ['velodyne_points/data/0000000003.bin', 'Car', '0', 12, 2, -0.95, 0.14],
      ['velodyne_points/data/0000000003.bin', 'Pedestrian', '1', 6, -3, -0.7, -1.5],
    ]);
    assert.deepEqual(read.annotations[0]!.cuboid!.size, [4.2, 1.6, 1.5]);
    assert.deepEqual(read.annotations[0]!.attributes, { state: 2, occlusion: 0, truncation: 0 });
    assert.deepEqual(
      read.problems.map((p) => `${p.file.endsWith('tracklet_labels.xml')} ${p.reason}`),
      ['true 1 box(es) of frames without a sweep are not kept'],
    );
  });

  it('gives every frame the velodyne pose from OXTS, and stores tracks and poses on import', async () => {
    const read = await kittiRaw.read({
      path: drive,
      source: 'ground_truth',
      io: createNodeFormatIO(),
      lookup: emptyLookup,
    });
    // 1e-5° of longitude at 49° N on the devkit's sphere (6378137 m, Mercator scaled by cos 49°): 0.73033 m east.
    const step = (Math.cos((49 * Math.PI) / 180) * 1e-5 * Math.PI * 6378137) / 180;
    assert.ok(Math.abs(step - 0.73033) < 1e-5);
    // velodyne → IMU is −T (R = I); the IMU turned by yaw 0.3 about z carries that offset round.
    const T = [-0.8086759, 0.3195559, -0.7997231];
    const [c, s] = [Math.cos(0.3), Math.sin(0.3)];
    read.frames!.forEach((f, i) => {
      for (const m of f.members) {
        const p = m.pose!;
        const want = [i * step - (c * T[0]! - s * T[1]!), -(s * T[0]! + c * T[1]!), -T[2]!];
        for (let k = 0; k < 3; k++) {
          const v = p.translation[k]!;
          assert.ok(Math.abs(v - want[k]!) < 1e-6, `frame ${i} t${k} ${v} vs ${want[k]}`);
        }
        assert.ok(
          Math.abs(p.rotation[0] - Math.cos(0.15)) < 1e-9 && Math.abs(p.rotation[3] - Math.sin(0.15)) < 1e-9,
        );
      }
    });
    const projectDir = `${dir}/project`;
    await initProject(projectDir);
    const project = await openProject(projectDir);
    try {
      await importDataset(project, { format: 'kitti-raw', path: drive });
      const recording = await loadRecording(storeDb(project.store));
      assert.equal(recording.frames.filter((f) => f.members.every((m) => m.pose !== undefined)).length, 4);
      const tracks = (await project.store.listAnnotations(['ground_truth'])).map((a) => a.cuboid?.trackId);
      assert.deepEqual(tracks.sort(), ['0', '0', '0', '1']);
    } finally {
      await project.close();
    }
  });
});

describe('kitti-raw: SemanticKITTI sequences', () => {
  let seq = '';
  before(async () => {
    seq = `${toPosix(await mkdtemp(join(tmpdir(), 'assay-semkitti-')))}/sequences/08`;
    for (const d of ['velodyne', 'labels']) await mkdir(`${seq}/${d}`, { recursive: true });
    await writeFile(`${seq}/velodyne/000000.bin`, encodeRawFloat(cloud(10), 'kitti-bin'));
    await writeFile(`${seq}/velodyne/000001.bin`, encodeRawFloat(cloud(6), 'kitti-bin'));
    // Class in the lower 16 bits, instance id in the upper 16: 3 cars (instances 7, 7, 9), 5 road, 2 moving cars.
    const values = [10 | (7 << 16), 10 | (7 << 16), 10 | (9 << 16), 40, 40, 40, 40, 40, 252 | (3 << 16), 252];
    await writeFile(`${seq}/labels/000000.label`, new Uint8Array(Uint32Array.from(values).buffer));
    await writeFile(`${seq}/labels/000001.label`, new Uint8Array(Uint32Array.of(40, 40, 40, 40, 40).buffer));
    await writeFile(`${seq}/times.txt`, '0.000000e+00\n1.036000e-01\n');
    const p = '7.188560e+02 0 6.071928e+02 0 0 7.188560e+02 1.852157e+02 0 0 0 1 0';
    await writeFile(
      `${seq}/calib.txt`,
      `P0: ${p}\nP1: ${p}\nP2: ${p}\nP3: ${p}\nTr: 0 -1 0 0 0 0 -1 0 1 0 0 0\n`,
    );
  });
  after(async () => {
    await rm(seq.replace(/\/sequences\/08$/, ''), { recursive: true, force: true });
  });

  it('reads per-point classes from .label files and names a label file of the wrong length', async () => {
    const io = createNodeFormatIO();
    assert.equal((await kittiRaw.detect(seq, io))?.confidence, 0.8);
    const read = await kittiRaw.read({ path: seq, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      read.frames!.map((f) => [f.name, f.timestamp]),
      [
        ['08/000000', 0],
        ['08/000001', 0.1036],
      ],
    );
    assert.deepEqual(
      read.sensors!.map((s) => s.id),
      ['08/velodyne', '08/image_2'],
    );
    assert.equal(read.annotations.length, 1);
    const labels = read.annotations[0]!;
    assert.equal(labels.kind, 'point_labels');
    assert.deepEqual(labels.pointLabels, {
      file: 'labels/000000.label',
      encoding: 'u32',
      classes: { '10': 'car', '40': 'road', '252': 'moving-car' },
      counts: { car: 3, road: 5, 'moving-car': 2 },
    });
    assert.deepEqual(
      read.classes.map((c) => c.name),
      ['car', 'road', 'moving-car'],
    );
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!.file, /labels\/000001\.label$/);
    assert.match(read.problems[0]!.reason, /5 labels for a sweep of 6 points/);
  });
});
