import {
  mat34Apply,
  mat34FromRigid,
  mat34Multiply,
  quatFromYaw,
  quatMultiply,
} from '../../geometry3d/mat34.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { Frame, RigidTransform, Sensor } from '../../model/sensor.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { encodeRawFloat } from '../../point-cloud/encode-points.js';
import { counted } from '../counted.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { baseName, joinPath, stripExt } from '../paths.js';
import {
  NU_VISIBILITY,
  type NuCalibratedSensor,
  type NuCategory,
  type NuEgoPose,
  type NuInstance,
  type NuSample,
  type NuSampleAnnotation,
  type NuSampleData,
  type NuScene,
  type NuSensor,
  nuToken,
} from './nuscenes-tables.js';

const IDENTITY: RigidTransform = { rotation: [1, 0, 0, 0], translation: [0, 0, 0] };
const us = (seconds: number | undefined) => Math.round((seconds ?? 0) * 1e6);

/** Whether a sweep is copied as it is (.pcd.bin, and radar-style .pcd) rather than converted to .pcd.bin. */
function keptAsIs(s: Sample): boolean {
  return s.pointCloud?.format === 'nuscenes-bin' || s.pointCloud?.format === 'pcd';
}

/**
 * Where a sample's file goes: its key when already nuScenes-like (samples/<channel>/...), else
 * samples/<channel>/<name>; a converted sweep ends in .pcd.bin.
 */
function filenameOf(s: Sample, channel: string): string {
  const path =
    s.key.startsWith('samples/') || s.key.startsWith('sweeps/')
      ? s.key
      : `samples/${channel}/${baseName(s.key)}`;
  return s.kind === 'point_cloud' && !keptAsIs(s) ? `${stripExt(path)}.pcd.bin` : path;
}

function chain<T extends { token: string; prev: string; next: string }>(rows: T[]): void {
  rows.forEach((r, i) => {
    r.prev = rows[i - 1]?.token ?? '';
    r.next = rows[i + 1]?.token ?? '';
  });
}

/**
 * Writes the nuScenes tables (v1.0-mini/*.json) and the files (samples/<channel>/, point clouds
 * converted to .pcd.bin) of a dataset with frames: each sequence a scene (and a log), each frame a
 * sample, each member a key-frame sample_data with its ego pose, each cuboid a sample_annotation in
 * global coordinates with its track as instance. Without frames there is nothing nuScenes can hold.
 */
