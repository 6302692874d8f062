import type { Dataset } from '../formats/dataset.js';
import { mat34FromRigid, mat34InvertRigid, mat34Multiply, mat34ToRigid } from '../geometry3d/mat34.js';
import { projectCuboidBox } from '../geometry3d/project-points.js';
import type { Annotation, Cuboid } from '../model/annotation.js';
import type { PointCloud } from '../model/point-cloud.js';
import type { Sample } from '../model/sample.js';
import type { Frame, RigidTransform, Sensor } from '../model/sensor.js';
import { emptyBounds, pointBounds } from '../point-cloud/point-summary.js';
import { mulberry32 } from '../random/mulberry32.js';
import { makeTracks, POINTS_PER_OBJECT, type SceneObject, SIZES, trackBox } from './lidar-scene-objects.js';

/** A defect planted in a synthetic scene: the issue type a check should report, on which sample (and object). */
export interface PlantedDefect {
  type: string;
  sample: string;
  /** The annotation's originalId, for defects of one object. */
  object?: string;
}

export interface LidarSceneOptions {
  /** Frames per sequence (default 12); two sequences: `a` holds every defect but one, `b` a camera miscalibrated. */
  frames?: number;
  /** Points per sweep (default 4,000). */
  points?: number;
  /** Objects per frame (default 6). */
  objects?: number;
  seed?: number;
  /** Plant the defects (default true); false gives a clean scene. */
  defects?: boolean;
}

export interface LidarScene {
  dataset: Dataset;
  /** The points of a sweep by sample key, made on demand (the same points every call). */
  cloud(key: string): PointCloud;
  images: { key: string; width: number; height: number }[];
  planted: PlantedDefect[];
}

const LIDAR_HEIGHT = 1.8;
const PERIOD = 0.1;
const SPEED = 10;
const WIDTH = 640;
const HEIGHT = 480;
/** Camera optical frame (x right, y down, z forward) → ego (x forward, y left, z up). */
const CAMERA_TO_EGO = Float64Array.of(0, 0, 1, 1.5, -1, 0, 0, 0, 0, -1, 0, 1.5);
/** The stored yaw error of sequence b's camera, degrees. */
const CALIBRATION_ERROR_DEG = 5;

function cameraSensor(id: string, yawErrorDeg: number): Sensor {
  const a = (yawErrorDeg * Math.PI) / 180;
  const turn = Float64Array.of(Math.cos(a), -Math.sin(a), 0, 0, Math.sin(a), Math.cos(a), 0, 0, 0, 0, 1, 0);
  return {
    id,
    name: 'CAM_FRONT',
    kind: 'camera',
    commonFrame: 'ego',
    extrinsics: mat34ToRigid(mat34Multiply(turn, CAMERA_TO_EGO)),
    intrinsics: { fx: 600, fy: 600, cx: WIDTH / 2, cy: HEIGHT / 2, width: WIDTH, height: HEIGHT },
  };
}

function lidarSensor(id: string): Sensor {
  return {
    id,
    name: 'LIDAR_TOP',
    kind: 'lidar',
    commonFrame: 'ego',
    extrinsics: { rotation: [1, 0, 0, 0], translation: [0, 0, LIDAR_HEIGHT] },
  };
}

interface SweepPlan {
  key: string;
  seed: number;
  points: number;
  objects: SceneObject[];
}

/** Ground points on a 40 m disc 5 cm under the boxes' bottoms, then each object's points inside its box. */
function makeCloud(plan: SweepPlan): PointCloud {
  const random = mulberry32(plan.seed);
  const objectPoints = plan.objects.reduce((n, o) => n + o.points, 0);
  const n = Math.max(plan.points, objectPoints);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const z = new Float32Array(n);
  const intensity = new Float32Array(n);
  let i = 0;
  for (const o of plan.objects) {
    const [l, w, h] = o.box.size;
    const cos = Math.cos(o.box.yaw);
    const sin = Math.sin(o.box.yaw);
    for (let k = 0; k < o.points; k++, i++) {
      const u = (random() - 0.5) * l * 0.98;
      const v = (random() - 0.5) * w * 0.98;
      x[i] = o.box.center[0] + u * cos - v * sin;
      y[i] = o.box.center[1] + u * sin + v * cos;
      z[i] = o.box.center[2] + (random() - 0.5) * h * 0.98;
      intensity[i] = 0.3 + 0.5 * random();
    }
  }
  for (; i < n; i++) {
    const r = 3 + 37 * Math.sqrt(random());
    const a = 2 * Math.PI * random();
    x[i] = r * Math.cos(a);
    y[i] = r * Math.sin(a);
    z[i] = -LIDAR_HEIGHT - 0.05 + (random() - 0.5) * 0.02;
    intensity[i] = 0.1 * random();
  }
  return { count: n, fields: { x, y, z, intensity } };
}

