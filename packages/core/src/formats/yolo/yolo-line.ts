/**
 * One line of a YOLO label file, still in normalised coordinates (0..1 of the image size):
 *   detect   `cls cx cy w h`
 *   segment  `cls x1 y1 x2 y2 x3 y3 ...` (a polygon, at least 3 points)
 *   pose     `cls cx cy w h px py [pv] ...` with K keypoints of D values (data.yaml `kpt_shape: [K, D]`)
 * Prediction files (Ultralytics `save_conf`) add the confidence as the last value of any of these.
 */

export interface YoloLineContext {
  /** data.yaml `kpt_shape`: K keypoints of D (2 or 3) values each. */
  kptShape?: [number, number];
  /** The file holds predictions: a trailing confidence is expected. */
  prediction: boolean;
}

export type YoloRecord =
  | { task: 'detect'; cls: number; box: number[]; score?: number }
  | { task: 'segment'; cls: number; points: number[]; score?: number }
  | { task: 'pose'; cls: number; box: number[]; kpts: number[]; score?: number };

/** Slack for coordinates a hair outside 0..1 (rounding in the tools that wrote them). */
const EDGE = 1e-3;

function outOfRange(values: number[]): number | undefined {
  return values.find((v) => v < -EDGE || v > 1 + EDGE);
}

function withScore<T extends YoloRecord>(record: T, score: number | undefined): T {
  return score === undefined ? record : { ...record, score };
}

function poseRecord(cls: number, values: number[], d: number, score?: number): YoloRecord | string {
  const box = values.slice(0, 4);
  const kpts = values.slice(4);
  const xy = kpts.filter((_, i) => i % d < 2);
  const bad = outOfRange([...box, ...xy]);
  if (bad !== undefined) return `coordinate ${bad} is outside 0..1 (YOLO coordinates are normalised)`;
  return withScore({ task: 'pose', cls, box, kpts }, score);
}

function boxRecord(cls: number, box: number[], score?: number): YoloRecord | string {
  const bad = outOfRange(box);
  if (bad !== undefined) return `coordinate ${bad} is outside 0..1 (YOLO coordinates are normalised)`;
  return withScore({ task: 'detect', cls, box }, score);
}

function segmentRecord(cls: number, points: number[], score?: number): YoloRecord | string {
  const bad = outOfRange(points);
  if (bad !== undefined) return `coordinate ${bad} is outside 0..1 (YOLO coordinates are normalised)`;
  return withScore({ task: 'segment', cls, points }, score);
}

/**
 * Parses one non-empty line. Returns the record, or the reason it cannot be used (for a Problem).
 * Which task a line is comes from its number of values, as Ultralytics decides it.
 */
export function parseYoloLine(line: string, ctx: YoloLineContext): YoloRecord | string {
  const tokens = line.trim().split(/\s+/);
  const clsText = tokens[0] ?? '';
  if (!/^\d+$/.test(clsText)) return `class id "${clsText}" is not a non-negative integer`;
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
  const conf = ctx.prediction ? ' (+1 for the confidence)' : '';
  return `${n} values after the class id; expected 4 (box), an even number >= 6 (polygon)${pose}${conf}`;
}
