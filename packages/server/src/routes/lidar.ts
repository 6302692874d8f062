import {
  CuboidsRequest,
  type CuboidsResponse,
  type LidarFramesResponse,
  PointsQuery,
  type ProjectionsResponse,
  type SensorsResponse,
} from '@assay/api';
import { AssayError } from '@assay/core/errors';
import type { Vec3 } from '@assay/core/model/point-cloud';
import { lidarCuboids, lidarProjections } from '@assay/core/node/browse/lidar-cuboids';
import { lidarFrames, lidarSensors } from '@assay/core/node/browse/lidar-frames';
import { type MediaFile, openMediaFile } from '@assay/core/node/serve/media-file';
import { attachLabelFile, readSamplePoints } from '@assay/core/node/serve/sample-points';
import { viewPoints } from '@assay/core/point-cloud/view-points';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';
import { parseId } from './samples.js';

/** A point-cloud sample's file, opened inside its root (openMediaFile's checks), and its stored format. */
export async function openPointCloud(
  ctx: ServerContext,
  id: number,
): Promise<{ file: MediaFile; format: string | null; root: string; origin: Vec3 | null }> {
  const row = await ctx.handle.use(async (db, project) => {
    const r = await db.one<{
      root: string;
      key: string;
      kind: string;
      point_format: string | null;
      point_origin: number[] | null;
    }>('SELECT root, key, kind, point_format, point_origin FROM samples WHERE id = ?', [id]);
    return r ? { ...r, root: project.resolveRoot(r.root) } : undefined;
  });
  if (row === undefined || row.kind !== 'point_cloud') {
    throw new AssayError('NOT_FOUND', 'The project has no point-cloud sample with that id.', {
      hint: 'Point-cloud sample ids come from GET /api/lidar/frames.',
      details: { id },
    });
  }
  const o = row.point_origin;
  return {
    file: await openMediaFile(row.root, row.key, id),
    format: row.point_format,
    root: row.root,
    origin: o !== null && o.length === 3 ? [o[0]!, o[1]!, o[2]!] : null,
  };
}

/** The label file of a sweep's first `point_labels` annotation that keeps its labels apart (SemanticKITTI). */
async function labelFileOf(ctx: ServerContext, id: number): Promise<PointLabelsFile | undefined> {
  const rows = await ctx.handle.use((db) =>
    db.all<{ point_labels: string }>(
      `SELECT point_labels FROM annotations
        WHERE sample_id = ? AND kind = 'point_labels' AND point_labels IS NOT NULL ORDER BY id`,
      [id],
    ),
  );
  for (const r of rows) {
    const p = JSON.parse(r.point_labels) as { file?: unknown; encoding?: unknown };
    if (typeof p.file === 'string' && (p.encoding === 'u8' || p.encoding === 'u16' || p.encoding === 'u32'))
      return { file: p.file, encoding: p.encoding };
  }
  return undefined;
}

interface PointLabelsFile {
  file: string;
  encoding: 'u8' | 'u16' | 'u32';
}

/** The 3D view's routes: frames, points (binary), cuboids, projections and calibrations. */
export function lidarRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .get('/lidar/frames', async (c) => {
      const body: LidarFramesResponse = { frames: await ctx.handle.use((db) => lidarFrames(db)) };
      return c.json(body);
    })
    .get('/lidar/sensors', async (c) => {
      const sensors = await ctx.handle.use((db) => lidarSensors(db));
      const body: SensorsResponse = {
        sensors: [...sensors.values()].map((s) => ({
          id: s.id,
          name: s.name,
          kind: s.kind,
          common_frame: s.commonFrame,
          rotation: [...s.extrinsics.rotation],
          translation: [...s.extrinsics.translation],
          intrinsics: s.intrinsics
            ? {
                fx: s.intrinsics.fx,
                fy: s.intrinsics.fy,
                cx: s.intrinsics.cx,
                cy: s.intrinsics.cy,
                ...(s.intrinsics.skew === undefined ? {} : { skew: s.intrinsics.skew }),
              }
            : null,
        })),
      };
      return c.json(body);
    })
    .get('/lidar/points/:id', async (c) => {
      const id = parseId(c.req.param('id'));
      const query = PointsQuery.parse(c.req.query());
      const { file, format, root, origin } = await openPointCloud(ctx, id);
      let cloud: Awaited<ReturnType<typeof readSamplePoints>>;
      try {
        cloud = await readSamplePoints(file, format, origin);
      } finally {
        await file.handle.close();
      }
      // Labels kept in a file of their own (SemanticKITTI's .label) colour the points by label too.
      const labels = query.color === 'label' ? await labelFileOf(ctx, id) : undefined;
      if (labels !== undefined) {
        const labelFile = await openMediaFile(root, labels.file, id);
        try {
          cloud = await attachLabelFile(cloud, labelFile, labels.encoding);
        } finally {
          await labelFile.handle.close();
        }
      }
      const points = viewPoints(cloud, query.max, query.color);
      const bytes = new Uint8Array(points.data.buffer, points.data.byteOffset, points.data.byteLength);
      return new Response(bytes, {
        headers: {
          'content-type': 'application/octet-stream',
          'cache-control': 'no-store',
          'x-point-count': String(points.count),
          'x-point-total': String(points.total),
          'x-point-attribute': points.attribute,
          // the local origin the points are relative to (world = origin + point), when the sample has one
          ...(origin === null ? {} : { 'x-point-origin': origin.join(',') }),
        },
      });
    })
    .post('/lidar/cuboids', async (c) => {
      const req = await readBody(c, CuboidsRequest);
      const byId = await ctx.handle.use(async (db) =>
        lidarCuboids(db, await ctx.names.get(db), req.sample_ids, req.sources),
      );
      const body: CuboidsResponse = {
        samples: Object.fromEntries([...byId].map(([id, list]) => [String(id), list])),
      };
      return c.json(body);
    })
    .get('/lidar/projections/:id', async (c) => {
      const id = parseId(c.req.param('id'));
      const body: ProjectionsResponse = {
        projections: await ctx.handle.use((db) => lidarProjections(db, id)),
      };
      return c.json(body);
    });
}
