import { AssayError } from '../../errors.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { dirName, extName, joinPath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { viaClassAttribute, viaValue } from './via-class.js';
import { readViaCsv, readViaJson, type ViaContent, viaFileIn } from './via-files.js';
import { readViaShape } from './via-region.js';

/** Files listed when looking for the images below the VIA file's folder (a bigger tree is not searched). */
const MAX_LISTED = 100_000;

/**
 * The images root when none is given: the VIA file's folder when the first image is there, else its
 * images/, else the one subfolder holding the first image by name (fire_images/lab_images/fire_rgb/).
 */
async function imagesRootOf(file: string, first: string | undefined, io: FormatIO): Promise<string> {
  const dir = dirName(file);
  if (first === undefined || (await io.exists(joinPath(dir, first)))) return dir;
  const images = joinPath(dir, 'images');
  if (await io.exists(joinPath(images, first))) return images;
  const all = await io.listFiles(dir, { recursive: true });
  if (all.length > MAX_LISTED) return dir;
  const found = all.filter((f) => f === first || f.endsWith(`/${first}`));
  return found.length === 1 ? joinPath(dir, (found[0] as string).slice(0, -first.length)) : dir;
}

/** The class attribute's and every other region attribute's values of a region. */
function split(attributes: Record<string, unknown>, classAttr: string | undefined) {
  let label: string | undefined;
  const rest: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(attributes)) {
    const value = viaValue(v);
    if (value === undefined) continue;
    if (k === classAttr) label = String(value);
    else rest[k] = value;
  }
  return { label, rest };
}

function toAnnotations(content: ViaContent, file: string, input: ReadInput, problems: ProblemList) {
  const seen = new Set(content.images.flatMap((i) => i.regions.flatMap((r) => Object.keys(r.attributes))));
  const cls = viaClassAttribute(input.textFields?.labels?.[0], content.declared, seen);
  const samples = new Map<string, Sample>();
  const classes = new Map<string, ClassDef>();
  const annotations: Annotation[] = [];
  const counts = { approximated: 0, unlabelled: 0 };
  for (const image of content.images) {
    const key = toSampleKey(image.filename);
    if ('refused' in key) {
      problems.skip(
        file,
        image.record,
        key.refused,
        'VIA names local images by file name; pass --images with their folder.',
      );
      continue;
    }
    if (!samples.has(key.key)) samples.set(key.key, { key: key.key, kind: 'image' });
    for (const region of image.regions) {
      const g = readViaShape(region.shape);
      if (typeof g === 'string') {
        problems.skip(file, region.record, g);
        continue;
      }
      const { approximated, ...geometry } = g;
      const { label, rest } = split(region.attributes, cls?.name);
      if (approximated) {
        counts.approximated++;
        rest.shape = approximated;
      }
      const a: Annotation = { sample: key.key, source: input.source, ...geometry };
      if (label !== undefined) {
        a.label = label;
        if (!classes.has(label)) classes.set(label, { name: label });
      } else counts.unlabelled++;
      if (Object.keys(rest).length > 0) a.attributes = rest;
      annotations.push(a);
    }
  }
  return { samples, classes, annotations, cls, counts };
}

/**
 * Reads VGG Image Annotator (VIA) 1.x/2.x annotations: a saved project (`_via_img_metadata`,
 * `_via_attributes`), a JSON export (entries keyed by filename + size, each with `filename`, `regions`,
 * `file_attributes`; VIA 1 keys regions "0", "1", ...), or a CSV export (one row per region). Shapes:
 * via-region.ts. The class is one region attribute (via-class.ts: --label-column, else the project's
 * dropdown/radio attribute, else the only one, else one named label/class/category/type/name...); the
 * others become attributes. VIA stores no image sizes (`assay scan` reads them). Images root:
 * ReadInput.images, else the file's folder (or its images/ when the first image is only there).
 */
export async function readVia(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const file = (await io.isDirectory(input.path)) ? await viaFileIn(input.path, io) : input.path;
  if (file === undefined)
    throw new AssayError('NOT_FOUND', `No VIA file (via_*.json or via_*.csv) in ${input.path}, or several.`, {
      hint: 'Name the VIA JSON or CSV file itself.',
    });
  const problems = new ProblemList();
  const text = await io.readText(file);
  const content =
    extName(file) === '.csv' ? readViaCsv(text, file, problems) : readViaJson(text, file, problems);
  const { samples, classes, annotations, cls, counts } = toAnnotations(content, file, input, problems);
  const notes = [
    `${content.form}: ${counted(samples.size, 'image')}, ${counted(annotations.length, 'region')}, ${counted(classes.size, 'class', 'classes')}`,
    cls
      ? `class read from region attribute "${cls.name}" (${cls.why}); other region attributes kept as attributes`
      : 'no region attribute holds a class: regions read without labels',
  ];
  if (counts.approximated > 0)
    problems.warn(
      file,
      undefined,
      `${counted(counts.approximated, 'circle or ellipse', 'circles and ellipses')} read as polygons of 32 points (box and area: the shape's own; attribute shape)`,
    );
  if (counts.unlabelled > 0)
    problems.warn(
      file,
      undefined,
      `${counted(counts.unlabelled, 'region')} without a value for ${cls ? `"${cls.name}"` : 'a class attribute'}: read without a label`,
      'Name the region attribute holding the class with --label-column <attribute>.',
    );
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot: input.images ?? (await imagesRootOf(file, samples.keys().next().value, io)),
    problems: problems.items,
    notes,
  };
}
