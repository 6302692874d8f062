import { AssayError } from '../../errors.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, joinPath, stripExt } from '../paths.js';

/** File name write() gives the instances file, and the first one read() looks for in a folder. */
export const COCO_INSTANCES_FILE = 'annotations.json';

const TASK_FILE = /^(?:instances|person_keypoints|image_info|stuff|labels|captions)_(.+)\.json$/i;

/**
 * The COCO JSON file for a path the user named: the file itself, or in a folder `annotations.json`,
 * else the one `<task>_<subset>.json` or `*.coco.json` (Roboflow) file in the folder or its
 * `annotations/` subfolder. Several
 * candidates is a USAGE error listing them (name one file).
 */
export async function findCocoFile(path: string, io: FormatIO): Promise<string> {
  if (!(await io.isDirectory(path))) return path;
  const direct = joinPath(path, COCO_INSTANCES_FILE);
  if (await io.exists(direct)) return direct;
  const found: string[] = [];
  for (const dir of [path, joinPath(path, 'annotations')]) {
    if (!(await io.isDirectory(dir))) continue;
    for (const name of await io.listFiles(dir)) {
      // Roboflow's COCO export puts `_annotations.coco.json` in each split folder beside the images.
      if (/^(instances|person_keypoints)_.+\.json$|\.coco\.json$/i.test(name))
        found.push(joinPath(dir, name));
    }
  }
  if (found.length === 1) return found[0] as string;
  if (found.length === 0) {
    throw new AssayError('NOT_FOUND', `No COCO annotation file in ${path}.`, {
      hint: `Name the JSON file itself, or put it in the folder as ${COCO_INSTANCES_FILE}.`,
    });
  }
  throw new AssayError('USAGE', `${path} holds ${found.length} COCO files; which one?`, {
    hint: `Import one file at a time: ${found.map((f) => baseName(f)).join(', ')}.`,
    details: { files: found },
  });
}

/**
 * The images folder when the user names none, first that exists of:
 *  1. `<json folder>/images` (what write() produces);
 *  2. for `<root>/annotations/<task>_<subset>.json` (the official COCO layout):
 *     `<root>/images/<subset>`, `<root>/<subset>`, `<root>/images`;
 *  3. the JSON's own folder.
 */
export async function defaultImagesRoot(jsonPath: string, io: FormatIO): Promise<string> {
  const dir = dirName(jsonPath);
  const candidates = [joinPath(dir, 'images')];
  const name = baseName(jsonPath);
  if (baseName(dir) === 'annotations' && extName(name) === '.json') {
    const root = dirName(dir);
    const subset = TASK_FILE.exec(name)?.[1] ?? stripExt(name);
    candidates.push(joinPath(root, 'images', subset), joinPath(root, subset), joinPath(root, 'images'));
  }
  for (const candidate of candidates) if (await io.isDirectory(candidate)) return candidate;
  return dir;
}
