import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { baseName, joinPath, relativeInside } from '../paths.js';
import { ProblemList } from '../problems.js';
import { type CelebaPart, type CelebaTable, locateCeleba, parseCelebaTable } from './celeba-files.js';

/** list_eval_partition's numbers. */
const PARTITION: Record<string, string> = { '0': 'train', '1': 'val', '2': 'test' };

/** The class of the face a box and landmarks mark. */
const FACE = 'face';

const numbers = (values: string[]): number[] | undefined => {
  const out = values.map(Number);
  return out.length > 0 && out.every(Number.isFinite) ? out : undefined;
};

/**
 * Reads CelebA (Liu et al., "Deep Learning Face Attributes in the Wild", 2015) as released (Anno/,
 * Eval/, Img/img_celeba/ or Img/img_align_celeba/), as torchvision downloads it (the same files flat
 * beside img_align_celeba/) or as Kaggle has it (.csv with an image_id header): each image a sample,
 * its split from list_eval_partition (0 train, 1 val, 2 test), its identity as metadata; each of the 40
 * attributes set to 1 an image-level label (multi-label; -1 is no label); the five landmarks a keypoints
 * annotation `face` (with list_bbox_celeba's box on the in-the-wild images; that file's boxes are not
 * of the aligned images, so they are left out there, with a note).
 */
export async function readCeleba(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const layout = await locateCeleba(input.path, io);
  if (!layout)
    throw new AssayError('INVALID_INPUT', `${input.path} is not a CelebA dataset.`, {
      hint: 'CelebA keeps list_attr_celeba.txt, identity_CelebA.txt, list_bbox_celeba.txt or list_landmarks_(align_)celeba.txt in Anno/ (or beside img_align_celeba/); name that folder.',
      details: { file: input.path },
    });
  const problems = new ProblemList();
  const imagesRoot = input.images ?? layout.images;
  const tables: Partial<Record<CelebaPart, CelebaTable>> = {};
  for (const [part, file] of Object.entries(layout.files) as [CelebaPart, string][]) {
    const table = parseCelebaTable(withoutBom(await io.readText(file)));
    for (const line of table.bad) problems.skip(file, `line ${line}`, 'not "<image> <values>"');
    tables[part] = table;
  }
  const samples = new Map<string, Sample>();
  const sample = (file: string, image: string, line: number): Sample | undefined => {
    const key = relativeInside(imagesRoot, joinPath(imagesRoot, image));
    if (!key) {
      problems.skip(file, `line ${line}`, `image "${image.slice(0, 80)}" climbs out of ${imagesRoot}`);
      return undefined;
    }
    let s = samples.get(key);
    if (!s) samples.set(key, (s = { key, kind: 'image' }));
    return s;
  };
  for (const row of tables.partition?.rows ?? []) {
    const s = sample(layout.files.partition as string, row.image, row.line);
    const split = PARTITION[row.values[0] ?? ''];
    if (s && split) s.split = split;
  }
  for (const row of tables.identity?.rows ?? []) {
    const s = sample(layout.files.identity as string, row.image, row.line);
    if (s && row.values[0] !== undefined) s.metadata = { ...s.metadata, identity: row.values[0] };
  }
  const classes = new Map<string, ClassDef>();
  const annotations: Annotation[] = [];
  const attributes = tables.attributes;
  if (attributes) {
    const file = layout.files.attributes as string;
    for (const name of attributes.columns) classes.set(name, { name });
    for (const row of attributes.rows) {
      const s = sample(file, row.image, row.line);
      if (!s) continue;
      if (row.values.length !== attributes.columns.length) {
        problems.skip(
          file,
          `line ${row.line}`,
          `${row.values.length} values for ${attributes.columns.length} attributes`,
        );
        continue;
      }
      for (const [i, v] of row.values.entries())
        if (v === '1')
          annotations.push({
            sample: s.key,
            source: input.source,
            kind: 'classification',
            label: attributes.columns[i] as string,
          });
    }
  }
  const boxes = new Map<string, [number, number, number, number]>();
  const boxFile = layout.files.boxes;
  if (tables.boxes && boxFile && !layout.aligned)
    for (const row of tables.boxes.rows) {
      const s = sample(boxFile, row.image, row.line);
      const b = numbers(row.values);
      if (!s) continue;
      if (b?.length !== 4 || (b[2] as number) <= 0 || (b[3] as number) <= 0)
        problems.skip(
          boxFile,
          `line ${row.line}`,
          `not x_1 y_1 width height: ${row.values.join(' ').slice(0, 60)}`,
        );
      else boxes.set(s.key, b as [number, number, number, number]);
    }
  const points = layout.aligned ? tables.alignedLandmarks : (tables.landmarks ?? tables.alignedLandmarks);
  const pointFile = layout.aligned
    ? layout.files.alignedLandmarks
    : (layout.files.landmarks ?? layout.files.alignedLandmarks);
  const names = (points?.columns ?? []).filter((c) => c.endsWith('_x')).map((c) => c.slice(0, -2));
  if (points && pointFile) {
    if (names.length > 0) classes.set(FACE, { name: FACE, keypoints: names });
    for (const row of points.rows) {
      const s = sample(pointFile, row.image, row.line);
      const xy = numbers(row.values);
      if (!s) continue;
      if (!xy || xy.length !== names.length * 2 || names.length === 0) {
        problems.skip(
          pointFile,
          `line ${row.line}`,
          `${row.values.length} values for ${names.length} landmarks (x y each)`,
        );
        continue;
      }
      const xs = xy.filter((_, i) => i % 2 === 0);
      const ys = xy.filter((_, i) => i % 2 === 1);
      const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
      const bbox = boxes.get(s.key) ?? [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0];
      boxes.delete(s.key);
      const keypoints = xs.flatMap((x, i) => [x, ys[i] as number, 2]);
      annotations.push({
        sample: s.key,
        source: input.source,
        kind: 'keypoints',
        label: FACE,
        bbox,
        keypoints,
      });
    }
  }
  if (boxes.size > 0 && !classes.has(FACE)) classes.set(FACE, { name: FACE });
  for (const [key, bbox] of boxes)
    annotations.push({
      sample: key,
      source: input.source,
      kind: 'bbox',
      label: FACE,
      bbox,
      area: bbox[2] * bbox[3],
    });
  const notes = [
    `${counted(samples.size, 'image')} in ${baseName(imagesRoot)}/, ${Object.values(layout.files)
      .map((f) => baseName(f))
      .join(
        ', ',
      )}; ${counted(annotations.length, 'annotation')} (attributes set to 1 as image-level labels, landmarks as face keypoints)`,
  ];
  if (boxFile && layout.aligned)
    notes.push(
      `${baseName(boxFile)} not read: its boxes are of the in-the-wild images (img_celeba/), not the aligned ones`,
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
