import { boxFrameToLidar } from '../../checks/lidar/cuboid-in-sensor.js';
import type {
  LidarCheckInput,
  LidarCuboid,
  LidarSample,
  PointMeasures,
} from '../../checks/lidar/lidar-check-input.js';
import { referenceMember } from '../../checks/lidar/sync-checks.js';
import { mat34Apply } from '../../geometry3d/mat34.js';
import { measureSweep } from '../../geometry3d/point-measures.js';
import type { Cuboid } from '../../model/annotation.js';
import type { StoredSample } from '../../store/project-store.js';
import { readPointCloud } from '../point-cloud/read-point-cloud.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { loadRecording } from '../store/recording-rows.js';

export interface LidarCheckDataOptions {
  /** Read the sweeps to measure points in boxes, ground and sweep sizes (default true). */
  readPoints?: boolean;
  signal?: AbortSignal;
  /** Told after each sweep read (done, total). */
  onSweep?: (done: number, total: number) => void;
}

/** The box in the LiDAR's own frame (centre moved, yaw turned by the transform's heading). */
function inLidarFrame(c: Cuboid, m: Float64Array): Cuboid {
  const center = mat34Apply(m, c.center[0], c.center[1], c.center[2]);
  const yaw = c.yaw + Math.atan2(m[4]!, m[0]!);
  return { ...c, center, yaw };
}

/**
 * What the LiDAR checks read from a project: sensors, frames, samples, one source's cuboids and 2D
 * boxes, and (reading every sweep once, one at a time) the point measures. Undefined without frames.
 */
export async function lidarCheckData(
  project: Project,
  source: string,
  options: LidarCheckDataOptions = {},
): Promise<LidarCheckInput | undefined> {
  const { store } = project;
  const recording = await loadRecording(storeDb(store));
  if (recording.frames.length === 0) return undefined;
  const stored = await store.listSamples();
  const samples = new Map<number, LidarSample>();
  const byId = new Map<number, StoredSample>();
  for (const s of stored) {
    byId.set(s.id, s);
    const row: LidarSample = { id: s.id, key: s.key, kind: s.kind ?? 'image' };
    const width = s.probe.width ?? s.width;
    const height = s.probe.height ?? s.height;
    if (width !== undefined) row.width = width;
    if (height !== undefined) row.height = height;
    samples.set(s.id, row);
  }
  const annotations = await store.listAnnotations([source]);
  const cuboids: LidarCuboid[] = [];
  const boxes: LidarCheckInput['boxes'] = [];
  for (const a of annotations) {
    const common = {
      id: a.id,
      sampleId: a.sampleId,
      ...(a.label === undefined ? {} : { label: a.label }),
      ...(a.originalId === undefined ? {} : { originalId: a.originalId }),
    };
    if (a.kind === 'cuboid' && a.cuboid !== undefined) cuboids.push({ ...common, cuboid: a.cuboid });
    else if (a.kind === 'bbox' && a.bbox !== undefined) boxes.push({ ...common, bbox: a.bbox });
  }
  const input: LidarCheckInput = {
    sensors: recording.sensors,
    frames: recording.frames,
    samples,
    cuboids,
    boxes,
  };
  if (options.readPoints === false) return input;
  const sensors = new Map(recording.sensors.map((s) => [s.id, s]));
  const bySample = new Map<number, LidarCuboid[]>();
  for (const c of cuboids) {
    const list = bySample.get(c.sampleId) ?? [];
    list.push(c);
    bySample.set(c.sampleId, list);
  }
  const measures: PointMeasures = { inside: new Map(), ground: new Map(), sweeps: new Map() };
  const sweeps = recording.frames
    .map((f) => ({ frame: f, ref: referenceMember(f, sensors) }))
    .filter((s) => s.ref !== undefined && byId.get(s.ref.sampleId)?.pointCloud !== undefined);
  let done = 0;
  for (const { ref } of sweeps) {
    options.signal?.throwIfAborted();
    const sample = byId.get(ref!.sampleId)!;
    const lidar = sensors.get(ref!.sensor)!;
    const path = `${project.resolveRoot(sample.root)}/${sample.key}`;
    const cloud = await readPointCloud(
      path,
      sample.pointCloud!.format,
      options.signal ? { signal: options.signal } : {},
    );
    const own = (bySample.get(sample.id) ?? []).flatMap((c) => {
      const m = boxFrameToLidar(c.cuboid.frame, lidar);
      return m === undefined ? [] : [{ c, box: inLidarFrame(c.cuboid, m) }];
    });
    const m = measureSweep(
      cloud,
      own.map((o) => o.box),
    );
    measures.sweeps.set(sample.id, { count: m.count, medianRange: m.medianRange });
    own.forEach((o, k) => {
      measures.inside.set(o.c.id, m.inside[k]!);
      // The ground is measured in the LiDAR frame; the checks compare it with the box's bottom there.
      if (Number.isFinite(m.ground[k]!))
        measures.ground.set(o.c.id, m.ground[k]! + (o.c.cuboid.center[2] - o.box.center[2]));
    });
    options.onSweep?.(++done, sweeps.length);
  }
  input.measures = measures;
  return input;
}
