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
import { baseName, joinPath, normalizePath, relativeInside, stripExt, toPosix } from '../paths.js';
import { previewJson } from '../preview-json.js';
import { ProblemList } from '../problems.js';
import { readDmAnnotation, UNREAD_TYPES } from './datumaro-annotation.js';
import { locateDatumaro } from './datumaro-files.js';

interface Counts {
  ellipses: number;
  unread: Map<string, number>;
  outside: number;
  absolute: number;
}

const isAbsolute = (p: string) => p.startsWith('/') || /^[a-zA-Z]:\//.test(p);

/** Label names by label_id, and keypoint names by label_id, of a file's `categories`. */
function categoriesOf(value: Record<string, unknown>) {
  const categories = (value.categories ?? {}) as Record<string, unknown>;
  const labelList = (categories.label as Record<string, unknown> | undefined)?.labels;
  const labels: string[] = [];
  if (Array.isArray(labelList))
    for (const [i, l] of labelList.entries()) {
      const name = (l as Record<string, unknown> | null)?.name;
      labels.push(typeof name === 'string' && name !== '' ? name : String(i));
    }
  const points = new Map<number, string[]>();
  const items = (categories.points as Record<string, unknown> | undefined)?.items;
  if (Array.isArray(items))
    for (const it of items) {
      const { label_id: id, labels: names } = (it ?? {}) as Record<string, unknown>;
      if (typeof id === 'number' && Array.isArray(names)) points.set(id, names.map(String));
    }
  return { labels, points };
}

/** The split a subset's name means: train/val/test (valid, validation as val), none for `default`. */
function splitOf(subset: string): string | undefined {
  if (subset === 'default' || subset === '') return undefined;
  return SPLIT_FOLDERS.get(subset.toLowerCase()) ?? subset;
}

/**
 * Reads Datumaro's own JSON format (datumaro export, CVAT's "Datumaro 1.0", Intel Geti): a dataset folder
 * with annotations/<subset>.json and images/<subset>/…, its annotations/ folder, or one subset's file. An
 * item's image is `image.path` under images/<subset>/ (or images/, as older exports placed it; the item id
 * + .jpg without one); keys are relative to images/ (or --images). Subset names are splits (`default`:
 * none). Annotations: datumaro-annotation.ts; label ids name categories.label.labels, and keypoint names
 * come from categories.points.
 */