export async function writeNuScenes(input: WriteInput): Promise<WriteResult> {
  const { dataset, io, outDir, imagesRoot } = input;
  const notes = new Set<string>();
  const files: string[] = [];
  const frames: Frame[] = dataset.frames ?? [];
  if (frames.length === 0)
    notes.add('the dataset has no frames (sensors captured together): nothing is written but empty tables');
  const samples = new Map(dataset.samples.map((s) => [s.key, s]));
  const sensors = new Map((dataset.sensors ?? []).map((s) => [s.id, s]));
  const sensorRows = new Map<string, NuSensor>();
  const calibrated: NuCalibratedSensor[] = [];
  for (const s of sensors.values()) {
    const modality = s.kind === 'lidar' || s.kind === 'camera' || s.kind === 'radar' ? s.kind : 'lidar';
    if (!sensorRows.has(s.name))
      sensorRows.set(s.name, { token: nuToken(`sensor ${s.name}`), channel: s.name, modality });
    const k = s.intrinsics;
    calibrated.push({
      token: nuToken(s.id),
      sensor_token: sensorRows.get(s.name)!.token,
      translation: [...s.extrinsics.translation],
      rotation: [...s.extrinsics.rotation],
      camera_intrinsic:
        k === undefined
          ? []
          : [
              [k.fx, k.skew ?? 0, k.cx],
              [0, k.fy, k.cy],
              [0, 0, 1],
            ],
    });
  }
  const bySequence = new Map<string, Frame[]>();
  for (const f of frames) {
    const list = bySequence.get(f.sequence ?? 'scene-0') ?? [];
    list.push(f);
    bySequence.set(f.sequence ?? 'scene-0', list);
  }
  const scenes: NuScene[] = [];
  const sampleRows: NuSample[] = [];
  const dataRows: NuSampleData[] = [];
  const egoPoses: NuEgoPose[] = [];
  const lidarOfFrame = new Map<
    string,
    { sampleToken: string; member: Frame['members'][number]; sensor: Sensor }
  >();
  const sampleOfRow = new Map<NuSampleData, Sample>();
  for (const [name, list] of bySequence) {
    list.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const sceneToken = nuToken(`scene ${name}`);
    const rows: NuSample[] = list.map((f) => ({
      token: nuToken(f.name),
      timestamp: us(f.timestamp ?? f.members[0]?.timestamp),
      scene_token: sceneToken,
      prev: '',
      next: '',
    }));
    chain(rows);
    sampleRows.push(...rows);
    const meta = dataset.sequences?.find((q) => q.name === name)?.metadata;
    scenes.push({
      token: sceneToken,
      log_token: nuToken(`log ${name}`),
      nbr_samples: rows.length,
      first_sample_token: rows[0]!.token,
      last_sample_token: rows[rows.length - 1]!.token,
      name,
      description: typeof meta?.description === 'string' ? meta.description : '',
    });
    const perSensor = new Map<string, NuSampleData[]>();
    list.forEach((f, i) => {
      for (const m of f.members) {
        const s = samples.get(m.sample);
        const sensor = sensors.get(m.sensor);
        if (s === undefined || sensor === undefined) continue;
        const token = nuToken(`${f.name} ${m.sensor} ${m.sample}`);
        egoPoses.push({
          token,
          timestamp: us(m.timestamp),
          ...(m.pose ?? IDENTITY),
          rotation: [...(m.pose ?? IDENTITY).rotation],
          translation: [...(m.pose ?? IDENTITY).translation],
        });
        const row: NuSampleData = {
          token,
          sample_token: rows[i]!.token,
          ego_pose_token: token,
          calibrated_sensor_token: nuToken(sensor.id),
          timestamp: us(m.timestamp),
          fileformat: s.kind === 'point_cloud' ? 'pcd' : (s.key.split('.').pop() ?? 'jpg'),
          is_key_frame: true,
          height: s.height ?? sensor.intrinsics?.height ?? 0,
          width: s.width ?? sensor.intrinsics?.width ?? 0,
          filename: filenameOf(s, sensor.name),
          prev: '',
          next: '',
        };
        dataRows.push(row);
        sampleOfRow.set(row, s);
        perSensor.set(sensor.id, [...(perSensor.get(sensor.id) ?? []), row]);
        if (sensor.kind === 'lidar' && !lidarOfFrame.has(s.key))
          lidarOfFrame.set(s.key, { sampleToken: rows[i]!.token, member: m, sensor });
      }
    });
    for (const chainRows of perSensor.values()) chain(chainRows);
  }
  if (input.images !== 'none') {
    for (const row of dataRows) {
      const s = sampleOfRow.get(row)!;
      const source = joinPath(imagesRoot, s.key);
      const target = joinPath(outDir, row.filename);
      if (s.kind === 'point_cloud' && !keptAsIs(s)) {
        const cloud = await collectPoints(io.readChunks(source), s.pointCloud?.format ?? 'kitti-bin', {
          file: source,
        });
        await io.writeBytes(target, encodeRawFloat(cloud, 'nuscenes-bin'));
        notes.add('point clouds converted to .pcd.bin (x, y, z, intensity, ring; other fields left out)');
      } else await io.copyFile(source, target);
      files.push(target);
    }
  }
  const categories: NuCategory[] = dataset.classes.map((c) => ({
    token: nuToken(`category ${c.name}`),
    name: c.name,
    description: '',
  }));
  const categoryToken = new Map(categories.map((c) => [c.name, c.token]));
  const instances = new Map<string, NuInstance>();
  const annRows: NuSampleAnnotation[] = [];
  const byInstance = new Map<string, NuSampleAnnotation[]>();
  let written = 0;
  for (const a of dataset.annotations) {
    const lidar = lidarOfFrame.get(a.sample);
    if (a.kind !== 'cuboid' || a.cuboid === undefined || lidar === undefined || a.label === undefined) {
      // 2D boxes are counted in one note below.
      if (a.kind !== 'bbox')
        notes.add(
          a.kind === 'cuboid'
            ? "cuboids on samples that are no frame's LiDAR sweep are left out"
            : `${a.kind} annotations are left out (nuScenes holds 3D boxes)`,
        );
      continue;
    }
    const c = a.cuboid;
    const world = mat34FromRigid(lidar.member.pose ?? IDENTITY);
    const inLidar = c.frame === lidar.sensor.name || c.frame === lidar.sensor.id || c.frame === '';
    const toGlobal = inLidar ? mat34Multiply(world, mat34FromRigid(lidar.sensor.extrinsics)) : world;
    const rotation = inLidar
      ? quatMultiply(lidar.member.pose?.rotation ?? [1, 0, 0, 0], lidar.sensor.extrinsics.rotation)
      : [...(lidar.member.pose?.rotation ?? [1, 0, 0, 0])];
    const instanceToken = nuToken(`instance ${c.trackId ?? `${a.sample} ${written}`}`);
    if (!instances.has(instanceToken))
      instances.set(instanceToken, {
        token: instanceToken,
        category_token: categoryToken.get(a.label) ?? nuToken(`category ${a.label}`),
        nbr_annotations: 0,
        first_annotation_token: '',
        last_annotation_token: '',
      });
    const row: NuSampleAnnotation = {
      token: nuToken(String(a.originalId ?? `${a.sample} ${written}`)),
      sample_token: lidar.sampleToken,
      instance_token: instanceToken,
      visibility_token: NU_VISIBILITY.find((v) => v.level === a.attributes?.visibility)?.token ?? '',
      attribute_tokens: [],
      translation: mat34Apply(toGlobal, c.center[0], c.center[1], c.center[2]),
      size: [c.size[1], c.size[0], c.size[2]],
      rotation: quatMultiply(rotation, c.rotation ?? quatFromYaw(c.yaw)),
      prev: '',
      next: '',
      num_lidar_pts: Number(a.attributes?.num_lidar_pts ?? 0),
      num_radar_pts: Number(a.attributes?.num_radar_pts ?? 0),
    };
    annRows.push(row);
    byInstance.set(instanceToken, [...(byInstance.get(instanceToken) ?? []), row]);
    written++;
  }
  for (const [token, rows] of byInstance) {
    chain(rows);
    const inst = instances.get(token)!;
    inst.nbr_annotations = rows.length;
    inst.first_annotation_token = rows[0]!.token;
    inst.last_annotation_token = rows[rows.length - 1]!.token;
  }
  const logs = scenes.map((s) => ({
    token: s.log_token,
    logfile: '',
    vehicle: 'assay',
    date_captured: '',
    location: '',
  }));
  const tables: Record<string, unknown[]> = {
    attribute: [],
    calibrated_sensor: calibrated,
    category: categories,
    ego_pose: egoPoses,
    instance: [...instances.values()],
    log: logs,
    map: [],
    sample: sampleRows,
    sample_annotation: annRows,
    sample_data: dataRows,
    scene: scenes,
    sensor: [...sensorRows.values()],
    visibility: NU_VISIBILITY,
  };
  for (const [name, rows] of Object.entries(tables)) {
    const target = joinPath(outDir, 'v1.0-mini', `${name}.json`);
    await io.writeText(target, JSON.stringify(rows, null, 1));
    files.push(target);
  }
  const unused = dataset.annotations.filter((a: Annotation) => a.kind === 'bbox').length;
  if (unused > 0)
    notes.add(`${counted(unused, '2D box', '2D boxes')} left out (nuScenes holds 3D boxes only)`);
  return { files, annotations: written, notes: [...notes] };
}
