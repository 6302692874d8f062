import { computeLidarStats, type LidarStats } from '../../stats/lidar-stats.js';
import type { Db } from '../store/db.js';

/**
 * The LiDAR statistics of a project by SQL (undefined without point clouds): sweep sizes, each cuboid's
 * class, distance and `num_lidar_pts` attribute (set by the KITTI and nuScenes readers), and each
 * sensor's offset from its frame's LiDAR.
 */
export async function lidarStatsRows(db: Db, source: string): Promise<LidarStats | undefined> {
  const sweeps = await db.all<{ n: number }>(
    `SELECT point_count AS n FROM samples WHERE kind = 'point_cloud' AND point_count IS NOT NULL`,
  );
  if (sweeps.length === 0) return undefined;
  const objects = await db.all<{ label: string | null; distance: number; points: number | null }>(
    `SELECT c.name AS label, sqrt(a.cx * a.cx + a.cy * a.cy) AS distance,
            TRY_CAST(json_extract_string(a.attributes, '$.num_lidar_pts') AS DOUBLE) AS points
       FROM annotations a JOIN sources src ON src.id = a.source_id LEFT JOIN classes c ON c.id = a.class_id
      WHERE a.kind = 'cuboid' AND src.name = ? AND a.cx IS NOT NULL`,
    [source],
  );
  const offsets = await db.all<{ sensor: string; offset_ms: number }>(
    `WITH ref AS (
       SELECT m.frame_id, min(m.timestamp) AS t FROM frame_samples m JOIN sensors s ON s.id = m.sensor_id
        WHERE s.kind = 'lidar' AND m.timestamp IS NOT NULL GROUP BY m.frame_id)
     SELECT s.name AS sensor, (m.timestamp - ref.t) * 1000 AS offset_ms
       FROM frame_samples m JOIN sensors s ON s.id = m.sensor_id JOIN ref ON ref.frame_id = m.frame_id
      WHERE s.kind <> 'lidar' AND m.timestamp IS NOT NULL`,
  );
  const bySensor = new Map<string, number[]>();
  for (const o of offsets) bySensor.set(o.sensor, [...(bySensor.get(o.sensor) ?? []), o.offset_ms]);
  return computeLidarStats({
    pointsPerSweep: sweeps.map((s) => Number(s.n)),
    frames: await db.scalar('SELECT count(*) FROM frames'),
    objects: objects.map((o) => ({
      label: o.label ?? '(unlabelled)',
      distance: o.distance,
      ...(o.points === null ? {} : { points: o.points }),
    })),
    offsets: bySensor,
  });
}
