import type { Cuboid } from '../../model/annotation.js';
import type { Sensor } from '../../model/sensor.js';
import {
  type Affine34,
  affineFromRigid,
  affineIdentity,
  affineInvertRigid,
  affineMultiply,
  cameraMatrix,
  cuboidCorners,
} from '../../point-cloud/view-geometry.js';
import type { Db } from '../store/db.js';
import type { BrowseNames } from './browse-names.js';
import { lidarSensors } from './lidar-frames.js';

/** A cuboid as the 3D view draws it: its 8 corners in the sweep's own sensor frame. */
export interface ViewCuboid {
  id: number;
  source: string;
  class_id: number | null;
  center: [number, number, number];
  size: [number, number, number];
  yaw: number;
  frame: string;
  track_id: string | null;
  score: number | null;
  /** x, y, z of corners 0-3 (bottom face) then 4-7 (top), in the sweep's sensor frame. */
  corners: number[];
  /** False when `frame` names no sensor of the sweep's frame (corners are then as stored). */
  frame_known: boolean;
}

/** The sweep's sensor and the sensors captured with it, per point-cloud sample. */
async function sensorsOfSamples(db: Db, ids: readonly number[]) {
  const rows = await db.all<{ sample_id: number; sensor_id: string; own: boolean }>(
    `SELECT me.sample_id, other.sensor_id, other.sample_id = me.sample_id AS own
       FROM frame_samples me JOIN frame_samples other ON other.frame_id = me.frame_id
      WHERE me.sample_id IN (${ids.map(() => '?').join(', ')})`,
    [...ids],
  );
  const sensors = await lidarSensors(db, [...new Set(rows.map((r) => r.sensor_id))]);
  const out = new Map<number, { own?: Sensor; all: Sensor[] }>();
  for (const r of rows) {
    const entry = out.get(r.sample_id) ?? { all: [] };
    const s = sensors.get(r.sensor_id);
    if (s) {
      entry.all.push(s);
      if (r.own) entry.own = s;
    }
    out.set(r.sample_id, entry);
  }
  return out;
}

/** The transform from coordinate frame `frame` into the sweep sensor's frame, or null when unknown. */
export function frameToSweep(
  frame: string,
  own: Sensor | undefined,
  all: readonly Sensor[],
): Affine34 | null {
  if (!own || frame === own.name || frame === own.id) return affineIdentity();
  const fromCommon = affineInvertRigid(affineFromRigid(own.extrinsics));
  if (frame === own.commonFrame) return fromCommon;
  const other = all.find((s) => s.name === frame || s.id === frame);
  return other ? affineMultiply(fromCommon, affineFromRigid(other.extrinsics)) : null;
}

/** Cuboids of the given samples (optionally of some sources), per sample id. */
export async function lidarCuboids(
  db: Db,
  names: BrowseNames,
  sampleIds: readonly number[],
  sources?: readonly string[],
): Promise<Map<number, ViewCuboid[]>> {
  const out = new Map<number, ViewCuboid[]>();
  if (sampleIds.length === 0) return out;
  const params: (number | string)[] = [...sampleIds];
  let sourceSql = '';
  if (sources !== undefined) {
    const ids = sources.map((s) => names.sourceIds.get(s)).filter((v): v is number => v !== undefined);
    if (ids.length === 0) return out;
    sourceSql = `AND source_id IN (${ids.map(() => '?').join(', ')})`;
    params.push(...ids);
  }
  const rows = await db.all<Record<string, unknown>>(
    `SELECT id, sample_id, source_id, class_id, cx, cy, cz, size_l, size_w, size_h, yaw, rotation, coord_frame,
            track_id, score
       FROM annotations
      WHERE kind = 'cuboid' AND sample_id IN (${sampleIds.map(() => '?').join(', ')}) ${sourceSql}
      ORDER BY sample_id, source_id, id`,
    params,
  );
  const sensors = await sensorsOfSamples(db, sampleIds);
  for (const r of rows) {
    const cuboid: Cuboid = {
      center: [r.cx as number, r.cy as number, r.cz as number],
      size: [r.size_l as number, r.size_w as number, r.size_h as number],
      yaw: (r.yaw as number | null) ?? 0,
      frame: (r.coord_frame as string | null) ?? '',
    };
    const rotation = r.rotation as number[] | null;
    if (rotation && rotation.length === 4) cuboid.rotation = rotation as [number, number, number, number];
    const s = sensors.get(r.sample_id as number);
    const m = frameToSweep(cuboid.frame, s?.own, s?.all ?? []);
    const list = out.get(r.sample_id as number) ?? [];
    list.push({
      id: r.id as number,
      source: names.sourceNames.get(r.source_id as number) ?? String(r.source_id),
      class_id: (r.class_id as number | null) ?? null,
      center: cuboid.center,
      size: cuboid.size,
      yaw: cuboid.yaw,
      frame: cuboid.frame,
      track_id: (r.track_id as string | null) ?? null,
      score: (r.score as number | null) ?? null,
      corners: Array.from(cuboidCorners(cuboid, m ?? affineIdentity())),
      frame_known: m !== null,
    });
    out.set(r.sample_id as number, list);
  }
  return out;
}

/** A camera of the sweep's frame and the matrix taking sweep points to its pixels. */
export interface ViewProjection {
  sample_id: number;
  sensor: string;
  width: number | null;
  height: number | null;
  /** 3×4 row-major: (u·d, v·d, d) = P · (x, y, z, 1) for a point in the sweep's sensor frame. */
  matrix: number[];
}

/** The projection of a sweep into every camera of its frame that has intrinsics. */
export async function lidarProjections(db: Db, sampleId: number): Promise<ViewProjection[]> {
  const rows = await db.all<{
    sample_id: number;
    sensor_id: string;
    width: number | null;
    height: number | null;
  }>(
    `SELECT other.sample_id, other.sensor_id, coalesce(s.width, s.declared_width) AS width,
            coalesce(s.height, s.declared_height) AS height
       FROM frame_samples me
       JOIN frame_samples other ON other.frame_id = me.frame_id AND other.sample_id <> me.sample_id
       JOIN samples s ON s.id = other.sample_id
      WHERE me.sample_id = ?
      ORDER BY other.sensor_id, other.sample_id`,
    [sampleId],
  );
  const own = await db.one<{ sensor_id: string }>('SELECT sensor_id FROM frame_samples WHERE sample_id = ?', [
    sampleId,
  ]);
  if (!own) return [];
  const sensors = await lidarSensors(db, [own.sensor_id, ...rows.map((r) => r.sensor_id)]);
  const lidar = sensors.get(own.sensor_id);
  if (!lidar) return [];
  const toCommon = affineFromRigid(lidar.extrinsics);
  const out: ViewProjection[] = [];
  for (const r of rows) {
    const cam = sensors.get(r.sensor_id);
    if (!cam?.intrinsics || cam.kind !== 'camera') continue;
    const toCamera = affineMultiply(affineInvertRigid(affineFromRigid(cam.extrinsics)), toCommon);
    out.push({
      sample_id: r.sample_id,
      sensor: r.sensor_id,
      width: r.width ?? cam.intrinsics.width ?? null,
      height: r.height ?? cam.intrinsics.height ?? null,
      matrix: Array.from(cameraMatrix(cam.intrinsics, toCamera)),
    });
  }
  return out;
}
