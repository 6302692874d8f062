import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import sharp from 'sharp';
import { AssayError } from '../../errors.js';
import { COCO80 } from '../../models/coco-classes.js';
import {
  type DecodeOptions,
  decodeBoxesScoresClasses,
  decodeYolo,
  type RawDetection,
} from '../../models/decode-detections.js';
import { type DetectorSpec, parseDetectorSpec } from '../../models/detector-spec.js';
import { type Letterbox, letterbox, padInto } from '../../models/letterbox.js';
import { pixelsToTensor } from '../../models/model-spec.js';
import { readTextFile } from '../read-text-file.js';
import { decodeFailure } from '../scan/probe-image.js';
import { sharpOwnError } from '../scan/sharp-gate.js';
import { OnnxSession } from './onnx-session.js';

/** One detection in image pixels (the image as oriented by its EXIF tag). */
export interface Detection {
  bbox: [number, number, number, number];
  score: number;
  /** Index into the detector's classes. */
  classIndex: number;
  classScores?: Float32Array;
  /** COCO keypoints [x, y, v] × K (keypoint models). */
  keypoints?: number[];
}

export interface DetectBatchResult {
  detections: Detection[][];
  /** Per image: why it could not be read, or undefined. */
  errors: (string | undefined)[];
}

export interface Detector {
  name: string;
  /** What produced the predictions (model file and its sha256, or the bundled package and version). */
  version: string;
  classes: readonly string[];
  /** Keypoint names when the model finds keypoints (COCO's 17 for MoveNet). */
  keypointNames?: readonly string[];
  describe: Record<string, unknown>;
  detect(images: readonly Uint8Array[], options: DecodeOptions): Promise<DetectBatchResult>;
  close(): Promise<void>;
}

/** Decodes an image, letterboxed (or stretched) to the input size, with where it landed. */
export async function decodeLetterboxed(
  bytes: Uint8Array,
  inputW: number,
  inputH: number,
  fit: 'contain' | 'fill' | 'cover',
  maxPixels: number,
): Promise<
  { pixels: Uint8Array; lb: Letterbox; sx: number; sy: number; width: number; height: number } | string
> {
  try {
    const meta = await sharpOwnError(() => sharp(bytes, { limitInputPixels: maxPixels }).metadata());
    const swap = (meta.orientation ?? 1) >= 5;
    const width = (swap ? meta.height : meta.width) ?? 0;
    const height = (swap ? meta.width : meta.height) ?? 0;
    if (width === 0 || height === 0) return 'image size unknown';
    const lb =
      fit === 'contain'
        ? letterbox(width, height, inputW, inputH)
        : { scale: inputW / width, width: inputW, height: inputH, left: 0, top: 0 };
    const { data } = await sharpOwnError(() =>
      sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels })
        .autoOrient()
        .resize(lb.width, lb.height, { fit: 'fill', kernel: 'lanczos3' })
        .removeAlpha()
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true }),
    );
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.length);
    const pixels = fit === 'contain' ? padInto(raw, lb, inputW, inputH) : raw;
    return { pixels, lb, sx: lb.width / width, sy: lb.height / height, width, height };
  } catch (error) {
    return decodeFailure(bytes, error);
  }
}

/** Input-pixel corners back to an image-pixel `[x, y, w, h]`, clipped to the image. */
export function toImageBox(
  d: RawDetection,
  place: { lb: Letterbox; sx: number; sy: number; width: number; height: number },
): [number, number, number, number] {
  const x1 = Math.min(place.width, Math.max(0, (d.x1 - place.lb.left) / place.sx));
  const y1 = Math.min(place.height, Math.max(0, (d.y1 - place.lb.top) / place.sy));
  const x2 = Math.min(place.width, Math.max(0, (d.x2 - place.lb.left) / place.sx));
  const y2 = Math.min(place.height, Math.max(0, (d.y2 - place.lb.top) / place.sy));
  return [x1, y1, x2 - x1, y2 - y1];
}

async function resolveDetectorSpec(arg: string, cwd: string): Promise<DetectorSpec> {
  const path = resolve(cwd, arg);
  const ext = extname(path).toLowerCase();
  if (!existsSync(path) || (ext !== '.onnx' && ext !== '.json'))
    throw new AssayError('NOT_FOUND', `No model named "${arg}".`, {
      hint: 'Give a bundled model (`assay models` lists them), an .onnx file, or a .json spec naming its file.',
      details: { model: arg },
    });
  const json = async (file: string): Promise<unknown> => {
    try {
      return JSON.parse(await readTextFile(file, 'model spec'));
    } catch (error) {
      if (error instanceof AssayError) throw error;
      throw new AssayError('PARSE_ERROR', `${file} is not valid JSON: ${(error as Error).message}.`, {
        hint: 'Fix the model spec file.',
      });
    }
  };
  if (ext === '.json') {
    const spec = parseDetectorSpec(await json(path), path, { name: basename(path, ext), file: '' });
    if (spec.file === '')
      throw new AssayError('INVALID_INPUT', `${path}: file: the spec names no model file.`, {
        hint: 'Add "file": "model.onnx" (relative to the spec).',
      });
    return { ...spec, file: resolve(path, '..', spec.file) };
  }
  const sidecar = `${path}.json`;
  const value = existsSync(sidecar) ? await json(sidecar) : {};
  const spec = parseDetectorSpec(value, existsSync(sidecar) ? sidecar : path, {
    name: basename(path, ext),
    file: path,
  });
  return { ...spec, file: resolve(path, '..', spec.file) };
}

