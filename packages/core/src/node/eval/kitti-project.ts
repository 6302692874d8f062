import { evaluateKitti, type KittiEvaluation } from '../../eval/kitti/evaluate-kitti.js';
import { type KittiObject, kittiObjectsFromFrames } from '../../eval/kitti/kitti-objects.js';
import { browseNames } from '../browse/browse-names.js';
import {
  lidarCuboids,
  lidarProjections,
  type ViewCuboid,
  type ViewProjection,
} from '../browse/lidar-cuboids.js';
import { type Db, parseJson } from '../store/db.js';

/** Height given to objects of a sweep without a camera: the 2D height then never decides difficulty. */
const NO_CAMERA_HEIGHT = 1000;

/** The cuboid's 2D box in the camera (corners in front of it, clipped to the image), or null. */
function imageBox(c: ViewCuboid, p: ViewProjection): [number, number, number, number] | null {
  const m = p.matrix;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let k = 0; k < 8; k++) {
    const [x, y, z] = [
      c.corners[k * 3] as number,
      c.corners[k * 3 + 1] as number,
      c.corners[k * 3 + 2] as number,
    ];
    const d = (m[8] as number) * x + (m[9] as number) * y + (m[10] as number) * z + (m[11] as number);
    if (!(d > 0.1)) continue;
    const u = ((m[0] as number) * x + (m[1] as number) * y + (m[2] as number) * z + (m[3] as number)) / d;
    const v = ((m[4] as number) * x + (m[5] as number) * y + (m[6] as number) * z + (m[7] as number)) / d;
    x1 = Math.min(x1, u);
    x2 = Math.max(x2, u);
    y1 = Math.min(y1, v);
    y2 = Math.max(y2, v);
  }
  if (!Number.isFinite(x1)) return null;
  const w = p.width ?? Number.POSITIVE_INFINITY;
  const h = p.height ?? Number.POSITIVE_INFINITY;
  return [Math.max(0, x1), Math.max(0, y1), Math.min(w - 1, x2), Math.min(h - 1, y2)];
}

/**
 * A cuboid as a KITTI object for the BEV and 3D overlaps, in the sweep's frame (z up): the devkit's
 * ground plane (x, z) is the sweep's (x, y), its y (down) is -z, and ry = -yaw; overlaps do not change
 * under this rigid map. Centre and yaw come from the corners (already in the sweep frame).
 */
function kittiObjectOf(
  c: ViewCuboid,
  type: string,
  attributes: Record<string, unknown>,
  box: [number, number, number, number] | null,
  detection: boolean,
): KittiObject {
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let k = 0; k < 8; k++) {
    cx += (c.corners[k * 3] as number) / 8;
    cy += (c.corners[k * 3 + 1] as number) / 8;
    cz += (c.corners[k * 3 + 2] as number) / 8;
  }
  // Corner 0 − corner 3 runs along the box's heading (length).
  const yaw = Math.atan2(
    (c.corners[1] as number) - (c.corners[10] as number),
    (c.corners[0] as number) - (c.corners[9] as number),
  );
  const [l, w, h] = c.size;
  const [x1, y1, x2, y2] = box ?? [0, 0, NO_CAMERA_HEIGHT, NO_CAMERA_HEIGHT];
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  return {
    type,
    truncation: num(attributes.truncated, 0),
    occlusion: Math.trunc(num(attributes.occluded, 0)),
    alpha: -10,
    // A detection's x1 of -1 keeps the devkit's 2D evaluation off: the projected box only sets difficulty.
    x1: detection ? -1 : x1,
    y1,
    x2,
    y2,
    h,
    w,
    l,
    tx: cx,
    ty: -cz + h / 2,
    tz: cy,
    ry: -yaw,
    score: detection ? (c.score ?? 1) : Number.NaN,
  };
}

export interface KittiProjectEvaluation extends KittiEvaluation {
  /** Keys of the point-cloud samples evaluated (those with a cuboid of either source). */
  frameKeys: string[];
  /** Frames without a camera: their objects' difficulty comes from occlusion and truncation only. */
  framesWithoutCamera: number;
}

/**
 * KITTI BEV and 3D AP of the cuboids of `pred` against those of `gt`, per point-cloud sample. Difficulty
 * uses each cuboid's `truncated`/`occluded` attributes (KITTI imports keep them; 0 otherwise) and the
 * height of its box projected into the frame's first camera.
 */
export async function evaluateKittiProject(
  db: Db,
  gt: string,
  pred: string,
  signal?: AbortSignal,
): Promise<KittiProjectEvaluation> {
  const names = await browseNames(db);
  const classNames = new Map([...names.classIds].map(([name, id]) => [id, name]));
  const samples = await db.all<{ id: number; key: string }>(
    `SELECT DISTINCT s.id, s.key FROM samples s JOIN annotations a ON a.sample_id = s.id
      WHERE s.kind = 'point_cloud' AND a.kind = 'cuboid' ORDER BY s.key`,
  );
  const attrs = new Map(
    (
      await db.all<{ id: number; attributes: string | null }>(
        `SELECT id, attributes::VARCHAR AS attributes FROM annotations WHERE kind = 'cuboid'`,
      )
    ).map((r) => [r.id, parseJson<Record<string, unknown>>(r.attributes) ?? {}]),
  );
  const gtFrames: KittiObject[][] = [];
  const dtFrames: KittiObject[][] = [];
  let framesWithoutCamera = 0;
  for (let i = 0; i < samples.length; i += 200) {
    signal?.throwIfAborted();
    const batch = samples.slice(i, i + 200);
    const cuboids = await lidarCuboids(
      db,
      names,
      batch.map((s) => s.id),
      [gt, pred],
    );
    for (const s of batch) {
      const camera = (await lidarProjections(db, s.id))[0];
      if (!camera) framesWithoutCamera++;
      const g: KittiObject[] = [];
      const d: KittiObject[] = [];
      for (const c of cuboids.get(s.id) ?? []) {
        const type = classNames.get(c.class_id ?? -1) ?? 'unknown';
        // Out of the camera's view: a zero box (too small for any difficulty), as KITTI labels none there.
        const box = camera ? (imageBox(c, camera) ?? [0, 0, 0, 0]) : null;
        const o = kittiObjectOf(c, type, attrs.get(c.id) ?? {}, box, c.source === pred);
        (c.source === pred ? d : g).push(o);
      }
      gtFrames.push(g);
      dtFrames.push(d);
    }
  }
  const evaluation = evaluateKitti(kittiObjectsFromFrames(gtFrames), kittiObjectsFromFrames(dtFrames), {
    ...(signal ? { signal } : {}),
  });
  return { ...evaluation, frameKeys: samples.map((s) => s.key), framesWithoutCamera };
}
