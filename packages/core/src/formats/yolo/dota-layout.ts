import { counted } from '../counted.js';
import type { FormatIO } from '../format-io.js';
import { isImagePath, joinPath, stripExt } from '../paths.js';
import { looksLikeDota } from './dota-line.js';
import { splitFromPath } from './plain-layout.js';
import type { LayoutContext, YoloEntry, YoloLayout } from './yolo-layout.js';

/** A DOTA label folder: `labelTxt`, or DOTA v1.5's `labelTxt-v1.5`. */
const LABEL_DIR = /^labelTxt(-v[\d.]+)?$/i;

/** Label files below `root` that sit in a labelTxt folder (relative paths). */
function dotaLabelFiles(files: string[]): string[] {
  return files.filter(
    (f) =>
      f.endsWith('.txt') &&
      f
        .split('/')
        .slice(0, -1)
        .some((p) => LABEL_DIR.test(p)),
  );
}

/**
 * Whether `dir` is a DOTA dataset (Roboflow's DOTA export: `<split>/images/`, `<split>/labelTxt/`;
 * DOTA itself: `images/`, `labelTxt/`), judged by its first label files.
 */
export async function isDotaFolder(io: FormatIO, dir: string): Promise<boolean> {
  // Images without objects have empty label files: one DOTA line among the first files decides.
  const labels = dotaLabelFiles(await io.listFiles(dir, { recursive: true })).slice(0, 5);
  for (const rel of labels) if (looksLikeDota(await io.readText(joinPath(dir, rel)))) return true;
  return false;
}

/** The image of `<prefix>/labelTxt/<rest>.txt`: `<prefix>/images/<rest>.<any image extension>`. */
function imageKeyOf(label: string): string {
  const parts = stripExt(label).split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (LABEL_DIR.test(parts[i] ?? '')) {
      parts[i] = 'images';
      break;
    }
  }
  return parts.join('/');
}

/**
 * A DOTA folder: every labelTxt file paired with its image by stem; images without a label file are
 * samples without annotations. Class names come from the label lines (read by the YOLO reader).
 */
export async function dotaLayout(ctx: LayoutContext, root: string): Promise<YoloLayout> {
  const files = await ctx.io.listFiles(root, { recursive: true });
  const images = files.filter(isImagePath);
  const byStem = new Map(images.map((f) => [stripExt(f), f]));
  const entries: YoloEntry[] = [];
  const paired = new Set<string>();
  for (const rel of dotaLabelFiles(files)) {
    const image = byStem.get(imageKeyOf(rel));
    if (image) paired.add(image);
    const split = splitFromPath(image ?? rel);
    entries.push({
      label: joinPath(root, rel),
      ...(image ? { image: joinPath(root, image) } : {}),
      ...(split ? { split } : {}),
    });
  }
  for (const image of images) {
    if (paired.has(image)) continue;
    const split = splitFromPath(image);
    entries.push({ image: joinPath(root, image), ...(split ? { split } : {}) });
  }
  const labelled = entries.filter((e) => e.label).length;
  return {
    kind: 'dota',
    root,
    imagesRoot: ctx.input.images ?? root,
    entries,
    notes: [
      `${root}: DOTA labelTxt layout, ${counted(labelled, 'label file')}, ${counted(entries.length, 'image/label file')}`,
    ],
  };
}
