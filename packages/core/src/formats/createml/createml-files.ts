import type { FormatIO } from '../format-io.js';
import { extName, joinPath } from '../paths.js';

/** Names a Create ML annotation file goes by: Roboflow's per split folder, then Assay's export. */
export const CREATEML_FILES = ['_annotations.createml.json', 'annotations.createml.json'] as const;

/** The file Assay's writer gives the annotations (beside the images, as Create ML reads them). */
export const CREATEML_WRITE_FILE = 'annotations.createml.json';

/**
 * What a Create ML annotation file looks like, from its parsed value: an array whose entries hold an
 * `image` string and an `annotations` array of `{label, coordinates: {x, y, width, height}}`. Returns
 * how sure that is (1: an annotation with coordinates seen; 0.6: only images without annotations).
 */
export function createMlShape(value: unknown): number {
  if (!Array.isArray(value) || value.length === 0) return 0;
  let sure = 0.6;
  for (const entry of value.slice(0, 20)) {
    if (typeof entry !== 'object' || entry === null) return 0;
    const e = entry as Record<string, unknown>;
    if (typeof e.image !== 'string' || !Array.isArray(e.annotations)) return 0;
    const first = e.annotations[0] as Record<string, unknown> | undefined;
    if (first === undefined) continue;
    const c = first.coordinates as Record<string, unknown> | undefined;
    if (typeof c !== 'object' || c === null || !('x' in c && 'y' in c && 'width' in c && 'height' in c))
      return 0;
    sure = 1;
  }
  return sure;
}

/**
 * The annotation file a path names: the file itself, a folder's Create ML file by name, else (`anyJson`,
 * when reading) the folder's only JSON.
 */
export async function createMlFile(path: string, io: FormatIO, anyJson = false): Promise<string | undefined> {
  if (!(await io.isDirectory(path))) return path;
  const files = await io.listFiles(path);
  const named = CREATEML_FILES.find((n) => files.includes(n));
  if (named) return joinPath(path, named);
  const json = files.filter((f) => extName(f) === '.json');
  return anyJson && json.length === 1 ? joinPath(path, json[0] as string) : undefined;
}