export async function readDatumaro(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const found = await locateDatumaro(input.path, io);
  if (!found)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} is not a Datumaro dataset: no annotations/<subset>.json with "categories" and "items".`,
      {
        hint: 'Datumaro writes annotations/<subset>.json ({"dm_format_version", "categories": {"label": {...}}, "items": [...]}) beside images/<subset>/; name the dataset folder or one of those files.',
        details: { file: input.path },
      },
    );
  const imagesRoot = input.images ?? joinPath(found.root, 'images');
  const onDisk = new Set(
    (await io.isDirectory(imagesRoot)) ? await io.listFiles(imagesRoot, { recursive: true }) : [],
  );
  const problems = new ProblemList();
  const counts: Counts = { ellipses: 0, unread: new Map(), outside: 0, absolute: 0 };
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  const prediction = input.source.startsWith('prediction:');
  for (const file of found.files) {
    input.signal?.throwIfAborted();
    const value = parseJson(withoutBom(await io.readText(file)), file).value as Record<string, unknown>;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.items)) {
      problems.skip(
        file,
        undefined,
        `"items" is not a list: ${previewJson((value as Record<string, unknown> | null)?.items)}`,
      );
      continue;
    }
    const subset = stripExt(baseName(file));
    const split = splitOf(subset);
    const { labels, points } = categoriesOf(value);
    for (const name of labels) if (!classes.has(name)) classes.set(name, { name });
    for (const [id, names] of points) {
      const c = classes.get(labels[id] ?? '');
      if (c && names.length > 0) c.keypoints = names;
    }
    for (const [i, raw] of value.items.entries()) {
      const where = `items[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        problems.skip(file, where, `not an object: ${previewJson(raw)}`);
        continue;
      }
      const item = raw as Record<string, unknown>;
      const id = typeof item.id === 'string' || typeof item.id === 'number' ? String(item.id) : undefined;
      const image = (item.image ?? item.media) as Record<string, unknown> | undefined;
      let ref = typeof image?.path === 'string' && image.path !== '' ? toPosix(image.path) : undefined;
      if (ref === undefined && id === undefined) {
        problems.skip(file, where, 'an item with neither "id" nor "image.path"');
        continue;
      }
      ref ??= `${id}.jpg`;
      if (isAbsolute(ref)) {
        counts.absolute++;
        ref = baseName(ref);
      }
      // images/<subset>/<path> as Datumaro writes it; images/<path> as its older exports did.
      const inSubset = normalizePath(joinPath(imagesRoot, subset, ref));
      const flat = normalizePath(joinPath(imagesRoot, ref));
      const inside = (p: string) => relativeInside(imagesRoot, p);
      let key = inside(inSubset);
      const flatKey = inside(flat);
      if (key !== undefined && !onDisk.has(key) && flatKey !== undefined && onDisk.has(flatKey))
        key = flatKey;
      if (key === undefined || key === '') {
        counts.outside++;
        key = `${subset}/${baseName(ref)}`;
      }
      if (samples.has(key)) {
        problems.skip(
          file,
          `${where} (id ${previewJson(item.id)})`,
          `image "${key}" is named by an earlier item too: skipped`,
        );
        continue;
      }
      const size = image?.size;
      const sample: Sample = {
        key,
        kind: 'image',
        ...(split ? { split } : {}),
        ...(id !== undefined ? { originalId: id } : {}),
      };
      if (
        Array.isArray(size) &&
        typeof size[0] === 'number' &&
        typeof size[1] === 'number' &&
        size[0] > 0 &&
        size[1] > 0
      )
        Object.assign(sample, { height: size[0], width: size[1] });
      samples.set(key, sample);
      const list = item.annotations ?? [];
      if (!Array.isArray(list)) {
        problems.skip(file, `${where}.annotations`, `not a list: ${previewJson(list)}`);
        continue;
      }
      for (const [j, a] of list.entries()) {
        const g = readDmAnnotation(a, labels);
        if (g === undefined) {
          const type = String((a as Record<string, unknown>).type);
          if (UNREAD_TYPES.has(type)) counts.unread.set(type, (counts.unread.get(type) ?? 0) + 1);
          continue;
        }
        if (typeof g === 'string') {
          problems.skip(file, `${where}.annotations[${j}]`, g);
          continue;
        }
        const { approximated, ...geometry } = g;
        if (approximated === 'ellipse') counts.ellipses++;
        const score = geometry.attributes?.score;
        if (prediction && typeof score === 'number' && geometry.attributes) {
          const { score: _s, ...rest } = geometry.attributes;
          geometry.score = score;
          if (Object.keys(rest).length > 0) geometry.attributes = rest;
          else delete geometry.attributes;
        }
        annotations.push({ sample: key, source: input.source, ...geometry });
      }
    }
  }
  const first = found.files[0] as string;
  if (counts.ellipses > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.ellipses, 'ellipse')} read as polygons of 32 points (box and area: the ellipse's own; attribute shape=ellipse)`,
    );
  for (const [type, n] of counts.unread)
    problems.warn(
      first,
      undefined,
      `${counted(n, `${type} annotation`)} not read (Assay has no ${type} kind for images)`,
    );
  if (counts.absolute > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.absolute, 'item')} ${counts.absolute === 1 ? 'names its image' : 'name their images'} by an absolute path: looked for by file name`,
    );
  if (counts.outside > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.outside, 'image path')} ${counts.outside === 1 ? 'leaves' : 'leave'} the images folder: read as file names in images/<subset>/`,
    );
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: [
      `${counted(found.files.length, 'subset file')} (${found.files.map((f) => stripExt(baseName(f))).join(', ')}), ${counted(samples.size, 'item')}, ${counted(classes.size, 'class', 'classes')}`,
    ],
  };
}
