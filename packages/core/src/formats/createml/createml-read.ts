import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseJson } from '../coco/parse-json.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { dirName, joinPath } from '../paths.js';
import { previewJson } from '../preview-json.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { createMlFile } from './createml-files.js';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One `{label, coordinates}` as a box annotation (x, y are the box centre), or why it is skipped. */
function readBox(raw: unknown, key: string, source: string): Annotation | string {
  if (typeof raw !== 'object' || raw === null) return `not an object: ${previewJson(raw)}`;
  const { label, coordinates: c } = raw as Record<string, unknown>;
  if (typeof label !== 'string' || label.trim() === '')
    return `"label" is not a non-empty string: ${previewJson(label)}`;
  const { x, y, width, height } = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
  if (![x, y, width, height].every(finite))
    return `"coordinates" needs numbers x, y, width, height: ${previewJson(c)}`;
  const [cx, cy, w, h] = [x, y, width, height] as number[] as [number, number, number, number];
  if (w < 0 || h < 0) return `width and height must not be negative (${w} × ${h})`;
  return { sample: key, source, kind: 'bbox', label, bbox: [cx - w / 2, cy - h / 2, w, h] };
}

/**
 * Reads a Create ML object-detection JSON (Apple's MLObjectDetector format, also Roboflow's
 * `_annotations.createml.json` and labelImg's CreateML output): an array of `{image, annotations: [{label,
 * coordinates: {x, y, width, height}}]}`, pixels, x and y the box CENTRE (Apple's default anchor).
 * Image paths are relative to ReadInput.images, else to the JSON's folder (or its images/ when the first
 * image is only there). No image sizes: `assay scan` reads them.
 */
export async function readCreateMl(input: ReadInput): Promise<ReadResult> {
  const file = await createMlFile(input.path, input.io, true);
  if (file === undefined)
    throw new AssayError('NOT_FOUND', `No Create ML annotation file in ${input.path}.`, {
      hint: 'Name the JSON file itself, or keep one _annotations.createml.json (or one .json) in the folder.',
    });
  const value = parseJson(withoutBom(await input.io.readText(file)), file).value;
  if (!Array.isArray(value))
    throw new AssayError('INVALID_INPUT', `${file} is not Create ML JSON: the top level is not an array.`, {
      hint: 'Create ML JSON is an array of {"image": ..., "annotations": [{"label", "coordinates": {x, y, width, height}}]}.',
      details: { file },
    });
  const problems = new ProblemList();
  const samples = new Map<string, Sample>();
  const classes = new Map<string, ClassDef>();
  const annotations: Annotation[] = [];
  for (const [i, entry] of value.entries()) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const record = `[${i}]${typeof e.image === 'string' ? ` "${e.image}"` : ''}`;
    if (typeof e.image !== 'string') {
      problems.skip(
        file,
        record,
        `no "image" string: ${previewJson(entry)}`,
        'Each entry names its image file.',
      );
      continue;
    }
    const key = toSampleKey(e.image);
    if ('refused' in key) {
      problems.skip(file, record, key.refused, 'Image paths must be relative to the JSON file or --images.');
      continue;
    }
    if (samples.has(key.key))
      problems.warn(file, record, `image "${key.key}" is listed again; its boxes are added`);
    else samples.set(key.key, { key: key.key, kind: 'image' });
    if (!Array.isArray(e.annotations)) {
      problems.warn(
        file,
        record,
        `"annotations" is not an array (${previewJson(e.annotations)}): read as no boxes`,
      );
      continue;
    }
    for (const [j, raw] of e.annotations.entries()) {
      const a = readBox(raw, key.key, input.source);
      if (typeof a === 'string') {
        problems.skip(file, `${record} annotations[${j}]`, a);
        continue;
      }
      if (!classes.has(a.label as string)) classes.set(a.label as string, { name: a.label as string });
      annotations.push(a);
    }
  }
  // Centres closer to the edge than half the box: a file written with top-left corners (Datumaro's
  // Roboflow test assets read x, y so) shows up as boxes past the top or left edge.
  const past = annotations.filter(({ bbox }) => bbox && (bbox[0] < -0.5 || bbox[1] < -0.5)).length;
  if (past > 0)
    problems.warn(
      file,
      undefined,
      `${counted(past, 'box', 'boxes')} of ${annotations.length} ${past === 1 ? 'starts' : 'start'} left of or above the image with x, y read as the box centre (Create ML's meaning)`,
      'If the tool that wrote the file meant x, y as the top-left corner, convert it (x += width / 2, y += height / 2) before importing.',
    );
  const dir = dirName(file);
  const first = samples.keys().next().value;
  let imagesRoot = input.images ?? dir;
  if (input.images === undefined && first !== undefined && !(await input.io.exists(joinPath(dir, first)))) {
    const images = joinPath(dir, 'images');
    if (await input.io.exists(joinPath(images, first))) imagesRoot = images;
  }
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: [
      `${counted(samples.size, 'image')}, ${counted(annotations.length, 'box', 'boxes')}, ${counted(classes.size, 'class', 'classes')}`,
      'coordinates read as Create ML gives them: x, y the box centre, width and height, in pixels',
    ],
  };
}
