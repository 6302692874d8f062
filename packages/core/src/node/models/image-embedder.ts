import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import sharp from 'sharp';
import { CLASSIC_DIM, CLASSIC_SIZE, classicDescriptor } from '../../embeddings/classic-descriptor.js';
import { AssayError } from '../../errors.js';
import { type ImageModelSpec, parseModelSpec, pixelsToTensor } from '../../models/model-spec.js';
import { readTextFile } from '../read-text-file.js';
import { decodeFailure } from '../scan/probe-image.js';
import { sharpOwnError } from '../scan/sharp-gate.js';
import { nsfwjsMobilenetOnnx } from './nsfwjs-mobilenet.js';
import { OnnxSession } from './onnx-session.js';

/** Built-in embedders, usable offline: the default network and the classical descriptor. */
export const BUILTIN_EMBEDDERS = ['mobilenet', 'classic'] as const;
export const DEFAULT_EMBEDDER = 'mobilenet';

export interface EmbedBatchResult {
  /** Row-major, `dim` values per image; rows of failed images are zero. */
  vectors: Float32Array;
  /** Per image: why it could not be embedded, or undefined. */
  errors: (string | undefined)[];
}

export interface ImageEmbedder {
  name: string;
  /** Known once the first batch ran for user models (0 before). */
  dim: number;
  /** What is stored with the vectors (embedding_models.spec). */
  spec: Record<string, unknown>;
  embed(images: readonly Uint8Array[]): Promise<EmbedBatchResult>;
  close(): Promise<void>;
}

export interface OpenEmbedderOptions {
  /** Inference threads (default: every core). */
  threads?: number;
  /** Decoding refuses images above this many pixels (default 100M). */
  maxPixels?: number;
  /** Folder a relative model path is resolved against (default: the working directory). */
  cwd?: string;
}

/** The built-in network's preprocessing: RGB / 255, 224×224 stretched, as nsfwjs feeds it. */
const MOBILENET_SPEC: Omit<ImageModelSpec, 'file'> = {
  name: 'mobilenet',
  inputSize: [224, 224],
  mean: [0, 0, 0],
  std: [1, 1, 1],
  layout: 'nchw',
  channels: 'rgb',
  resize: 'fill',
  normalize: true,
};

/**
 * An embedder by name (`mobilenet`, the default; `classic`) or model path: an `.onnx` file (its spec
 * from `<file>.json` beside it when present, else defaults) or a `.json` spec naming its `file`.
 */
export async function openImageEmbedder(
  model: string | undefined,
  options: OpenEmbedderOptions = {},
): Promise<ImageEmbedder> {
  const name = model ?? DEFAULT_EMBEDDER;
  const maxPixels = options.maxPixels ?? 100_000_000;
  if (name === 'classic') return classicEmbedder(maxPixels);
  if (name === 'mobilenet' || name === 'default') {
    const session = await OnnxSession.create(await nsfwjsMobilenetOnnx(), {
      label: 'the built-in mobilenet model',
      ...(options.threads === undefined ? {} : { threads: options.threads }),
    });
    return onnxEmbedder(session, { ...MOBILENET_SPEC, file: '' }, 1280, maxPixels, {
      kind: 'builtin',
      name: 'mobilenet',
      source: 'nsfwjs 4.4.0 MobileNetV2 (MIT), layer flatten_1',
    });
  }
  const spec = await resolveSpec(name, options.cwd ?? process.cwd());
  const session = await OnnxSession.create(spec.file, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  for (const [what, value, names] of [
    ['input_name', spec.inputName, session.inputNames],
    ['output_name', spec.outputName, session.outputNames],
  ] as const) {
    if (value !== undefined && !names.includes(value)) {
      throw new AssayError('INVALID_INPUT', `${spec.file} has no tensor named "${value}" (${what}).`, {
        hint: `Its ${what === 'input_name' ? 'inputs' : 'outputs'}: ${names.join(', ')}.`,
        details: { file: spec.file, [what]: value },
      });
    }
  }
  return onnxEmbedder(session, spec, 0, maxPixels, { kind: 'onnx', ...specJson(spec) });
}

function specJson(spec: ImageModelSpec): Record<string, unknown> {
  return {
    file: spec.file,
    input_size: spec.inputSize,
    mean: spec.mean,
    std: spec.std,
    layout: spec.layout,
    channels: spec.channels,
    resize: spec.resize,
    normalize: spec.normalize,
    ...(spec.inputName ? { input_name: spec.inputName } : {}),
    ...(spec.outputName ? { output_name: spec.outputName } : {}),
  };
}

async function resolveSpec(arg: string, cwd: string): Promise<ImageModelSpec> {
  const path = resolve(cwd, arg);
  const ext = extname(path).toLowerCase();
  if (!existsSync(path) || (ext !== '.onnx' && ext !== '.json')) {
    throw new AssayError('NOT_FOUND', `No model named "${arg}".`, {
      hint: `Use a built-in model (${BUILTIN_EMBEDDERS.join(', ')}), an .onnx file, or a .json model spec naming its file.`,
      details: { model: arg },
    });
  }
  if (ext === '.json') {
    const value = parseJson(await readTextFile(path, 'model spec'), path);
    const spec = parseModelSpec(value, path, { name: basename(path, ext), file: '' });
    if (spec.file === '') {
      throw new AssayError('INVALID_INPUT', `${path}: file: the spec names no model file.`, {
        hint: 'Add "file": "model.onnx" (relative to the spec).',
      });
    }
    return { ...spec, file: resolve(path, '..', spec.file) };
  }
  const sidecar = `${path}.json`;
  if (!existsSync(sidecar)) return parseModelSpec({}, path, { name: basename(path, ext), file: path });
  const spec = parseModelSpec(parseJson(await readTextFile(sidecar, 'model spec'), sidecar), sidecar, {
    name: basename(path, ext),
    file: path,
  });
  return { ...spec, file: resolve(sidecar, '..', spec.file) };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AssayError('PARSE_ERROR', `${file} is not valid JSON: ${(error as Error).message}.`, {
      hint: 'Fix the model spec file.',
      details: { file },
    });
  }
}

