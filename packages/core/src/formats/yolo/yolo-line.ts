/**
 * One line of a YOLO label file, still in normalised coordinates (0..1 of the image size):
 *   detect   `cls cx cy w h`
 *   segment  `cls x1 y1 x2 y2 x3 y3 ...` (a polygon, at least 3 points)
 *   obb      `cls x1 y1 x2 y2 x3 y3 x4 y4` (an oriented box: a 4-point polygon marked `oriented`)
 *   pose     `cls cx cy w h px py [pv] ...` with K keypoints of D values (data.yaml `kpt_shape: [K, D]`)
 * Prediction files (Ultralytics `save_conf`) add the confidence as the last value of any of these.
 */

export interface YoloLineContext {
  /** data.yaml `kpt_shape`: K keypoints of D (2 or 3) values each. */
  kptShape?: [number, number];
  /** The file holds predictions: a trailing confidence is expected. */
  prediction: boolean;
}

export type YoloRecord = (
  | { task: 'detect'; cls: number; box: number[]; score?: number }
  | { task: 'segment'; cls: number; points: number[]; score?: number; oriented?: boolean }
  | { task: 'pose'; cls: number; box: number[]; kpts: number[]; score?: number }
) & {
  /** How many coordinates lay a hair outside 0..1 (within TOLERANCE) and were clipped to it. */
  clipped?: number;
};

/**
 * Ultralytics accepts coordinates from -0.01 to 1.01 (verify_image_label: "coordinate points check
 * with 1% tolerance") and clips them to the image later; a value further out rejects the line here.
 */
export const TOLERANCE = 0.01;

const outside = (v: number): boolean => v < -TOLERANCE || v > 1 + TOLERANCE;
const clip01 = (v: number): number => Math.min(1, Math.max(0, v));

/** The first value too far outside 0..1 as a reason, or undefined. */
function outOfRange(values: number[]): string | undefined {
  const bad = values.find(outside);
  return bad === undefined
    ? undefined
    : `coordinate ${bad} is outside 0..1 by more than Ultralytics' 1% tolerance (YOLO coordinates are normalised)`;
}

function countClipped(values: number[]): number {
  let n = 0;
  for (const v of values) if (v < 0 || v > 1) n++;
  return n;
}

function withExtras<T extends YoloRecord>(record: T, score: number | undefined, clipped: number): T {
  return {
    ...record,
    ...(score === undefined ? {} : { score }),
    ...(clipped > 0 ? { clipped } : {}),
  };
}

/** A centre box whose values were clipped: its corners clipped to the image, as Ultralytics does. */
function clipBox([cx = 0, cy = 0, w = 0, h = 0]: number[]): number[] {
  const x1 = clip01(cx - w / 2);
  const y1 = clip01(cy - h / 2);
  const x2 = clip01(cx + w / 2);
  const y2 = clip01(cy + h / 2);
  return [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
}

function poseRecord(cls: number, values: number[], d: number, score?: number): YoloRecord | string {
  const box = values.slice(0, 4);
  const kpts = values.slice(4);
  const xy = kpts.filter((_, i) => i % d < 2);
  const bad = outOfRange([...box, ...xy]);
  if (bad !== undefined) return bad;
  const clipped = countClipped([...box, ...xy]);
  const kept = clipped > 0 ? kpts.map((v, i) => (i % d < 2 ? clip01(v) : v)) : kpts;
  return withExtras({ task: 'pose', cls, box: clipped > 0 ? clipBox(box) : box, kpts: kept }, score, clipped);
}

function boxRecord(cls: number, box: number[], score?: number): YoloRecord | string {
  const bad = outOfRange(box);
  if (bad !== undefined) return bad;
  const clipped = countClipped(box);
  return withExtras({ task: 'detect', cls, box: clipped > 0 ? clipBox(box) : box }, score, clipped);
}

function segmentRecord(cls: number, points: number[], score?: number): YoloRecord | string {
  // 4 points (8 values) is Ultralytics' OBB line `class x1 y1 x2 y2 x3 y3 x4 y4`.
  const oriented = points.length === 8;
  const bad = outOfRange(points);
  if (bad !== undefined) return bad;
  const clipped = countClipped(points);
  const kept = clipped > 0 ? points.map(clip01) : points;
  return withExtras(
    { task: 'segment', cls, points: kept, ...(oriented ? { oriented } : {}) },
    score,
    clipped,
  );
}

/** What a line of `n` values after the class id is, by Ultralytics' rules, for messages. */
export function yoloLineShape(n: number, ctx: YoloLineContext): string {
  if (ctx.kptShape && n === 4 + ctx.kptShape[0] * ctx.kptShape[1])
    return 'a pose line (class cx cy w h keypoints)';
  if (n === 4) return 'a box line (class cx cy w h)';
  if (n === 8) return 'an oriented box line (class x1 y1 x2 y2 x3 y3 x4 y4)';
  if (n > 4 && n % 2 === 0) return `a polygon line (class and ${n / 2} points)`;
  return `a line of ${n} values after the class id`;
}

/**
 * Parses one non-empty line. Returns the record, or the reason it cannot be used (for a Problem).
 * Which task a line is comes from its number of values, as Ultralytics decides it.
 */
export function parseYoloLine(line: string, ctx: YoloLineContext): YoloRecord | string {
  const tokens = line.trim().split(/\s+/);
  const clsText = tokens[0] ?? '';
  // Ultralytics reads a label file as float32 rows: `1.0` is class 1 (some exporters write that).
  if (!/^\d+(\.0*)?$/.test(clsText)) return `class id "${clsText}" is not a non-negative integer`;
  const cls = Number(clsText);
  const values = tokens.slice(1).map(Number);
  const nan = values.findIndex((v) => !Number.isFinite(v));
  if (nan >= 0) return `value ${nan + 2} ("${tokens[nan + 1]}") is not a number`;
  const n = values.length;
  const scored = ctx.prediction ? values[n - 1] : undefined;
  if (ctx.kptShape) {
    const [k, d] = ctx.kptShape;
    const pose = 4 + k * d;
    if (n === pose) return poseRecord(cls, values, d);
    if (ctx.prediction && n === pose + 1) return poseRecord(cls, values.slice(0, pose), d, scored);
  }
  if (values[2] !== undefined && values[3] !== undefined && (values[2] < 0 || values[3] < 0)) {
    if (n === 4 || (ctx.prediction && n === 5)) return `box size ${values[2]} x ${values[3]} is negative`;
  }
  if (n === 4) return boxRecord(cls, values);
  if (ctx.prediction && n === 5) return boxRecord(cls, values.slice(0, 4), scored);
  if (n >= 6 && n % 2 === 0) return segmentRecord(cls, values);
  if (ctx.prediction && n >= 7 && n % 2 === 1) return segmentRecord(cls, values.slice(0, -1), scored);
  const pose = ctx.kptShape ? `, ${4 + ctx.kptShape[0] * ctx.kptShape[1]} (pose)` : '';
  const conf = ctx.prediction
    ? ' (+1 for the confidence)'
    : n === 5 || (n >= 7 && n % 2 === 1)
      ? "; a last value that is a confidence (Ultralytics' save_conf) belongs to predictions: import the files with --as prediction:<model>"
      : '';
  return `${n} values after the class id; expected 4 (box), 8 (oriented box), an even number >= 6 (polygon)${pose}${conf}`;
}
