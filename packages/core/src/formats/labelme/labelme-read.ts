import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseJson } from '../coco/parse-json.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import {
  baseName,
  dirName,
  extName,
  isImagePath,
  joinPath,
  normalizePath,
  relativeInside,
  toPosix,
} from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { isLabelMe, LABELME_START, startsLikeLabelMe } from './labelme-files.js';
import { readLabelMeMask } from './labelme-mask.js';
import { readLabelMeShape } from './labelme-shape.js';

interface Parsed {
  file: string;
  /** Absolute path of the image the file names. */
  image: string;
  value: Record<string, unknown> & { shapes: unknown[]; imagePath: string };
}

/** Folders `a` and `b` share (absolute paths). */
function commonFolder(a: string, b: string): string {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join('/') || '/';
}

const isAbsolute = (p: string) => p.startsWith('/') || /^[a-zA-Z]:\//.test(p);

/** Files larger than this (bytes) are sniffed before they are read whole (imageData makes some 10 MB). */
const SNIFF_ABOVE = 32 * 1024 * 1024;

/** Image extensions looked for beside a JSON whose imagePath names no image. */
const BESIDE = ['.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp', '.JPG', '.PNG'];

interface Counts {
  renamed: number;
  absolute: number;
  embedded: number;
  outside: number;
  circles: number;
  /** Mask shapes read as their boxes (their PNG unreadable), the first one's reason. */
  masks: number;
  maskReason?: string;
  maskCropped: number;
}

async function parseFiles(input: ReadInput, files: string[], problems: ProblemList, counts: Counts) {
  const parsed: Parsed[] = [];
  for (const file of files) {
    let value: unknown;
    try {
      // A big JSON that does not start like LabelMe's (a COCO file in a subfolder) is not read whole.
      const big = files.length > 1 && ((await input.io.fileSize(file)) ?? 0) > SNIFF_ABOVE;
      if (big && !(await startsLikeLabelMe(file, input.io))) value = undefined;
      else {
        const text = withoutBom(await input.io.readText(file));
        value =
          files.length > 1 && !LABELME_START.test(text.slice(0, 65536))
            ? undefined
            : parseJson(text, file).value;
      }
    } catch (error) {
      if (files.length === 1 || !(error instanceof AssayError)) throw error;
      problems.skip(file, undefined, reasonAbout(error, file), error.hint);
      continue;
    }
    if (!isLabelMe(value)) {
      problems.warn(file, undefined, 'not a LabelMe file (no "shapes" list and "imagePath" string): skipped');
      continue;
    }
    // LabelMe itself reads imagePath as a Windows path (PureWindowsPath(...).as_posix()), relative to the file.
    let ref = toPosix(value.imagePath.trim());
    if (ref === '') ref = `${baseName(file).replace(/\.json$/i, '')}.jpg`;
    if (isAbsolute(ref)) {
      counts.absolute++;
      ref = baseName(ref);
    }
    if (typeof value.imageData === 'string' && value.imageData !== '') counts.embedded++;
    // imagePath naming no image (labelme's examples/tutorial names the JSON itself): the image beside it.
    if (!isImagePath(ref)) {
      const stem = joinPath(dirName(file), baseName(file).replace(/\.json$/i, ''));
      for (const ext of BESIDE)
        if (await input.io.exists(`${stem}${ext}`)) {
          counts.renamed++;
          ref = `${baseName(stem)}${ext}`;
          break;
        }
    }
    parsed.push({ file, image: joinPath(dirName(file), ref), value });
  }
  return parsed;
}

function toSample(p: Parsed, key: string): Sample {
  const sample: Sample = { key, kind: 'image' };
  const { imageWidth: w, imageHeight: h } = p.value;
  if (typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0)
    Object.assign(sample, { width: w, height: h });
  return sample;
}

async function readShapes(
  p: Parsed,
  sample: Sample,
  input: ReadInput,
  problems: ProblemList,
  counts: Counts,
): Promise<Annotation[]> {
  const key = sample.key;
  const out: Annotation[] = [];
  for (const [i, raw] of p.value.shapes.entries()) {
    const g = readLabelMeShape(raw);
    if (typeof g === 'string') {
      problems.skip(p.file, `shapes[${i}]`, g);
      continue;
    }
    const { approximated, ...geometry } = g;
    if (approximated === 'circle') counts.circles++;
    if (approximated === 'mask') {
      const shape = raw as Record<string, unknown>;
      const points = (shape.points as [number, number][]).flat();
      const m = await readLabelMeMask(shape, points, sample.width, sample.height);
      if (typeof m !== 'string') {
        const { bbox, mask, area, cropped } = m;
        if (cropped) counts.maskCropped++;
        out.push({ sample: key, source: input.source, ...geometry, kind: 'mask', bbox, mask, area });
        continue;
      }
      counts.masks++;
      counts.maskReason ??= `${baseName(p.file)} shapes[${i}]: ${m}`;
    }
    out.push({ sample: key, source: input.source, ...geometry });
  }
  // Image-level flags set true (LabelMe's classification example: {"cat": true, "dog": false}).
  const flags = p.value.flags;
  if (typeof flags === 'object' && flags !== null)
    for (const [name, on] of Object.entries(flags))
      if (on === true && name !== '__ignore__')
        out.push({ sample: key, source: input.source, kind: 'classification', label: name });
  return out;
}

