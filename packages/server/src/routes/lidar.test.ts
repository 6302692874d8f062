import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CuboidsResponse,
  ErrorBody,
  LidarFramesResponse,
  ProjectionsResponse,
  SampleDetail,
  SensorsResponse,
} from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { SCENE_CAMERA, sceneCars, writeKittiScene } from '@assay/core/test-kit/kitti-scene';
import { serveDemo } from '../test-kit/demo-server.js';

describe('/api/lidar routes on a generated KITTI scene', () => {
  let dir = '';
  let s: Awaited<ReturnType<typeof serveDemo>>;
  let frames: LidarFramesResponse['frames'];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-lidar-routes-'));
    await writeKittiScene(join(dir, 'data'), 3);
    assert.equal((await runCli(['init', dir], dir)).code, 0);
    const imported = await runCli(['import', 'kitti', join(dir, 'data')], dir);
    assert.equal(imported.code, 0, imported.stderr);
    s = await serveDemo(dir);
    frames = LidarFramesResponse.parse(await (await s.get('/api/lidar/frames')).json()).frames;
  });
  after(async () => {
    await s?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('frames: the three sweeps in order, each with its camera but the last', () => {
    assert.deepEqual(
      frames.map((f) => [f.key, f.frame, f.cameras.length]),
      [
        ['velodyne/000000.bin', '000000', 1],
        ['velodyne/000001.bin', '000001', 1],
        ['velodyne/000002.bin', '000002', 0],
      ],
    );
  });

  test('points: binary xyz + intensity, decimated by an even stride from the first point', async () => {
    const id = frames[0]!.sample_id;
    const file = await readFile(join(dir, 'data/velodyne/000000.bin'));
    const all = new Float32Array(file.buffer, file.byteOffset, file.byteLength / 4);
    const total = all.length / 4;
    const res = await s.get(`/api/lidar/points/${id}?max=1000&color=intensity`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.equal(Number(res.headers.get('x-point-total')), total);
    const count = Number(res.headers.get('x-point-count'));
    const stride = Math.ceil(total / 1000);
    assert.equal(count, Math.ceil(total / stride));
    assert.equal(res.headers.get('x-point-attribute'), 'intensity');
    const data = new Float32Array(await res.arrayBuffer());
    assert.equal(data.length, count * 4);
    // Point k of the answer is point k·stride of the file: x, y, z, then its intensity after all xyz.
    for (const k of [0, 1, count - 1]) {
      const i = k * stride;
      assert.deepEqual([...data.subarray(k * 3, k * 3 + 3)], [...all.subarray(i * 4, i * 4 + 3)]);
      assert.equal(data[count * 3 + k], all[i * 4 + 3]);
    }
    // No label field in a KITTI sweep: the attribute falls back to height (z).
    const label = await s.get(`/api/lidar/points/${id}?max=10&color=label`);
    assert.equal(label.headers.get('x-point-attribute'), 'height');
  });

  test('cuboids: centre, size and corners of the generated cars in the sweep frame', async () => {
    const id = frames[1]!.sample_id;
    const body = CuboidsResponse.parse(
      await (await s.post('/api/lidar/cuboids', { sample_ids: [id] })).json(),
    );
    const boxes = body.samples[String(id)] ?? [];
    const cars = sceneCars(1);
    assert.equal(boxes.length, cars.length);
    boxes.forEach((b, k) => {
      const car = cars[k]!;
      // Label files hold 2 decimals.
      assert.ok(Math.hypot(b.center[0] - car.x, b.center[1] - car.y, b.center[2] - car.z) < 0.02);
      assert.ok(b.frame_known);
      // The bottom face lies on z = centre - h/2, the top on centre + h/2.
      for (let c = 0; c < 4; c++) assert.ok(Math.abs(b.corners[c * 3 + 2]! - (car.z - car.h / 2)) < 0.02);
      for (let c = 4; c < 8; c++) assert.ok(Math.abs(b.corners[c * 3 + 2]! - (car.z + car.h / 2)) < 0.02);
    });
  });

  test('projections: the camera matrix takes a car centre to its pixel', async () => {
    const id = frames[0]!.sample_id;
    const body = ProjectionsResponse.parse(await (await s.get(`/api/lidar/projections/${id}`)).json());
    assert.equal(body.projections.length, 1);
    const p = body.projections[0]!;
    assert.equal(p.sample_id, frames[0]!.cameras[0]!.sample_id);
    const car = sceneCars(0)[0]!;
    const d = p.matrix[8]! * car.x + p.matrix[9]! * car.y + p.matrix[10]! * car.z + p.matrix[11]!;
    const u = (p.matrix[0]! * car.x + p.matrix[1]! * car.y + p.matrix[2]! * car.z + p.matrix[3]!) / d;
    const v = (p.matrix[4]! * car.x + p.matrix[5]! * car.y + p.matrix[6]! * car.z + p.matrix[7]!) / d;
    // The scene's camera: u = fx·(-y)/x + cx, v = fy·(-z)/x + cy.
    assert.ok(Math.abs(u - (SCENE_CAMERA.fx * -car.y) / car.x - SCENE_CAMERA.cx) < 1e-6);
    assert.ok(Math.abs(v - (SCENE_CAMERA.fx * -car.z) / car.x - SCENE_CAMERA.cy) < 1e-6);
    const sensors = SensorsResponse.parse(await (await s.get('/api/lidar/sensors')).json()).sensors;
    assert.ok(sensors.some((x) => x.id === p.sensor && x.intrinsics?.fx === SCENE_CAMERA.fx));
  });

  test('the sample detail says point_cloud; an image id is not a point cloud', async () => {
    const detail = SampleDetail.parse(await (await s.get(`/api/samples/${frames[0]!.sample_id}`)).json());
    assert.equal(detail.kind, 'point_cloud');
    const image = await s.get(`/api/lidar/points/${frames[0]!.cameras[0]!.sample_id}`);
    assert.equal(image.status, 404);
    assert.equal(ErrorBody.parse(await image.json()).error.code, 'NOT_FOUND');
  });

  test('a sweep whose file became a link out of the data folder is not read', async () => {
    const outside = join(dir, 'outside.bin');
    await writeFile(outside, Buffer.from(new Float32Array([1, 2, 3, 4]).buffer));
    const sweep = join(dir, 'data/velodyne/000002.bin');
    await rm(sweep);
    await symlink(outside, sweep);
    const res = await s.get(`/api/lidar/points/${frames[2]!.sample_id}`);
    assert.notEqual(res.status, 200);
    assert.equal(ErrorBody.parse(await res.json()).error.code, 'PATH_ESCAPE');
    const thumb = await s.get(`/api/media/${frames[2]!.sample_id}/thumb`);
    assert.notEqual(thumb.status, 200);
  });
});
