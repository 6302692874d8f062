import type { Sample } from '../model/sample.js';
import type { WriteInput } from './define-format.js';
import { joinPath } from './paths.js';

/**
 * Copies each sample's image to the same key under `outDir` (formats whose labels sit beside or name
 * the images by their key: box-csv, Create ML, LabelMe), unless the export asked for labels only. A
 * missing image is a note naming it, not an error. Returns the files written.
 */
export async function copyImagesByKey(
  input: WriteInput,
  samples: readonly Sample[],
  notes: string[],
): Promise<string[]> {
  const files: string[] = [];
  if (input.images === 'none') return files;
  for (const s of samples) {
    const from = joinPath(input.imagesRoot, s.key);
    if (!(await input.io.exists(from))) {
      notes.push(`${s.key}: image file not found, not copied`);
      continue;
    }
    const to = joinPath(input.outDir, s.key);
    await input.io.copyFile(from, to);
    files.push(to);
  }
  return files;
}
