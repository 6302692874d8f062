/**
 * KITTI object labels as columns: one typed array per field of the label_2 line
 * (`type truncated occluded alpha x1 y1 x2 y2 h w l x y z ry [score]`), indexed by object, objects of
 * frame f at `frameStart[f] .. frameStart[f + 1]` in file order. Ground truth and detections share the
 * layout; ground truth has no score (NaN), detections no truncation/occlusion (used only on ground truth).
 *
 * Coordinates are KITTI's camera frame: x right, y down, z forward; (x, y, z) is the centre of the box's
 * bottom face, so the box spans y - h .. y; ry is the yaw about the camera's y axis.
 */
export interface KittiObjects {
  /** Objects in all frames. */
  count: number;
  /** Frames; objects of frame f are `frameStart[f] .. frameStart[f + 1] - 1`. */
  frameCount: number;
  frameStart: Int32Array;
  /** Object type as written (`Car`, `Van`, `DontCare`...); compared case-insensitively, as the devkit. */
  type: string[];
  truncation: Float64Array;
  occlusion: Int32Array;
  /** Observation angle; -10 when unknown (the devkit then skips orientation similarity). */
  alpha: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
  h: Float64Array;
  w: Float64Array;
  l: Float64Array;
  /** Location x, y, z (camera frame, bottom centre). */
  tx: Float64Array;
  ty: Float64Array;
  tz: Float64Array;
  ry: Float64Array;
  /** Detection score; NaN for ground truth. */
  score: Float64Array;
}

/** One object as parsed from a label line, before it is put into columns. */
export interface KittiObject {
  type: string;
  truncation: number;
  occlusion: number;
  alpha: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  h: number;
  w: number;
  l: number;
  tx: number;
  ty: number;
  tz: number;
  ry: number;
  score: number;
}

const NUMERIC_KEYS = [
  'truncation',
  'occlusion',
  'alpha',
  'x1',
  'y1',
  'x2',
  'y2',
  'h',
  'w',
  'l',
  'tx',
  'ty',
  'tz',
  'ry',
] as const;

/** Puts frames of parsed objects into columns (frame order as given). */
export function kittiObjectsFromFrames(frames: readonly (readonly KittiObject[])[]): KittiObjects {
  let count = 0;
  for (const frame of frames) count += frame.length;
  const frameStart = new Int32Array(frames.length + 1);
  const columns = {
    truncation: new Float64Array(count),
    alpha: new Float64Array(count),
    x1: new Float64Array(count),
    y1: new Float64Array(count),
    x2: new Float64Array(count),
    y2: new Float64Array(count),
    h: new Float64Array(count),
    w: new Float64Array(count),
    l: new Float64Array(count),
    tx: new Float64Array(count),
    ty: new Float64Array(count),
    tz: new Float64Array(count),
    ry: new Float64Array(count),
    score: new Float64Array(count),
  };
  const occlusion = new Int32Array(count);
  const type: string[] = new Array(count);
  let k = 0;
  frames.forEach((frame, f) => {
    frameStart[f] = k;
    for (const o of frame) {
      type[k] = o.type;
      occlusion[k] = o.occlusion;
      for (const key of NUMERIC_KEYS) if (key !== 'occlusion') columns[key][k] = o[key];
      columns.score[k] = o.score;
      k++;
    }
  });
  frameStart[frames.length] = k;
  return { count, frameCount: frames.length, frameStart, type, occlusion, ...columns };
}
