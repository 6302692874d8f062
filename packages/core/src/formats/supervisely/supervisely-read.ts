import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseJson } from '../coco/parse-json.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, dirName, joinPath, normalizePath, relativeInside } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { annFilesBelow, imageOfAnn, isSlyAnnotation, readSlyMeta } from './supervisely-files.js';
import { readSlyObject, type SlyClass, tagAttributes } from './supervisely-object.js';

interface Counts {
  holes: number;
  cropped: number;
}

/** The split a dataset's folder name says (train, val, valid, validation, test), if any. */
function splitOf(annFile: string): string | undefined {
  const dataset = baseName(dirName(dirName(annFile))).toLowerCase();
  return SPLIT_FOLDERS.get(dataset);
}

function sizeOf(value: Record<string, unknown>): { width?: number; height?: number } {
  const size = value.size as Record<string, unknown> | undefined;
  const w = size?.width;
  const h = size?.height;
  return typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? { width: w, height: h } : {};
}

/** Image tags as sample tags: `name`, or `name:value` for a tag with a value. */
function sampleTags(tags: unknown): string[] {
  return Object.entries(tagAttributes(tags)).map(([k, v]) => (v === true ? k : `${k}:${v}`));
}

async function readFile(file: string, input: ReadInput, problems: ProblemList, many: boolean) {
  try {
    const value = parseJson(withoutBom(await input.io.readText(file)), file).value;
    if (isSlyAnnotation(value)) return value;
    if (!many)
      throw new AssayError(
        'INVALID_INPUT',
        `${file} is not a Supervisely annotation: it has no "objects" list.`,
        {
          hint: 'Supervisely keeps one <image>.json per image in <dataset>/ann/, each {"size": {...}, "objects": [...]}; name the project folder (with meta.json) or one of them.',
          details: { file },
        },
      );
    problems.warn(file, undefined, 'not a Supervisely annotation (no "objects" list): skipped');
  } catch (error) {
    if (!many || !(error instanceof AssayError)) throw error;
    problems.skip(file, undefined, reasonAbout(error, file), error.hint);
  }
  return undefined;
}

/**
 * Reads Supervisely's JSON format: a project folder (meta.json with the classes, then one folder per
 * dataset holding `ann/<image>.json` and `img/<image>`), one dataset or `ann/` folder, or one annotation
 * file. Keys are image paths relative to the folder named (`train/img/a.jpg`), or to --images (which then
 * holds the images by name). A dataset named train/val/valid/test is that split; image tags are sample
 * tags; object tags are attributes. Objects: supervisely-object.ts.
 */
export async function readSupervisely(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const folder = await io.isDirectory(input.path);
  const files = folder ? await annFilesBelow(input.path, io) : [input.path];
  if (files.length === 0)
    throw new AssayError('NOT_FOUND', `No Supervisely annotation files in ${input.path}.`, {
      hint: 'Supervisely keeps one <image>.json per image in <dataset>/ann/ beside <dataset>/img/; name the project folder (with meta.json), a dataset folder or one annotation file.',
    });
  const named = normalizePath(input.path);
  // An ann/ folder or file is read from its dataset's folder (the images are in img/ beside ann/).
  const annDir = folder ? named : dirName(named);
  const root = baseName(annDir) === 'ann' ? dirName(annDir) : annDir;
  // meta.json is the project's: in the folder named, or above a dataset named (or its ann/ or a file).
  const dataset = baseName(annDir) === 'ann' || (await io.isDirectory(joinPath(root, 'ann')));
  const meta = (await readSlyMeta(root, io)) ?? (dataset ? await readSlyMeta(dirName(root), io) : undefined);
  const known: Map<string, SlyClass> = meta?.classes ?? new Map();
  const imagesRoot = input.images ?? root;
  const problems = new ProblemList();
  const counts: Counts = { holes: 0, cropped: 0 };
  const classes = new Map<string, ClassDef>();
  for (const name of known.keys()) classes.set(name, { name });
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  const pointNames = new Map<string, string[]>();
  for (const file of files) {
    input.signal?.throwIfAborted();
    const value = await readFile(file, input, problems, folder);
    if (!value) continue;
    const image = await imageOfAnn(file, io, input.images);
    const key = relativeInside(imagesRoot, image);
    if (key === undefined || key === '') {
      problems.skip(file, undefined, `its image ${image} lies outside ${imagesRoot}`);
      continue;
    }
    if (samples.has(key)) {
      problems.skip(file, undefined, `image "${key}" is named by an earlier annotation file too: skipped`);
      continue;
    }
    const { width, height } = sizeOf(value);
    const split = splitOf(file);
    const tags = sampleTags(value.tags);
    samples.set(key, {
      key,
      kind: 'image',
      ...(width !== undefined ? { width, height } : {}),
      ...(split ? { split } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    });
    for (const [i, raw] of value.objects.entries()) {
      const g = await readSlyObject(raw, known, width, height);
      if (typeof g === 'string') {
        problems.skip(file, `objects[${i}]`, g);
        continue;
      }
      const { note, names, ...geometry } = g;
      if (note === 'holes') counts.holes++;
      if (note === 'cropped') counts.cropped++;
      if (geometry.label !== undefined) {
        if (!classes.has(geometry.label)) classes.set(geometry.label, { name: geometry.label });
        if (geometry.kind === 'keypoints') {
          const n = (geometry.keypoints?.length ?? 0) / 3;
          const had = pointNames.get(geometry.label) ?? [];
          if (n > had.length)
            pointNames.set(geometry.label, names ?? Array.from({ length: n }, (_, k) => String(k)));
        }
      }
      annotations.push({ sample: key, source: input.source, ...geometry });
    }
  }
  // A class's keypoints share one list of names; shorter lists (a point among graphs) are padded.
  for (const [label, names] of pointNames) {
    const c = classes.get(label);
    if (c) c.keypoints = names;
  }
  for (const a of annotations)
    while (
      a.kind === 'keypoints' &&
      a.keypoints &&
      a.keypoints.length < (pointNames.get(a.label ?? '')?.length ?? 0) * 3
    )
      a.keypoints.push(0, 0, 0);
  const first = folder ? root : input.path;
  if (counts.holes > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.holes, 'polygon')} with holes read without them (the outer ring only)`,
    );
  if (counts.cropped > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.cropped, 'bitmap')} reaching past the image's edge cropped to it`,
    );
  const notes = [
    `${counted(files.length, 'annotation file')}, ${counted(samples.size, 'image')}, ${counted(classes.size, 'class', 'classes')}${meta ? ' (meta.json)' : ''}`,
  ];
  if (!meta && folder) notes.push('no meta.json found: classes in the order objects name them');
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
  };
}