function inLidar(box: Cuboid, dz: number): Cuboid {
  return {
    ...box,
    center: [box.center[0], box.center[1], box.center[2] - LIDAR_HEIGHT + dz],
    frame: 'LIDAR_TOP',
  };
}

/**
 * A deterministic two-sequence LiDAR + front-camera recording with known cuboids and point counts, and
 * (by default) one planted defect of each LiDAR check type, listed in `planted` (see the README's
 * synthetic scene notes). Sequence `a` (ego at 10 m/s, LiDAR at 10 Hz) has a camera captured 80 ms late,
 * a dropped and a duplicated frame, an empty box, an outsized car, a floating and a sunken box, a
 * duplicated box, a flipped and a turned track, and a sweep with a tenth of its points; sequence `b`'s
 * camera calibration is stored 5° off.
 */
export function lidarScene(options: LidarSceneOptions = {}): LidarScene {
  const frames = options.frames ?? 12;
  const points = options.points ?? 4000;
  const defects = options.defects ?? true;
  const random = mulberry32(options.seed ?? 1);
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  const sensors: Sensor[] = [];
  const frameList: Frame[] = [];
  const plans = new Map<string, SweepPlan>();
  const images: LidarScene['images'] = [];
  const planted: PlantedDefect[] = [];
  const at = (f: number) => Math.min(frames - 1, Math.max(1, Math.round(f * frames)));
  for (const seq of ['a', 'b']) {
    const plantHere = defects && seq === 'a';
    const lidar = lidarSensor(`${seq}/LIDAR_TOP`);
    const stored = cameraSensor(`${seq}/CAM_FRONT`, defects && seq === 'b' ? CALIBRATION_ERROR_DEG : 0);
    const truth = cameraSensor('truth', 0);
    sensors.push(lidar, stored);
    const tracks = makeTracks(options.objects ?? 6, random, seq);
    const start = seq === 'a' ? 1_700_000_000 : 1_700_000_100;
    let index = 0;
    for (let f = 0; f < frames; f++) {
      if (plantHere && f === at(0.3)) continue; // dropped frame: the next frame follows after two periods
      const repeat = plantHere && f === at(0.5) ? 2 : 1; // duplicated frame: the same time twice
      for (let r = 0; r < repeat; r++) {
        const name = `${seq}-${String(index).padStart(4, '0')}`;
        const seconds = f * PERIOD;
        const time = start + seconds;
        const lidarKey = `samples/LIDAR_TOP/${name}.pcd.bin`;
        const cameraKey = `samples/CAM_FRONT/${name}.png`;
        const pose: RigidTransform = { rotation: [1, 0, 0, 0], translation: [SPEED * seconds, 0, 0] };
        let cameraTime = time + (random() - 0.5) * 0.006;
        if (plantHere && f === at(0.2)) {
          cameraTime = time + 0.08;
          planted.push({ type: 'sync_offset', sample: cameraKey });
        }
        // Camera pose at its own time: the ego has moved on by speed × offset.
        const cameraPose: RigidTransform = {
          rotation: [1, 0, 0, 0],
          translation: [SPEED * (cameraTime - start), 0, 0],
        };
        if (r === 1) planted.push({ type: 'frame_duplicate', sample: lidarKey });
        if (plantHere && f === at(0.3) + 1) planted.push({ type: 'frame_dropped', sample: lidarKey });
        const objects: SceneObject[] = tracks.map((t, k) => {
          let yaw = 0;
          if (plantHere && k === 0 && f >= at(0.6)) yaw = Math.PI; // flipped from here on
          if (plantHere && k === 1 && f >= at(0.7)) yaw = Math.PI / 2; // turned from here on
          return {
            track: t.name,
            label: t.label,
            box: inLidar(trackBox(t, seconds, yaw), 0),
            points: POINTS_PER_OBJECT[t.label],
            box2d: true,
            id: `${name}:${t.name}`,
          };
        });
        if (plantHere && r === 0) {
          if (f === at(0.6))
            planted.push({
              type: 'track_heading_flip',
              sample: lidarKey,
              object: `${name}:${tracks[0]!.name}`,
            });
          if (f === at(0.7))
            planted.push({
              type: 'track_heading_jump',
              sample: lidarKey,
              object: `${name}:${tracks[1]!.name}`,
            });
          const extra = (
            label: SceneObject['label'],
            id: string,
            x: number,
            y: number,
            size: [number, number, number],
            dz: number,
            pts: number,
          ): SceneObject => ({
            track: `${name}-${id}`,
            label,
            box: inLidar(
              { center: [x, y, size[2] / 2], size, yaw: 0, frame: 'ego', trackId: `${name}-${id}` },
              dz,
            ),
            points: pts,
            box2d: pts > 0,
            id: `${name}:${id}`,
          });
          const add = (o: SceneObject, type: string) => {
            objects.push(o);
            planted.push({ type, sample: lidarKey, object: o.id });
          };
          // One extra box per frame, in the camera's view, within the 40 m of ground, clear of the tracks.
          if (f === 1) add(extra('car', 'empty', 22, 6, [...SIZES.car], 0, 0), 'cuboid_few_points');
          if (f === 2) add(extra('car', 'huge', 30, 8, [12, 5, 4], 0, 400), 'cuboid_size_outlier');
          if (f === 3)
            add(extra('pedestrian', 'floating', 14, -4.5, [...SIZES.pedestrian], 2, 80), 'cuboid_floating');
          if (f === 5)
            add(extra('pedestrian', 'sunken', 22, 6, [...SIZES.pedestrian], -1.5, 80), 'cuboid_below_ground');
          if (f === 9) {
            const twin = objects[2]!;
            const copy: SceneObject = {
              ...twin,
              track: `${name}-twin`,
              points: 0,
              box2d: false,
              id: `${name}:twin`,
              box: {
                ...twin.box,
                center: [twin.box.center[0] + 0.3, twin.box.center[1], twin.box.center[2]],
                trackId: `${name}-twin`,
              },
            };
            add(copy, 'cuboid_overlap');
          }
        }
        const sparse = plantHere && f === at(0.8) && r === 0;
        if (sparse) planted.push({ type: 'sweep_anomaly', sample: lidarKey });
        plans.set(lidarKey, {
          key: lidarKey,
          seed: (options.seed ?? 1) * 100_003 + index * 7 + (seq === 'a' ? 0 : 50_000),
          points: sparse ? Math.round(points / 10) : points,
          objects,
        });
        samples.push({ key: lidarKey, kind: 'point_cloud' });
        samples.push({ key: cameraKey, width: WIDTH, height: HEIGHT });
        images.push({ key: cameraKey, width: WIDTH, height: HEIGHT });
        if (seq === 'b' && defects) planted.push({ type: 'calibration_mismatch', sample: cameraKey });
        const toCamera = mat34Multiply(
          mat34InvertRigid(mat34FromRigid(truth.extrinsics)),
          mat34Multiply(
            mat34InvertRigid(mat34FromRigid(cameraPose)),
            mat34Multiply(mat34FromRigid(pose), mat34FromRigid(lidar.extrinsics)),
          ),
        );
        for (const o of objects) {
          annotations.push({
            sample: lidarKey,
            source: 'ground_truth',
            kind: 'cuboid',
            label: o.label,
            cuboid: { ...o.box, trackId: o.track },
            originalId: o.id,
          });
          if (!o.box2d) continue;
          const bbox = projectCuboidBox(o.box, toCamera, truth.intrinsics!, WIDTH, HEIGHT);
          if (bbox !== undefined)
            annotations.push({
              sample: cameraKey,
              source: 'ground_truth',
              kind: 'bbox',
              label: o.label,
              bbox,
              originalId: o.id,
            });
        }
        frameList.push({
          name,
          sequence: seq,
          index,
          timestamp: time,
          members: [
            { sample: lidarKey, sensor: lidar.id, timestamp: time, pose },
            { sample: cameraKey, sensor: stored.id, timestamp: cameraTime, pose: cameraPose },
          ],
        });
        index++;
      }
    }
  }
  const cloud = (key: string): PointCloud => {
    const plan = plans.get(key);
    if (plan === undefined) throw new Error(`no sweep ${key} in the synthetic scene`);
    return makeCloud(plan);
  };
  for (const s of samples) {
    if (s.kind !== 'point_cloud') continue;
    const plan = plans.get(s.key)!;
    const count = Math.max(
      plan.points,
      plan.objects.reduce((n, o) => n + o.points, 0),
    );
    s.pointCloud = { format: 'nuscenes-bin', count, fields: ['x', 'y', 'z', 'intensity', 'ring'] };
  }
  return {
    dataset: {
      classes: [{ name: 'car' }, { name: 'pedestrian' }, { name: 'cyclist' }],
      samples,
      annotations,
      sensors,
      frames: frameList,
      sequences: [
        { name: 'a', referenceSensor: 'LIDAR_TOP' },
        { name: 'b', referenceSensor: 'LIDAR_TOP' },
      ],
    },
    cloud,
    images,
    planted,
  };
}

/** Bounds of a cloud (for samples written with their points). */
export function cloudBounds(cloud: PointCloud) {
  return pointBounds(cloud, emptyBounds());
}