function notesOf(
  files: number,
  samples: number,
  classes: number,
  counts: Counts,
  problems: ProblemList,
  first: string,
  imagesGiven: boolean,
) {
  const notes = [
    `${counted(files, 'LabelMe file')}, ${counted(samples, 'image')}, ${counted(classes, 'class', 'classes')}`,
  ];
  if (counts.circles > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.circles, 'circle')} read as polygons of 32 points (box and area: the circle's own; attribute shape=circle)`,
    );
  if (counts.masks > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.masks, 'mask shape')} read as ${counts.masks === 1 ? 'its box' : 'their boxes'}: the mask PNG could not be read (${counts.maskReason})`,
    );
  if (counts.maskCropped > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.maskCropped, 'mask shape')} past the image's edge: cropped to the image`,
    );
  if (counts.absolute > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.absolute, 'file')} ${counts.absolute === 1 ? 'names' : 'name'} the image by an absolute path: looked for by file name beside the JSON`,
    );
  if (counts.outside > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.outside, 'image path')} ${counts.outside === 1 ? 'lies' : 'lie'} outside ${imagesGiven ? '--images' : "the dataset's folder"}: read as file names there`,
    );
  if (counts.renamed > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.renamed, 'file')} ${counts.renamed === 1 ? 'names' : 'name'} no image file by imagePath: the image beside the JSON with its name is used`,
    );
  if (counts.embedded > 0)
    notes.push(
      `${counted(counts.embedded, 'file')} ${counts.embedded === 1 ? 'embeds its image' : 'embed their images'} (imageData); Assay reads the image file instead`,
    );
  return notes;
}

/**
 * Reads LabelMe JSON (wkentaro/labelme): one file per image, a folder of them (searched through its
 * subfolders) or one file. Each names its image by `imagePath`, relative to the JSON (Windows `\`
 * separators read as `/`, as LabelMe does); keys are image paths relative to ReadInput.images, else to
 * the folder named (or the folder holding both it and every image: `annotations/a.json` naming
 * `..\\images\\a.jpg`). Shapes: labelme-shape.ts; image `flags` set true are image-level labels.
 */
export async function readLabelMe(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const folder = await io.isDirectory(input.path);
  const files = folder
    ? (await io.listFiles(input.path, { recursive: true }))
        .filter((f) => extName(f) === '.json')
        .map((f) => joinPath(input.path, f))
    : [input.path];
  if (files.length === 0)
    throw new AssayError('NOT_FOUND', `No LabelMe JSON files in ${input.path}.`, {
      hint: 'LabelMe saves one <image>.json per image; name the folder holding them, or one of them.',
    });
  const problems = new ProblemList();
  const counts: Counts = {
    renamed: 0,
    absolute: 0,
    embedded: 0,
    outside: 0,
    circles: 0,
    masks: 0,
    maskCropped: 0,
  };
  const parsed = await parseFiles(input, files, problems, counts);
  if (!folder && parsed.length === 0)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} is not a LabelMe file: it has no "shapes" list and "imagePath" string.`,
      {
        hint: 'LabelMe files are JSON objects {"shapes": [...], "imagePath": "<image>", ...}; name the folder of them or one of them.',
        details: { file: input.path },
      },
    );
  const root = folder ? normalizePath(input.path) : dirName(input.path);
  // Images apart from the JSON files (annotations/ naming ../images/): keys relative to the images' folder.
  const apart = parsed.length > 0 && parsed.every((p) => relativeInside(root, p.image) === undefined);
  const start = apart ? dirName((parsed[0] as Parsed).image) : root;
  const found = parsed.reduce((r, p) => commonFolder(r, dirName(p.image)), start);
  // The images' folder is looked for no higher than the folder holding the JSON files' folder
  // (annotations/ naming ../images/): a file naming ../../../etc/x would otherwise make /etc a media
  // root of the project (issue 10: media only from inside the roots). Past it: file names beside the JSON.
  const imagesRoot = input.images ?? (relativeInside(dirName(root), found) === undefined ? root : found);
  const samples = new Map<string, Sample>();
  const classes = new Map<string, ClassDef>();
  const annotations: Annotation[] = [];
  for (const p of parsed) {
    let key = relativeInside(imagesRoot, p.image);
    if (key === undefined || key === '') {
      counts.outside++;
      key = baseName(p.image);
    }
    if (samples.has(key)) {
      problems.skip(
        p.file,
        undefined,
        `image "${key}" is named by an earlier LabelMe file too: this file is skipped`,
      );
      continue;
    }
    const sample = toSample(p, key);
    samples.set(key, sample);
    for (const a of await readShapes(p, sample, input, problems, counts)) {
      if (a.label !== undefined && !classes.has(a.label)) classes.set(a.label, { name: a.label });
      annotations.push(a);
    }
  }
  // Points carry no names in LabelMe: a class's points are named by their index, as YOLO's are.
  const most = new Map<string, number>();
  for (const a of annotations)
    if (a.kind === 'keypoints' && a.label !== undefined)
      most.set(a.label, Math.max(most.get(a.label) ?? 0, (a.keypoints?.length ?? 0) / 3));
  for (const [label, n] of most) {
    const c = classes.get(label);
    if (c) c.keypoints = Array.from({ length: n }, (_, i) => String(i));
  }
  for (const a of annotations)
    while (a.kind === 'keypoints' && a.keypoints && a.keypoints.length < (most.get(a.label ?? '') ?? 0) * 3)
      a.keypoints.push(0, 0, 0);
  const notes = notesOf(
    parsed.length,
    samples.size,
    classes.size,
    counts,
    problems,
    folder ? root : input.path,
    input.images !== undefined,
  );
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
  };
}