/** Output names a spec points at, checked against the model. */
function outputNames(
  spec: DetectorSpec,
  session: OnnxSession,
): { main: string; boxes: string; scores: string; classes: string } {
  const names = session.outputNames;
  const check = (value: string | undefined, fallback: number, key: string): string => {
    if (value !== undefined && !names.includes(value))
      throw new AssayError('INVALID_INPUT', `${spec.file} has no output named "${value}" (${key}).`, {
        hint: `Its outputs: ${names.join(', ')}.`,
      });
    const name = value ?? names[fallback];
    if (name === undefined)
      throw new AssayError(
        'INVALID_INPUT',
        `${spec.file} has ${names.length} outputs; ${key} needs output ${fallback + 1}.`,
        {
          hint: 'The boxes-scores-classes layout reads three outputs: name them in the spec.',
        },
      );
    return name;
  };
  if (spec.output !== 'boxes-scores-classes')
    return { main: check(spec.outputName, 0, 'output_name'), boxes: '', scores: '', classes: '' };
  return {
    main: '',
    boxes: check(spec.boxesOutput, 0, 'boxes_output'),
    scores: check(spec.scoresOutput, 1, 'scores_output'),
    classes: check(spec.classesOutput, 2, 'classes_output'),
  };
}

/**
 * A user's ONNX detector (`--model PATH`): the Ultralytics YOLO export layout (default) or the
 * boxes/scores/classes layout, as its spec says (detector-spec.ts). Assay letterboxes the input,
 * decodes, runs NMS and maps boxes back to image pixels. A YOLO model with 80 class outputs and no
 * `classes` in its spec is taken to use COCO-80's names.
 */
export async function openOnnxDetector(
  model: string,
  options: { threads?: number; cwd?: string; maxPixels?: number } = {},
): Promise<Detector> {
  const spec = await resolveDetectorSpec(model, options.cwd ?? process.cwd());
  const bytes = await readFile(spec.file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const session = await OnnxSession.create(new Uint8Array(bytes), {
    label: spec.file,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  const outs = outputNames(spec, session);
  const inputName = spec.inputName ?? session.inputNames[0]!;
  const [w, h] = spec.inputSize;
  if (spec.classes === undefined && spec.output === 'boxes-scores-classes')
    throw new AssayError('INVALID_INPUT', `${spec.file}: the spec names no classes.`, {
      hint: 'Add "classes": ["name of class 0", ...] (or "coco80") to the model spec.',
    });
  if (spec.classes === undefined) {
    // One run on a blank input tells the class count from the output's width.
    const blank = new Float32Array(3 * w * h);
    const dims = spec.layout === 'nchw' ? [1, 3, h, w] : [1, h, w, 3];
    const out = (await session.run({ [inputName]: { data: blank, dims } }, [outs.main]))[outs.main]!;
    // Ultralytics exports YOLOv8 and later as [n, 4 + C, N], YOLOv5 as [n, N, 5 + C].
    const count = spec.output === 'yolov5' ? out.dims.at(-1)! - 5 : out.dims.at(-2)! - 4;
    spec.classes =
      count === 80 ? [...COCO80] : Array.from({ length: Math.max(0, count) }, (_, i) => String(i));
  }
  const maxPixels = options.maxPixels ?? 100_000_000;
  const fit = spec.resize === 'cover' ? 'fill' : spec.resize;
  const classes = spec.classes;
  const detector: Detector = {
    name: spec.name,
    version: `${basename(spec.file)} sha256:${sha256.slice(0, 12)}`,
    classes,
    describe: {
      kind: 'onnx',
      file: spec.file,
      sha256,
      output: spec.output,
      input_size: spec.inputSize,
      resize: spec.resize,
    },
    async detect(images, decode) {
      const decoded = await Promise.all(images.map((b) => decodeLetterboxed(b, w, h, fit, maxPixels)));
      const errors = decoded.map((d) => (typeof d === 'string' ? d : undefined));
      const ok = decoded.flatMap((d, i) => (typeof d === 'string' ? [] : [i]));
      const detections: Detection[][] = images.map(() => []);
      if (ok.length === 0) return { detections, errors };
      const per = 3 * w * h;
      const input = new Float32Array(ok.length * per);
      for (const [row, i] of ok.entries()) {
        const d = decoded[i] as Exclude<(typeof decoded)[number], string>;
        pixelsToTensor(d.pixels, spec, input, row * per);
      }
      const dims = spec.layout === 'nchw' ? [ok.length, 3, h, w] : [ok.length, h, w, 3];
      const result = await session.run({ [inputName]: { data: input, dims } });
      let raw: RawDetection[][];
      if (spec.output === 'boxes-scores-classes') {
        raw = decodeBoxesScoresClasses(result[outs.boxes]!, result[outs.scores]!, result[outs.classes]!, {
          ...decode,
          order: spec.boxOrder,
          normalized: spec.normalized,
          inputW: w,
          inputH: h,
        });
      } else {
        const out = result[outs.main]!;
        const extra = spec.output === 'yolov5' ? 5 : 4;
        try {
          raw = decodeYolo(out, classes.length, { ...decode, objectness: spec.output === 'yolov5' });
        } catch (error) {
          throw new AssayError('INVALID_INPUT', `${spec.file}: ${(error as Error).message}.`, {
            hint: `The spec names ${classes.length} classes; a ${spec.output} output holds ${extra} + that many values per box.`,
          });
        }
      }
      for (const [row, i] of ok.entries()) {
        const place = decoded[i] as Exclude<(typeof decoded)[number], string>;
        detections[i] = (raw[row] ?? []).map((r) => ({
          bbox: toImageBox(r, place),
          score: r.score,
          classIndex: r.classIndex,
          ...(r.classScores ? { classScores: r.classScores } : {}),
        }));
      }
      return { detections, errors };
    },
    close: () => session.release(),
  };
  return detector;
}
