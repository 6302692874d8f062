import { cuboidMatches } from '../../eval/kitti/cuboid-matches.js';
import { evaluateKitti, type KittiEvaluation } from '../../eval/kitti/evaluate-kitti.js';
import { type KittiObject, kittiObjectsFromFrames } from '../../eval/kitti/kitti-objects.js';
import type { EvalMatchRow, EvalSampleRow } from '../../store/project-store.js';
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

type Box = [number, number, number, number];

/**
 * A cuboid as a KITTI object for the BEV and 3D overlaps, in the sweep's frame (z up): the devkit's
 * ground plane (x, z) is the sweep's (x, y), its y (down) is -z, and ry = -yaw; overlaps do not change
 * under this rigid map. Centre and yaw come from the corners (already in the sweep frame). `paired` is
 * the object's own 2D box in the camera image (a KITTI import's box sharing the cuboid's original id):
 * it gives the 2D metric and AOS their box, and the difficulty its height, as in the label file.
 */
function kittiObjectOf(
  c: ViewCuboid,
  type: string,
  attributes: Record<string, unknown>,
  box: { projected: Box | null; paired: Box | undefined },
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
  const [x1, y1, x2, y2] = box.paired ?? box.projected ?? [0, 0, NO_CAMERA_HEIGHT, NO_CAMERA_HEIGHT];
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  return {
    type,
    truncation: num(attributes.truncated, 0),
    occlusion: Math.trunc(num(attributes.occluded, 0)),
    // Without its own 2D box a detection has no alpha, and the devkit computes no AOS.
    alpha: box.paired === undefined ? -10 : num(attributes.alpha, -10),
    // A detection's x1 of -1 keeps the devkit's 2D evaluation off: a projected box only sets difficulty.
    x1: detection && box.paired === undefined ? -1 : x1,
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

/** The 2D boxes of the two sources that carry an original id, by source and id (KITTI pairs them with cuboids). */
async function pairedBoxes(db: Db, sources: readonly string[]): Promise<Map<string, Box>> {
  const rows = await db.all<{
    source: string;
    original_id: string;
    x: number;
    y: number;
    w: number;
    h: number;
  }>(
    `SELECT src.name AS source, a.original_id, a.x, a.y, a.w, a.h
       FROM annotations a JOIN sources src ON src.id = a.source_id
      WHERE a.kind = 'bbox' AND a.original_id IS NOT NULL AND src.name IN (?, ?)`,
    [sources[0]!, sources[1]!],
  );
  return new Map(rows.map((r) => [`${r.source}\u0000${r.original_id}`, [r.x, r.y, r.x + r.w, r.y + r.h]]));
}

export interface KittiProjectEvaluation extends KittiEvaluation {
  /** Keys of the point-cloud samples evaluated (those with a cuboid of either source). */
  frameKeys: string[];
  /** Frames without a camera: their objects' difficulty comes from occlusion and truncation only. */
  framesWithoutCamera: number;
  /** Every cuboid's outcome (cuboid-matches.ts), and TP/FP/FN per point-cloud sample. */
  matches: EvalMatchRow[];
  samples: EvalSampleRow[];
  /** Detections with their own 2D box; the 2D metric and AOS are evaluated when every detection has one. */
  detectionsWith2d: number;
  detections: number;
}

export interface EvaluateKittiProjectOptions {
  /** 3D IoU of a per-object match for classes KITTI does not name (default 0.5). */
  iou?: number;
  signal?: AbortSignal;
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
  options: EvaluateKittiProjectOptions = {},
): Promise<KittiProjectEvaluation> {
  const { signal } = options;
  const names = await browseNames(db);
  const classNames = new Map([...names.classIds].map(([name, id]) => [id, name]));
  const samples = await db.all<{ id: number; key: string }>(
    `SELECT DISTINCT s.id, s.key FROM samples s JOIN annotations a ON a.sample_id = s.id
      WHERE s.kind = 'point_cloud' AND a.kind = 'cuboid' ORDER BY s.key`,
  );
  const rows = await db.all<{ id: number; attributes: string | null; original_id: string | null }>(
    `SELECT id, attributes::VARCHAR AS attributes, original_id FROM annotations WHERE kind = 'cuboid'`,
  );
  const attrs = new Map(rows.map((r) => [r.id, parseJson<Record<string, unknown>>(r.attributes) ?? {}]));
  const originalIds = new Map(rows.map((r) => [r.id, r.original_id]));
  const boxes = await pairedBoxes(db, [gt, pred]);
  const gtFrames: KittiObject[][] = [];
  const dtFrames: KittiObject[][] = [];
  const gtRefs: ViewCuboid[] = [];
  const dtRefs: ViewCuboid[] = [];
  const sampleOf = new Map<number, number>();
  let framesWithoutCamera = 0;
  let detectionsWith2d = 0;
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
        const original = originalIds.get(c.id);
        const paired = original == null ? undefined : boxes.get(`${c.source}\u0000${original}`);
        // Out of the camera's view: a zero box (too small for any difficulty), as KITTI labels none there.
        const projected = camera ? (imageBox(c, camera) ?? [0, 0, 0, 0]) : null;
        const detection = c.source === pred;
        if (detection && paired !== undefined) detectionsWith2d++;
        const o = kittiObjectOf(c, type, attrs.get(c.id) ?? {}, { projected, paired }, detection);
        (detection ? d : g).push(o);
        (detection ? dtRefs : gtRefs).push(c);
        sampleOf.set(c.id, s.id);
      }
      gtFrames.push(g);
      dtFrames.push(d);
    }
  }
  // The 2D metric (and AOS) only when every detection has its own 2D box: a detection without one would
  // enter it with a box it never predicted; then none does (x1 = -1), as before 2D boxes were paired.
  const with2d = detectionsWith2d > 0 && detectionsWith2d === dtRefs.length;
  if (!with2d) for (const frame of dtFrames) for (const o of frame) o.x1 = -1;
  const gtObjects = kittiObjectsFromFrames(gtFrames);
  const dtObjects = kittiObjectsFromFrames(dtFrames);
  const evaluation = evaluateKitti(gtObjects, dtObjects, signal ? { signal } : {});
  const m = cuboidMatches(gtObjects, dtObjects, options.iou === undefined ? {} : { iou: options.iou });
  const matches: EvalMatchRow[] = [];
  const counts = new Map<number, EvalSampleRow>();
  const count = (sampleId: number, outcome: 'tp' | 'fp' | 'fn') => {
    const row = counts.get(sampleId) ?? { sampleId, tp: 0, fp: 0, fn: 0 };
    row[outcome]++;
    counts.set(sampleId, row);
  };
  dtRefs.forEach((c, k) => {
    const g = m.dtMatch[k]!;
    const sampleId = sampleOf.get(c.id)!;
    matches.push({
      annotationId: c.id,
      sampleId,
      role: 'pred',
      classId: c.class_id,
      score: c.score ?? null,
      matchedId: g < 0 ? null : gtRefs[g]!.id,
      iou: g < 0 ? null : m.dtIou[k]!,
      outcome: m.dtOutcome[k]!,
      error: m.dtError[k] ?? null,
    });
    // A true positive is counted once, on the detection side.
    count(sampleId, m.dtOutcome[k]!);
  });
  gtRefs.forEach((c, k) => {
    const d = m.gtMatch[k]!;
    const sampleId = sampleOf.get(c.id)!;
    matches.push({
      annotationId: c.id,
      sampleId,
      role: 'gt',
      classId: c.class_id,
      score: null,
      matchedId: d < 0 ? null : dtRefs[d]!.id,
      iou: d < 0 ? null : m.gtIou[k]!,
      outcome: m.gtOutcome[k]!,
      error: d < 0 ? 'miss' : null,
    });
    if (d < 0) count(sampleId, 'fn');
  });
  return {
    ...evaluation,
    frameKeys: samples.map((s) => s.key),
    framesWithoutCamera,
    matches,
    samples: [...counts.values()].sort((a, b) => a.sampleId - b.sampleId),
    detectionsWith2d,
    detections: dtRefs.length,
  };
}
