import { z } from 'zod';
import { AssayError } from '../errors.js';

/**
 * How to feed an image model and read its answer: the small spec a user writes beside an ONNX file
 * (`model.onnx.json`, or a `.json` naming `file`), shared by embedders and detectors. Pixel values
 * are `(value / 255 - mean) / std` per RGB channel (`bgr` swaps the channel order).
 */
export interface ImageModelSpec {
  /** The name vectors are stored under (default: the file's name without extension). */
  name: string;
  /** The ONNX file (absolute once resolved). */
  file: string;
  /** Input width and height in pixels. */
  inputSize: [number, number];
  mean: [number, number, number];
  std: [number, number, number];
  layout: 'nchw' | 'nhwc';
  channels: 'rgb' | 'bgr';
  /** How the image meets the input size: stretch (`fill`), crop the centre (`cover`) or pad (`contain`). */
  resize: 'fill' | 'cover' | 'contain';
  /** Input and output tensor names (default: the model's first). */
  inputName?: string | undefined;
  outputName?: string | undefined;
  /** L2-normalise each output vector (default true). */
  normalize: boolean;
}

/** ImageNet's statistics, the default for user models (torchvision's transforms use these). */
export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

const triple = z.tuple([z.number(), z.number(), z.number()]);
const specSchema = z
  .object({
    name: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
    input_size: z
      .union([
        z.number().int().positive(),
        z.tuple([z.number().int().positive(), z.number().int().positive()]),
      ])
      .optional(),
    mean: triple.optional(),
    std: triple.refine((s) => s.every((v) => v > 0), 'std values must be positive').optional(),
    layout: z.enum(['nchw', 'nhwc']).optional(),
    channels: z.enum(['rgb', 'bgr']).optional(),
    resize: z.enum(['fill', 'cover', 'contain']).optional(),
    input_name: z.string().optional(),
    output_name: z.string().optional(),
    normalize: z.boolean().optional(),
  })
  .strict();

export type ModelSpecInput = z.input<typeof specSchema>;

/**
 * The spec from a parsed JSON value (snake_case keys; every key optional), with defaults: 224×224,
 * ImageNet mean/std, NCHW, RGB, fill, normalised. `source` names the file in errors.
 */
export function parseModelSpec(
  value: unknown,
  source: string,
  defaults: { name: string; file: string },
): ImageModelSpec {
  const parsed = specSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') || '(top level)';
    throw new AssayError('INVALID_INPUT', `${source}: ${key}: ${issue?.message ?? 'invalid'}.`, {
      hint: 'A model spec has: name, file, input_size ([w, h] or n), mean and std ([r, g, b]), layout (nchw|nhwc), channels (rgb|bgr), resize (fill|cover|contain), input_name, output_name, normalize.',
      details: { file: source, key },
    });
  }
  const s = parsed.data;
  const size = s.input_size ?? 224;
  return {
    name: s.name ?? defaults.name,
    file: s.file ?? defaults.file,
    inputSize: typeof size === 'number' ? [size, size] : size,
    mean: s.mean ?? IMAGENET_MEAN,
    std: s.std ?? IMAGENET_STD,
    layout: s.layout ?? 'nchw',
    channels: s.channels ?? 'rgb',
    resize: s.resize ?? 'fill',
    inputName: s.input_name,
    outputName: s.output_name,
    normalize: s.normalize ?? true,
  };
}

/** Writes `pixels` (RGB, interleaved, width × height = the spec's input size) into `out` at `offset` as the spec says. */
export function pixelsToTensor(
  pixels: Uint8Array,
  spec: ImageModelSpec,
  out: Float32Array,
  offset: number,
): void {
  const [w, h] = spec.inputSize;
  const plane = w * h;
  const scale = [0, 1, 2].map((c) => 1 / (255 * (spec.std[c] as number)));
  const shift = [0, 1, 2].map((c) => (spec.mean[c] as number) / (spec.std[c] as number));
  const order = spec.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let p = 0; p < plane; p++) {
    for (let k = 0; k < 3; k++) {
      const c = order[k] as number;
      const v = (pixels[3 * p + c] as number) * (scale[c] as number) - (shift[c] as number);
      out[spec.layout === 'nchw' ? offset + k * plane + p : offset + 3 * p + k] = v;
    }
  }
}
