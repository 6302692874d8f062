import { encodeOnnxModel, type OnnxNode, type OnnxTensor } from '../onnx-proto.js';

/**
 * Tiny real ONNX detectors for tests, whose answers are computable by hand. Input `image` [n, 3, S, S]
 * (pixels / 255); `m` = the image's mean over every pixel and channel (ReduceMean), so a white image
 * gives m = 1 and a black one m = 0. Three candidates, in input pixels of a 64 × 64 input:
 * - A: centre (32, 32), size 20 × 20, class 0 score m, class 1 score 0.3;
 * - B: centre (33, 32), size 20 × 20, class 0 score 0.9·m (IoU with A = 0.905: NMS drops it);
 * - C: centre (10, 10), size 8 × 8, class 1 score 0.8.
 */
export const TINY_SIZE = 64;
const CANDIDATES = [
  { box: [32, 32, 20, 20], scores: [0, 0.3], m: [1, 0] },
  { box: [33, 32, 20, 20], scores: [0, 0], m: [0.9, 0] },
  { box: [10, 10, 8, 8], scores: [0, 0.8], m: [0, 0] },
] as const;

/** `m` as [n, 1, 1] from the image (shared by both layouts). */
function meanNodes(): { nodes: OnnxNode[]; initializers: OnnxTensor[] } {
  return {
    nodes: [
      { op: 'ReduceMean', inputs: ['image'], outputs: ['m4'], attributes: { axes: [1, 2, 3], keepdims: 1 } },
      { op: 'Reshape', inputs: ['m4', 'shape_n11'], outputs: ['m'] },
    ],
    initializers: [{ name: 'shape_n11', dims: [3], data: BigInt64Array.from([-1n, 1n, 1n]) }],
  };
}

/** Ultralytics YOLO layout: `output0` [n, 4 + 2, 3] (channels first, as YOLOv8 exports). */
export function tinyYoloOnnx(): Uint8Array {
  const rows = 6;
  const n = CANDIDATES.length;
  const base = new Float32Array(rows * n);
  const gain = new Float32Array(rows * n);
  CANDIDATES.forEach((c, i) => {
    for (let k = 0; k < 4; k++) base[k * n + i] = c.box[k]!;
    for (let k = 0; k < 2; k++) {
      base[(4 + k) * n + i] = c.scores[k]!;
      gain[(4 + k) * n + i] = c.m[k]!;
    }
  });
  const mean = meanNodes();
  return encodeOnnxModel({
    name: 'tiny-yolo',
    nodes: [
      ...mean.nodes,
      { op: 'Mul', inputs: ['m', 'gain'], outputs: ['scaled'] },
      { op: 'Add', inputs: ['scaled', 'base'], outputs: ['output0'] },
    ],
    initializers: [
      ...mean.initializers,
      { name: 'base', dims: [1, rows, n], data: base },
      { name: 'gain', dims: [1, rows, n], data: gain },
    ],
    inputs: [{ name: 'image', shape: ['n', 3, TINY_SIZE, TINY_SIZE] }],
    outputs: [{ name: 'output0', shape: ['n', rows, n] }],
  });
}

/**
 * The boxes/scores/classes layout of the same candidates with each one's best class: `boxes` [n, 3, 4]
 * (x1, y1, x2, y2 in 0..1), `scores` [n, 3], `classes` [n, 3].
 */
export function tinyBoxesScoresClassesOnnx(): Uint8Array {
  const n = CANDIDATES.length;
  const boxes = new Float32Array(n * 4);
  const base = new Float32Array(n);
  const gain = new Float32Array(n);
  const classes = new Float32Array(n);
  CANDIDATES.forEach((c, i) => {
    const [cx, cy, w, h] = c.box;
    boxes.set(
      [
        (cx - w / 2) / TINY_SIZE,
        (cy - h / 2) / TINY_SIZE,
        (cx + w / 2) / TINY_SIZE,
        (cy + h / 2) / TINY_SIZE,
      ],
      4 * i,
    );
    const cls = c.m[0] > 0 ? 0 : 1;
    classes[i] = cls;
    base[i] = c.scores[cls]!;
    gain[i] = c.m[cls]!;
  });
  const mean = meanNodes();
  return encodeOnnxModel({
    name: 'tiny-bsc',
    nodes: [
      ...mean.nodes,
      { op: 'Reshape', inputs: ['m', 'shape_n1'], outputs: ['m2'] },
      { op: 'Mul', inputs: ['m2', 'gain'], outputs: ['scaled'] },
      { op: 'Add', inputs: ['scaled', 'base'], outputs: ['scores'] },
      { op: 'Mul', inputs: ['m', 'zero3'], outputs: ['zeros'] },
      { op: 'Add', inputs: ['zeros', 'boxes_c'], outputs: ['boxes'] },
      { op: 'Mul', inputs: ['m2', 'zero2'], outputs: ['zeros2'] },
      { op: 'Add', inputs: ['zeros2', 'classes_c'], outputs: ['classes'] },
    ],
    initializers: [
      ...mean.initializers,
      { name: 'shape_n1', dims: [2], data: BigInt64Array.from([-1n, 1n]) },
      { name: 'gain', dims: [1, n], data: gain },
      { name: 'base', dims: [1, n], data: base },
      { name: 'zero3', dims: [1, n, 4], data: new Float32Array(n * 4) },
      { name: 'boxes_c', dims: [1, n, 4], data: boxes },
      { name: 'zero2', dims: [1, n], data: new Float32Array(n) },
      { name: 'classes_c', dims: [1, n], data: classes },
    ],
    inputs: [{ name: 'image', shape: ['n', 3, TINY_SIZE, TINY_SIZE] }],
    outputs: [
      { name: 'boxes', shape: ['n', n, 4] },
      { name: 'scores', shape: ['n', n] },
      { name: 'classes', shape: ['n', n] },
    ],
  });
}
