import { AssayError } from '../../errors.js';
import {
  mat34Apply,
  mat34FromRigid,
  mat34InvertRigid,
  mat34Multiply,
  quatConjugate,
  quatMultiply,
  yawOfQuat,
} from '../../geometry3d/mat34.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { PointCloudFormat } from '../../model/point-cloud.js';
import type { Sample } from '../../model/sample.js';
import type { Frame, RigidTransform, Sensor, Sequence } from '../../model/sensor.js';
import { summarizePoints } from '../../point-cloud/point-summary.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, joinPath } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { lidarsegLabels } from './nuscenes-lidarseg.js';
import type {
  NuAttribute,
  NuCalibratedSensor,
  NuCategory,
  NuEgoPose,
  NuInstance,
  NuLidarseg,
  NuSample,
  NuSampleAnnotation,
  NuSampleData,
  NuScene,
  NuSensor,
  NuVisibility,
} from './nuscenes-tables.js';

/**
 * Version folders looked for under a dataset root, when the path is not the version folder itself
 * (nuScenes; Lyft Level 5, whose tables follow nuScenes'); a folder of the root's own name is one too
 * (Lyft's `v1.01-train/v1.01-train/`).
 */
export const NU_VERSIONS = ['v1.0-mini', 'v1.0-trainval', 'v1.0-test', 'v1.0', 'v1.01-train', 'v1.01-test'];

/** The folder holding the tables: the path itself, or a version folder inside it. */
export async function nuTablesDir(path: string, io: FormatIO): Promise<string | undefined> {
  if (await io.exists(joinPath(path, 'sample_data.json'))) return path;
  for (const v of [...NU_VERSIONS, baseName(path)])
    if (v !== '' && (await io.exists(joinPath(path, v, 'sample_data.json')))) return joinPath(path, v);
  return undefined;
}

async function table<T>(io: FormatIO, dir: string, name: string, required = true): Promise<T[]> {
  const file = joinPath(dir, `${name}.json`);
  if (!(await io.exists(file))) {
    if (!required) return [];
    throw new AssayError('INVALID_INPUT', `${file} is missing.`, {
      hint: 'A nuScenes version folder holds every table (sample.json, sample_data.json, ...).',
    });
  }
  try {
    const value = JSON.parse(await io.readText(file)) as unknown;
    if (!Array.isArray(value)) throw new Error('not a list');
    return value as T[];
  } catch (error) {
    throw new AssayError(
      'PARSE_ERROR',
      `${file} is not a nuScenes table (a JSON list): ${(error as Error).message}.`,
      { hint: 'Check the file.' },
    );
  }
}

const pose = (p: { rotation: number[]; translation: number[] }): RigidTransform => ({
  rotation: [p.rotation[0]!, p.rotation[1]!, p.rotation[2]!, p.rotation[3]!],
  translation: [p.translation[0]!, p.translation[1]!, p.translation[2]!],
});

/**
 * The point format of a sweep the tables name: a `.pcd` file is PCD (radar), any other is nuScenes' five
 * float32 a point, as the devkit's LidarPointCloud.from_file reads every `.bin` (Lyft Level 5 names its
 * sweeps `lidar/*.bin`, without `.pcd`).
 */
function pointFormat(filename: string): PointCloudFormat {
  return filename.endsWith('.pcd') ? 'pcd' : 'nuscenes-bin';
}

/**
 * Reads a nuScenes dataset (root with a version folder, or the version folder): key frames only. Each
 * `sample` is a frame of its scene (sequence) with its key-frame sample_data as members (own timestamp
 * and ego pose); calibrated sensors are sensors (ego = common frame); LiDAR and radar files are
 * point_cloud samples, camera files images; each sample_annotation becomes a cuboid in the LIDAR_TOP
 * frame (global → ego at the LiDAR's time → LiDAR), with its instance as track id.
 */
