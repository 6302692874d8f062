import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';

/** Cityscapes' annotation folders: fine, then coarse (gtCoarse is read when there is no gtFine). */
const GT = ['gtFine', 'gtCoarse'];

/** The layout of a Cityscapes root: leftImg8bit/ beside gtFine/ or gtCoarse/. */
export async function cityscapesLayout(dir: string, io: FormatIO): Promise<{ gt?: string } | undefined> {
  if (!(await io.isDirectory(joinPath(dir, 'leftImg8bit')))) return undefined;
  for (const gt of GT) if (await io.isDirectory(joinPath(dir, gt))) return { gt };
  return undefined;
}
