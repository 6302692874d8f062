import { nms } from './nms.js';

/** One detection in model-input pixels: corners, score, class index into the model's classes. */
export interface RawDetection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classIndex: number;
  /** Every class's score (YOLO layouts), for class probabilities. */
  classScores?: Float32Array;
}

export interface Tensor {
  data: Float32Array;
  dims: number[];
}

export interface DecodeOptions {
  /** Detections scoring below are dropped before NMS (default 0.25, Ultralytics' predict default). */
  minScore: number;
  /** NMS IoU (default 0.7, Ultralytics' predict default). */
  iou: number;
  maxDetections: number;
  /** Only these class indices (all when undefined). */
  keep?: ReadonlySet<number>;
}

function suppress(found: RawDetection[], options: DecodeOptions): RawDetection[] {
  const boxes = new Float32Array(found.length * 4);
  for (const [i, d] of found.entries()) boxes.set([d.x1, d.y1, d.x2, d.y2], 4 * i);
  const kept = nms(
    boxes,
    found.map((d) => d.score),
    found.map((d) => d.classIndex),
    { iou: options.iou, maxDetections: options.maxDetections },
  );
  return kept.map((i) => found[i]!);
}

/**
 * The Ultralytics YOLO export layout (v8 and later: YOLOv8, YOLO11): one output `[batch, 4 + C, N]`
 * of box centre, size (input pixels) and C class scores per candidate, no objectness; `[batch, N, 4 + C]`
 * is read too (the larger axis is N). `objectness` reads YOLOv5's `[batch, N, 5 + C]` (score = objectness
 * × class score). Then per-class NMS, as Ultralytics' `non_max_suppression`. Returns one list per image.
 */
export function decodeYolo(
  output: Tensor,
  numClasses: number,
  options: DecodeOptions & { objectness?: boolean },
): RawDetection[][] {
  const [batch = 1, a = 0, b = 0] = output.dims.length === 2 ? [1, ...output.dims] : output.dims;
  const extra = options.objectness ? 5 : 4;
  const channelsFirst = a === extra + numClasses && b !== extra + numClasses ? true : a < b;
  const n = channelsFirst ? b : a;
  const width = channelsFirst ? a : b;
  if (width !== extra + numClasses)
    throw new RangeError(
      `output [${output.dims.join(', ')}] does not hold ${extra} + ${numClasses} values per candidate`,
    );
  const per = n * width;
  const out: RawDetection[][] = [];
  for (let img = 0; img < batch; img++) {
    const at = (i: number, k: number) =>
      output.data[img * per + (channelsFirst ? k * n + i : i * width + k)]!;
    const found: RawDetection[] = [];
    for (let i = 0; i < n; i++) {
      const obj = options.objectness ? at(i, 4) : 1;
      let best = -1;
      let score = -Infinity;
      for (let c = 0; c < numClasses; c++) {
        if (options.keep && !options.keep.has(c)) continue;
        const s = at(i, extra + c) * obj;
        if (s > score) [best, score] = [c, s];
      }
      if (best < 0 || score < options.minScore) continue;
      const [cx, cy, w, h] = [at(i, 0), at(i, 1), at(i, 2), at(i, 3)];
      const classScores = new Float32Array(numClasses);
      for (let c = 0; c < numClasses; c++) classScores[c] = at(i, extra + c) * obj;
      found.push({
        x1: cx - w / 2,
        y1: cy - h / 2,
        x2: cx + w / 2,
        y2: cy + h / 2,
        score,
        classIndex: best,
        classScores,
      });
    }
    out.push(suppress(found, options));
  }
  return out;
}

/**
 * The boxes/scores/classes layout (TF Object Detection API, torchvision exports, many ONNX detectors):
 * `boxes [batch, N, 4]` as x1, y1, x2, y2 (or `yxyx`), `scores [batch, N]`, `classes [batch, N]` (class
 * indices). Coordinates in input pixels, or in 0..1 when `normalized` (then scaled by the input size).
 * NMS is applied too (a model that did it already loses nothing).
 */
export function decodeBoxesScoresClasses(
  boxes: Tensor,
  scores: Tensor,
  classes: Tensor,
  options: DecodeOptions & { order: 'xyxy' | 'yxyx'; normalized: boolean; inputW: number; inputH: number },
): RawDetection[][] {
  const n = scores.dims.length >= 2 ? scores.dims[scores.dims.length - 1]! : scores.data.length;
  const batch = scores.data.length / n;
  const sx = options.normalized ? options.inputW : 1;
  const sy = options.normalized ? options.inputH : 1;
  const out: RawDetection[][] = [];
  for (let img = 0; img < batch; img++) {
    const found: RawDetection[] = [];
    for (let i = 0; i < n; i++) {
      const k = img * n + i;
      const score = scores.data[k]!;
      const classIndex = Math.round(classes.data[k]!);
      if (!(score >= options.minScore) || (options.keep && !options.keep.has(classIndex))) continue;
      const [p, q, r, s] = [0, 1, 2, 3].map((j) => boxes.data[4 * k + j]!) as [
        number,
        number,
        number,
        number,
      ];
      const [x1, y1, x2, y2] = options.order === 'xyxy' ? [p, q, r, s] : [q, p, s, r];
      found.push({ x1: x1 * sx, y1: y1 * sy, x2: x2 * sx, y2: y2 * sy, score, classIndex });
    }
    out.push(suppress(found, options));
  }
  return out;
}
