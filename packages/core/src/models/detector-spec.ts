import { z } from 'zod';
import { AssayError } from '../errors.js';
import { COCO80 } from './coco-classes.js';
import { type ImageModelSpec, parseModelSpec } from './model-spec.js';

/** How a detector's outputs are read (decode-detections.ts). */
export type DetectorOutput = 'yolo' | 'yolov5' | 'boxes-scores-classes';

export interface DetectorSpec extends ImageModelSpec {
  output: DetectorOutput;
  /** The model's class names by index; `undefined` until known (80 outputs default to COCO-80). */
  classes?: string[];
  boxesOutput?: string | undefined;
  scoresOutput?: string | undefined;
  classesOutput?: string | undefined;
  boxOrder: 'xyxy' | 'yxyx';
  normalized: boolean;
}

const detectorKeys = z
  .object({
    output: z.enum(['yolo', 'yolov5', 'boxes-scores-classes']).optional(),
    classes: z.union([z.array(z.string().min(1)).min(1), z.literal('coco80')]).optional(),
    boxes_output: z.string().optional(),
    scores_output: z.string().optional(),
    classes_output: z.string().optional(),
    box_order: z.enum(['xyxy', 'yxyx']).optional(),
    normalized: z.boolean().optional(),
    task: z.literal('detect').optional(),
  })
  .passthrough();

const DETECTOR_ONLY = [
  'output',
  'classes',
  'boxes_output',
  'scores_output',
  'classes_output',
  'box_order',
  'normalized',
  'task',
];

/**
 * A detector's spec (`model.onnx.json` beside the model, or a `.json` naming `file`): the image spec
 * keys (model-spec.ts) with detector defaults — 640×640 letterboxed (`resize: contain`), pixels / 255
 * (mean 0, std 1), NCHW RGB, as Ultralytics exports — and `output` (`yolo`, default; `yolov5`;
 * `boxes-scores-classes` with `boxes_output`, `scores_output`, `classes_output`, `box_order`,
 * `normalized`), `classes` (names by index, or `coco80`).
 */
export function parseDetectorSpec(
  value: unknown,
  source: string,
  defaults: { name: string; file: string },
): DetectorSpec {
  const parsed = detectorKeys.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') || '(top level)';
    throw new AssayError('INVALID_INPUT', `${source}: ${key}: ${issue?.message ?? 'invalid'}.`, {
      hint: 'A detector spec adds to the image model keys: output (yolo|yolov5|boxes-scores-classes), classes (names or "coco80"), boxes_output, scores_output, classes_output, box_order (xyxy|yxyx), normalized.',
      details: { file: source, key },
    });
  }
  const d = parsed.data;
  const image = Object.fromEntries(Object.entries(d).filter(([k]) => !DETECTOR_ONLY.includes(k)));
  const base = parseModelSpec(
    { input_size: 640, mean: [0, 0, 0], std: [1, 1, 1], resize: 'contain', normalize: false, ...image },
    source,
    defaults,
  );
  const spec: DetectorSpec = {
    ...base,
    output: d.output ?? 'yolo',
    boxesOutput: d.boxes_output,
    scoresOutput: d.scores_output,
    classesOutput: d.classes_output,
    boxOrder: d.box_order ?? 'xyxy',
    normalized: d.normalized ?? false,
  };
  if (d.classes === 'coco80') spec.classes = [...COCO80];
  else if (d.classes) spec.classes = d.classes;
  return spec;
}
