import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseJson } from '../coco/parse-json.js';
import { counted } from '../counted.js';
import { extentBox } from '../cvat/cvat-shapes.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { joinPath } from '../paths.js';
import { previewJson } from '../preview-json.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { cityscapesLayout } from './cityscapes-layout.js';

/** `leftImg8bit/<split>/<city>/<stem>_leftImg8bit.png` for `<gt>/<split>/<city>/<stem>_<gt>_polygons.json`. */
function imageKey(rel: string, gt: string): string | undefined {
  const m = new RegExp(`^(.*)_${gt}_polygons\\.json$`).exec(rel);
  return m ? `leftImg8bit/${m[1]}_leftImg8bit.png` : undefined;
}

/**
 * Reads the Cityscapes layout (cityscapes-dataset.com's gtFine/gtCoarse downloads): leftImg8bit/<split>/
 * <city>/<stem>_leftImg8bit.png with <gt>/<split>/<city>/<stem>_<gt>_polygons.json ({imgHeight, imgWidth,
 * objects: [{label, polygon: [[x, y], ...]}]}). Every object is a polygon of its label (a label ending in
 * "group", Cityscapes' crowd regions, is iscrowd); every leftImg8bit image is a sample, its split the
 * folder's (train, val, test; train_extra too). Keys are relative to the root. A layout with label PNGs
 * and no polygons files is refused with the reason.
 */
export async function readCityscapes(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const root = input.path;
  const layout = await cityscapesLayout(root, io);
  if (!layout?.gt)
    throw new AssayError(
      'INVALID_INPUT',
      `${root} is not a Cityscapes folder: it needs leftImg8bit/ beside gtFine/ or gtCoarse/.`,
      {
        hint: 'Name the folder that holds leftImg8bit/ and gtFine/.',
        details: { file: root },
      },
    );
  const gt = layout.gt;
  const gtFiles = await io.listFiles(joinPath(root, gt), { recursive: true });
  const polygons = gtFiles.filter((f) => f.endsWith(`_${gt}_polygons.json`));
  if (polygons.length === 0)
    throw new AssayError(
      'UNSUPPORTED',
      `${joinPath(root, gt)} has no *_${gt}_polygons.json files; Assay reads Cityscapes' polygons, not its label PNGs.`,
      {
        hint: `The Cityscapes download has a <stem>_${gt}_polygons.json beside each label PNG; an export holding only the PNGs (CVAT's, Datumaro's) can be exported again as COCO or CVAT instead.`,
        details: { file: joinPath(root, gt) },
      },
    );
  const problems = new ProblemList();
  const samples = new Map<string, Sample>();
  const classes = new Map<string, ClassDef>();
  const annotations: Annotation[] = [];
  const images = await io.listFiles(joinPath(root, 'leftImg8bit'), { recursive: true });
  const sampleFor = (key: string): Sample => {
    let s = samples.get(key);
    if (!s) {
      const split = key.split('/')[1] ?? '';
      const named = SPLIT_FOLDERS.get(split) ?? (split === 'train_extra' ? 'train' : undefined);
      s = { key, kind: 'image', ...(named ? { split: named } : {}) };
      samples.set(key, s);
    }
    return s;
  };
  for (const f of images) if (f.endsWith('_leftImg8bit.png')) sampleFor(`leftImg8bit/${f}`);
  let crowd = 0;
  for (const rel of polygons) {
    input.signal?.throwIfAborted();
    const file = joinPath(root, gt, rel);
    const key = imageKey(rel, gt) as string;
    let value: Record<string, unknown>;
    try {
      value = parseJson(withoutBom(await io.readText(file)), file).value as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof AssayError)) throw error;
      problems.skip(file, undefined, reasonAbout(error, file), error.hint);
      continue;
    }
    if (typeof value !== 'object' || value === null || !Array.isArray(value.objects)) {
      problems.skip(
        file,
        undefined,
        `"objects" is not a list: ${previewJson((value as Record<string, unknown> | null)?.objects)}`,
      );
      continue;
    }
    const s = sampleFor(key);
    const { imgWidth: w, imgHeight: h } = value;
    if (typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0)
      Object.assign(s, { width: w, height: h });
    for (const [i, raw] of value.objects.entries()) {
      const o = (raw ?? {}) as Record<string, unknown>;
      if (o.deleted === 1 || o.deleted === true) continue;
      if (typeof o.label !== 'string' || o.label === '') {
        problems.skip(file, `objects[${i}]`, `"label" is not a non-empty string: ${previewJson(o.label)}`);
        continue;
      }
      const flat: number[] = [];
      const poly = Array.isArray(o.polygon) ? o.polygon : [];
      for (const p of poly)
        if (
          Array.isArray(p) &&
          typeof p[0] === 'number' &&
          typeof p[1] === 'number' &&
          Number.isFinite(p[0]) &&
          Number.isFinite(p[1])
        )
          flat.push(p[0], p[1]);
      if (flat.length < 6 || flat.length !== poly.length * 2) {
        problems.skip(
          file,
          `objects[${i}]`,
          `"polygon" is not a list of at least 3 [x, y] points: ${previewJson(o.polygon)}`,
        );
        continue;
      }
      if (!classes.has(o.label)) classes.set(o.label, { name: o.label });
      const group = o.label.endsWith('group');
      if (group) crowd++;
      annotations.push({
        sample: key,
        source: input.source,
        kind: 'polygon',
        label: o.label,
        points: [flat],
        bbox: extentBox(flat),
        ...(group ? { iscrowd: true } : {}),
      });
    }
  }
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `${counted(polygons.length, `${gt} polygons file`)}, ${counted(samples.size, 'image')}, ${counted(classes.size, 'class', 'classes')}${crowd > 0 ? `; ${counted(crowd, 'group region')} (…group labels) as iscrowd` : ''}`,
    ],
  };
}
