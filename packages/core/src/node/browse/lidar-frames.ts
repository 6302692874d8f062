import type { DuckDBValue } from '@duckdb/node-api';
import type { Sensor } from '../../model/sensor.js';
import type { Db } from '../store/db.js';
import { type SensorRow, toSensor } from '../store/recording-rows.js';

/** A camera image captured with a sweep (same frame). */
export interface LidarFrameCamera {
  sample_id: number;
  sensor: string;
  width: number | null;
  height: number | null;
}

/** One point-cloud sample as the 3D view steps through them, with its frame and that frame's cameras. */
export interface LidarFrameRow {
  sample_id: number;
  key: string;
  point_count: number | null;
  /** The frame's name, or null when the sample belongs to none (then it is a frame of its own). */
  frame: string | null;
  sequence: string | null;
  index: number | null;
  timestamp: number | null;
  /** The sweep's sensor id, when the frame says. */
  sensor: string | null;
  cameras: LidarFrameCamera[];
}

/**
 * Every point-cloud sample in viewing order: by sequence, position in it, frame name, then key
 * (samples outside any frame last). Cameras are the frame's members whose sensor is a camera.
 */
export async function lidarFrames(db: Db): Promise<LidarFrameRow[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT s.id AS sample_id, s.key, s.point_count, f.id AS frame_id, f.name AS frame, f.sequence,
            f.seq_index, f.timestamp, fs.sensor_id
       FROM samples s
       LEFT JOIN frame_samples fs ON fs.sample_id = s.id
       LEFT JOIN frames f ON f.id = fs.frame_id
      WHERE s.kind = 'point_cloud'
      ORDER BY f.sequence NULLS LAST, f.seq_index NULLS LAST, f.name NULLS LAST, s.key`,
  );
  const cameras = await db.all<Record<string, unknown>>(
    `SELECT fs.frame_id, fs.sample_id, fs.sensor_id, coalesce(s.width, s.declared_width, se.width) AS width,
            coalesce(s.height, s.declared_height, se.height) AS height
       FROM frame_samples fs
       JOIN sensors se ON se.id = fs.sensor_id
       JOIN samples s ON s.id = fs.sample_id
      WHERE se.kind = 'camera'
      ORDER BY fs.frame_id, se.name, fs.sample_id`,
  );
  const byFrame = new Map<number, LidarFrameCamera[]>();
  for (const c of cameras) {
    const list = byFrame.get(c.frame_id as number) ?? [];
    list.push({
      sample_id: c.sample_id as number,
      sensor: c.sensor_id as string,
      width: (c.width as number | null) ?? null,
      height: (c.height as number | null) ?? null,
    });
    byFrame.set(c.frame_id as number, list);
  }
  const seen = new Set<number>();
  const out: LidarFrameRow[] = [];
  for (const r of rows) {
    const id = r.sample_id as number;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      sample_id: id,
      key: r.key as string,
      point_count: (r.point_count as number | null) ?? null,
      frame: (r.frame as string | null) ?? null,
      sequence: (r.sequence as string | null) ?? null,
      index: (r.seq_index as number | null) ?? null,
      timestamp: (r.timestamp as number | null) ?? null,
      sensor: (r.sensor_id as string | null) ?? null,
      cameras: r.frame_id === null ? [] : (byFrame.get(r.frame_id as number) ?? []),
    });
  }
  return out;
}

/** The calibration of the given sensors (all when `ids` is absent), by id. */
export async function lidarSensors(db: Db, ids?: readonly string[]): Promise<Map<string, Sensor>> {
  const params: DuckDBValue[] = [];
  let where = '';
  if (ids !== undefined) {
    if (ids.length === 0) return new Map();
    where = `WHERE id IN (${ids.map(() => '?').join(', ')})`;
    params.push(...ids);
  }
  const rows = await db.all<SensorRow>(
    `SELECT id, name, kind, common_frame, rotation, translation, fx, fy, cx, cy, skew, width, height,
            distortion, metadata::VARCHAR AS metadata
       FROM sensors ${where} ORDER BY id`,
    params,
  );
  return new Map(rows.map((r) => [r.id, toSensor(r)]));
}
