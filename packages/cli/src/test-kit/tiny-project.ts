import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from './run-cli.js';

export interface TinyProject {
  /** The project folder (holds `.assay/`). */
  dir: string;
  images: string;
  annotations: string;
  /** Image file names under `images`. */
  files: string[];
}

/**
 * A real project made through the CLI: three PNGs rendered with sharp in `<dir>/data/images`, a COCO
 * file with one box each in `<dir>/data/annotations/instances.json`, `assay init` and `assay import`.
 */
export async function makeTinyProject(dir: string): Promise<TinyProject> {
  const images = join(dir, 'data', 'images');
  const annotations = join(dir, 'data', 'annotations', 'instances.json');
  await mkdir(images, { recursive: true });
  await mkdir(join(dir, 'data', 'annotations'), { recursive: true });
  const files = ['a.png', 'b.png', 'c.png'];
  for (const [i, name] of files.entries()) {
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 60 * i, g: 90, b: 200 } } })
      .png()
      .toFile(join(images, name));
  }
  const coco = {
    images: files.map((file_name, i) => ({ id: i + 1, file_name, width: 40, height: 30 })),
    annotations: files.map((_, i) => ({
      id: i + 1,
      image_id: i + 1,
      category_id: 1,
      bbox: [5, 5, 10, 8],
      area: 80,
      iscrowd: 0,
    })),
    categories: [{ id: 1, name: 'thing' }],
  };
  await writeFile(annotations, JSON.stringify(coco));
  for (const args of [
    ['init', '.'],
    ['import', 'coco', annotations, '--images', images],
  ]) {
    const run = await runCli(args, dir);
    if (run.code !== 0) throw new Error(`assay ${args.join(' ')} failed (${run.code}):\n${run.stderr}`);
  }
  return { dir, images, annotations, files };
}