export async function readNuScenes(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const dir = await nuTablesDir(input.path, io);
  if (dir === undefined) {
    throw new AssayError('INVALID_INPUT', `${input.path} holds no nuScenes tables (sample_data.json).`, {
      hint: `Name the dataset root (with ${NU_VERSIONS[0]}/ inside) or the version folder.`,
    });
  }
  const root = dirName(dir);
  const problems = new ProblemList();
  const [
    sensorRows,
    calibrated,
    egoPoses,
    scenes,
    sampleRows,
    sampleData,
    categories,
    instances,
    anns,
    attributes,
    visibility,
    lidarseg,
  ] = await Promise.all([
    table<NuSensor>(io, dir, 'sensor'),
    table<NuCalibratedSensor>(io, dir, 'calibrated_sensor'),
    table<NuEgoPose>(io, dir, 'ego_pose'),
    table<NuScene>(io, dir, 'scene'),
    table<NuSample>(io, dir, 'sample'),
    table<NuSampleData>(io, dir, 'sample_data'),
    table<NuCategory>(io, dir, 'category'),
    table<NuInstance>(io, dir, 'instance'),
    table<NuSampleAnnotation>(io, dir, 'sample_annotation', false),
    table<NuAttribute>(io, dir, 'attribute', false),
    table<NuVisibility>(io, dir, 'visibility', false),
    table<NuLidarseg>(io, dir, 'lidarseg', false),
  ]);
  const sensorByToken = new Map(sensorRows.map((s) => [s.token, s]));
  const poses = new Map(egoPoses.map((p) => [p.token, p]));
  const keyData = sampleData.filter((d) => d.is_key_frame);
  const firstData = new Map<string, NuSampleData>();
  for (const d of keyData)
    if (!firstData.has(d.calibrated_sensor_token)) firstData.set(d.calibrated_sensor_token, d);
  const sensors: Sensor[] = calibrated.map((c) => {
    const s = sensorByToken.get(c.sensor_token);
    const sensor: Sensor = {
      id: c.token,
      name: s?.channel ?? c.sensor_token,
      kind: s?.modality ?? 'other',
      commonFrame: 'ego',
      extrinsics: pose(c),
    };
    const k = c.camera_intrinsic;
    if (k?.length === 3) {
      const d = firstData.get(c.token);
      sensor.intrinsics = {
        fx: k[0]![0]!,
        fy: k[1]![1]!,
        cx: k[0]![2]!,
        cy: k[1]![2]!,
        ...(k[0]![1] ? { skew: k[0]![1] } : {}),
        ...(d?.width ? { width: d.width, height: d.height } : {}),
      };
    }
    return sensor;
  });
  const sensorById = new Map(sensors.map((s) => [s.id, s]));
  const sceneByToken = new Map(scenes.map((s) => [s.token, s]));
  const indexOf = new Map<string, number>();
  const byToken = new Map(sampleRows.map((s) => [s.token, s]));
  for (const scene of scenes) {
    let token = scene.first_sample_token;
    for (let i = 0; token && i <= sampleRows.length; i++) {
      indexOf.set(token, i);
      token = byToken.get(token)?.next ?? '';
    }
  }
  const dataBySample = new Map<string, NuSampleData[]>();
  for (const d of keyData) {
    const list = dataBySample.get(d.sample_token) ?? [];
    list.push(d);
    dataBySample.set(d.sample_token, list);
  }
  const samples: Sample[] = [];
  const frames: Frame[] = [];
  const lidarOf = new Map<string, { key: string; toLidar: Float64Array; lidarRotation: number[] }>();
  /** Samples whose LiDAR sweep could not be read: its file name. */
  const unread = new Map<string, string>();
  for (const s of sampleRows) {
    input.signal?.throwIfAborted();
    const scene = sceneByToken.get(s.scene_token);
    const frame: Frame = {
      name: s.token,
      timestamp: s.timestamp / 1e6,
      members: [],
      ...(scene ? { sequence: scene.name } : {}),
    };
    const index = indexOf.get(s.token);
    if (index !== undefined) frame.index = index;
    for (const d of dataBySample.get(s.token) ?? []) {
      const sensor = sensorById.get(d.calibrated_sensor_token);
      const egoPose = poses.get(d.ego_pose_token);
      const member: Frame['members'][number] = {
        sample: d.filename,
        sensor: d.calibrated_sensor_token,
        timestamp: d.timestamp / 1e6,
      };
      if (egoPose) member.pose = pose(egoPose);
      frame.members.push(member);
      if (sensor?.kind === 'camera') {
        samples.push({ key: d.filename, ...(d.width ? { width: d.width, height: d.height } : {}) });
        continue;
      }
      const file = joinPath(root, d.filename);
      try {
        const format = pointFormat(d.filename);
        samples.push({
          key: d.filename,
          kind: 'point_cloud',
          pointCloud: await summarizePoints(io.readChunks(file), format, { file }),
        });
      } catch (error) {
        const missing = !(await io.exists(file));
        problems.skip(
          file,
          undefined,
          missing ? 'is missing' : reasonAbout(error, file),
          `The sweep is left out (and the boxes of its key frame); its frame keeps the other sensors.${missing ? ` sample_data file names are relative to the dataset root ${root}, the folder above the tables.` : ''}`,
        );
        if (sensor?.kind === 'lidar') unread.set(s.token, d.filename);
        frame.members.pop();
        continue;
      }
      if (sensor?.name === 'LIDAR_TOP' || (sensor?.kind === 'lidar' && !lidarOf.has(s.token))) {
        const ext = mat34FromRigid(sensor.extrinsics);
        const world = egoPose
          ? mat34FromRigid(pose(egoPose))
          : mat34FromRigid({ rotation: [1, 0, 0, 0], translation: [0, 0, 0] });
        const lidarRotation = egoPose
          ? quatMultiply(egoPose.rotation, sensor.extrinsics.rotation)
          : [...sensor.extrinsics.rotation];
        lidarOf.set(s.token, {
          key: d.filename,
          toLidar: mat34InvertRigid(mat34Multiply(world, ext)),
          lidarRotation,
        });
      }
    }
    if (frame.members.length > 0) frames.push(frame);
  }
  const categoryName = new Map(categories.map((c) => [c.token, c.name]));
  const instanceCategory = new Map(instances.map((i) => [i.token, categoryName.get(i.category_token)]));
  const attributeName = new Map(attributes.map((a) => [a.token, a.name]));
  const visibilityLevel = new Map(visibility.map((v) => [v.token, v.level]));
  const classes = new Map<string, ClassDef>(categories.map((c) => [c.name, { name: c.name }]));
  const annotations: Annotation[] = [];
  for (const a of anns) {
    const lidar = lidarOf.get(a.sample_token);
    const label = instanceCategory.get(a.instance_token);
    if (lidar === undefined || label === undefined) {
      problems.skip(
        joinPath(dir, 'sample_annotation.json'),
        `token ${a.token}`,
        lidar === undefined
          ? unread.has(a.sample_token)
            ? `its sample's LiDAR sweep ${unread.get(a.sample_token)} was not read`
            : 'its sample has no LiDAR key frame'
          : 'its instance names no category',
      );
      continue;
    }
    const center = mat34Apply(lidar.toLidar, a.translation[0]!, a.translation[1]!, a.translation[2]!);
    const q = quatMultiply(quatConjugate(lidar.lidarRotation), a.rotation);
    const attrs: Record<string, AttributeValue> = {
      num_lidar_pts: a.num_lidar_pts,
      num_radar_pts: a.num_radar_pts,
    };
    const level = visibilityLevel.get(a.visibility_token);
    if (level !== undefined) attrs.visibility = level;
    const names = a.attribute_tokens
      .map((t) => attributeName.get(t))
      .filter((n): n is string => n !== undefined);
    if (names.length > 0) attrs.attributes = names.join(',');
    annotations.push({
      sample: lidar.key,
      source: input.source,
      kind: 'cuboid',
      label,
      cuboid: {
        center,
        size: [a.size[1]!, a.size[0]!, a.size[2]!],
        yaw: yawOfQuat(q),
        rotation: q,
        frame: 'LIDAR_TOP',
        trackId: a.instance_token,
      },
      attributes: attrs,
      originalId: a.token,
    });
  }
  const pointLabels = await lidarsegLabels(
    lidarseg,
    { io, root, dir, source: input.source, sampleData, categories, samples },
    problems,
  );
  annotations.push(...pointLabels);
  const sequences: Sequence[] = scenes.map((s) => ({
    name: s.name,
    referenceSensor: 'LIDAR_TOP',
    metadata: { token: s.token, description: s.description, log: s.log_token },
  }));
  const skippedData = sampleData.length - keyData.length;
  return {
    classes: [...classes.values()],
    samples,
    annotations,
    sensors,
    frames,
    sequences,
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `${counted(scenes.length, 'scene')}, ${counted(frames.length, 'key frame')}, ${counted(annotations.length - pointLabels.length, 'cuboid')}`,
      ...(lidarseg.length > 0
        ? [`${counted(pointLabels.length, 'lidarseg label file')} read as per-point classes of their sweeps`]
        : []),
      ...(skippedData > 0
        ? [`${skippedData} sample_data records between key frames (sweeps) are not imported`]
        : []),
    ],
  };
}
