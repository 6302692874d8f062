/**
 * The generated COCO detection data the benches share: `../shared/tools/gen_detection.py` (pure-stdlib
 * Python, beside the checkout) writes `gt.json`, `dt_bbox.json` (and more) into `dir` once; later runs
 * reuse them. Without the generator the bench says so and exits without failing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const GENERATOR = resolve('../shared/tools/gen_detection.py');

/** Makes sure `dir/<needs>` exists (generating `images` images with 80 classes, seed 0); returns `dir`. */
export function detectionData(dir: string, images: number, needs = 'gt.json'): string {
  if (existsSync(join(dir, needs))) return dir;
  if (!existsSync(GENERATOR)) {
    console.log(
      `skipped: ${GENERATOR} does not exist here (the generator lives in the shared folder beside the checkout).`,
    );
    process.exit(0);
  }
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${images} images with gen_detection.py ...`);
  execFileSync(
    'python3',
    [GENERATOR, '--images', String(images), '--classes', '80', '--seed', '0', '--out', dir],
    { stdio: 'inherit' },
  );
  return dir;
}

/** The `--images N` argument of a bench, or its default. */
export function imagesArgument(fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.indexOf('--images');
  return (at >= 0 ? Number(args[at + 1]) : 0) || fallback;
}