/** Decoded, oriented, resized RGB pixels of one image, or the reason it cannot be decoded. */
export async function decodeForModel(
  bytes: Uint8Array,
  width: number,
  height: number,
  fit: ImageModelSpec['resize'],
  maxPixels: number,
): Promise<Uint8Array | string> {
  try {
    const { data } = await sharpOwnError(() =>
      sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels })
        .autoOrient()
        .resize(width, height, { fit, background: { r: 0, g: 0, b: 0, alpha: 1 }, kernel: 'lanczos3' })
        .removeAlpha()
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true }),
    );
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  } catch (error) {
    return decodeFailure(bytes, error);
  }
}

function l2normalize(v: Float32Array, dim: number): void {
  for (let r = 0; r < v.length / dim; r++) {
    let s = 0;
    for (let i = r * dim; i < (r + 1) * dim; i++) s += (v[i] as number) ** 2;
    if (s === 0) continue;
    const f = 1 / Math.sqrt(s);
    for (let i = r * dim; i < (r + 1) * dim; i++) v[i] = (v[i] as number) * f;
  }
}

function onnxEmbedder(
  session: OnnxSession,
  spec: ImageModelSpec,
  knownDim: number,
  maxPixels: number,
  stored: Record<string, unknown>,
): ImageEmbedder {
  const [w, h] = spec.inputSize;
  const inputName = spec.inputName ?? (session.inputNames[0] as string);
  const outputName = spec.outputName ?? (session.outputNames[0] as string);
  const embedder: ImageEmbedder = {
    name: spec.name,
    dim: knownDim,
    spec: stored,
    async embed(images) {
      const pixels = await Promise.all(images.map((b) => decodeForModel(b, w, h, spec.resize, maxPixels)));
      const errors = pixels.map((p) => (typeof p === 'string' ? p : undefined));
      const ok = pixels.flatMap((p, i) => (typeof p === 'string' ? [] : [i]));
      const per = 3 * w * h;
      const input = new Float32Array(ok.length * per);
      for (const [row, i] of ok.entries()) pixelsToTensor(pixels[i] as Uint8Array, spec, input, row * per);
      if (ok.length === 0) return { vectors: new Float32Array(images.length * embedder.dim), errors };
      const dims = spec.layout === 'nchw' ? [ok.length, 3, h, w] : [ok.length, h, w, 3];
      const out = (await session.run({ [inputName]: { data: input, dims } }, [outputName]))[outputName];
      if (!out || out.dims[0] !== ok.length) {
        throw new AssayError(
          'INVALID_INPUT',
          `${session.label}: output ${outputName} does not have one row per image.`,
          {
            hint: 'Name the embedding output with output_name in the model spec.',
          },
        );
      }
      const dim = out.data.length / ok.length;
      if (embedder.dim === 0) embedder.dim = dim;
      if (spec.normalize) l2normalize(out.data, dim);
      const vectors = new Float32Array(images.length * dim);
      for (const [row, i] of ok.entries())
        vectors.set(out.data.subarray(row * dim, (row + 1) * dim), i * dim);
      return { vectors, errors };
    },
    close: () => session.release(),
  };
  return embedder;
}

function classicEmbedder(maxPixels: number): ImageEmbedder {
  return {
    name: 'classic',
    dim: CLASSIC_DIM,
    spec: { kind: 'builtin', name: 'classic', size: CLASSIC_SIZE },
    async embed(images) {
      const pixels = await Promise.all(
        images.map((b) => decodeForModel(b, CLASSIC_SIZE, CLASSIC_SIZE, 'fill', maxPixels)),
      );
      const vectors = new Float32Array(images.length * CLASSIC_DIM);
      pixels.forEach((p, i) => {
        if (typeof p !== 'string') classicDescriptor(p, CLASSIC_SIZE, vectors, i * CLASSIC_DIM);
      });
      return { vectors, errors: pixels.map((p) => (typeof p === 'string' ? p : undefined)) };
    },
    close: async () => undefined,
  };
}

/** Reads a file's bytes (the caller has checked it is media inside its root). */
export function readImageBytes(path: string): Promise<Uint8Array> {
  return readFile(path);
}
