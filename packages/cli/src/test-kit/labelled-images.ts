import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mulberry32 } from '@assay/core/random/mulberry32';
import sharp from 'sharp';

export interface LabelledImagesOptions {
  n: number;
  /** Class names; class c appears on an image with probability `prevalence[c]`. */
  classes: string[];
  prevalence: number[];
  /** Images are spread over this many folders (`f0/`, `f1/`...). */
  folders?: number;
  /** Extra images that are byte copies of earlier ones, placed in another folder. */
  duplicates?: number;
  seed?: number;
}

export interface LabelledImages {
  images: string;
  coco: string;
  /** Per image (COCO order): file name and the classes it holds. */
  files: { file: string; classes: number[] }[];
}

/**
 * Renders small PNGs with sharp (random colours, so each is distinct) and writes a COCO file whose
 * images hold boxes of random classes (several per image: multi-label detection).
 */
export async function makeLabelledImages(
  dir: string,
  options: LabelledImagesOptions,
): Promise<LabelledImages> {
  const rnd = mulberry32(options.seed ?? 1);
  const images = join(dir, 'images');
  const folders = options.folders ?? 1;
  const files: LabelledImages['files'] = [];
  const annotations: object[] = [];
  for (let i = 0; i < options.n; i++) {
    const file = `f${i % folders}/img${i}.png`;
    await mkdir(join(images, dirname(file)), { recursive: true });
    const pixels = Buffer.alloc(16 * 16 * 3);
    for (let p = 0; p < pixels.length; p++) pixels[p] = Math.floor(rnd() * 256);
    await sharp(pixels, { raw: { width: 16, height: 16, channels: 3 } })
      .png()
      .toFile(join(images, file));
    const classes = options.prevalence.flatMap((p, c) => (rnd() < p ? [c] : []));
    files.push({ file, classes });
  }
  for (let d = 0; d < (options.duplicates ?? 0); d++) {
    const of = files[d * 3]!;
    const file = `f${(d * 3 + 1) % folders}/dup${d}.png`;
    await copyFile(join(images, of.file), join(images, file));
    files.push({ file, classes: [...of.classes] });
  }
  for (const [i, f] of files.entries())
    for (const c of f.classes)
      annotations.push({
        id: annotations.length + 1,
        image_id: i + 1,
        category_id: c + 1,
        bbox: [1 + c, 1, 6, 5],
        area: 30,
        iscrowd: 0,
      });
  const coco = join(dir, 'instances.json');
  await writeFile(
    coco,
    JSON.stringify({
      images: files.map((f, i) => ({ id: i + 1, file_name: f.file, width: 16, height: 16 })),
      annotations,
      categories: options.classes.map((name, c) => ({ id: c + 1, name })),
    }),
  );
  return { images, coco, files };
}
