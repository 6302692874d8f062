import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';
import { dotaLayout, isDotaFolder } from './dota-layout.js';
import { darknetLayout, plainLayout } from './plain-layout.js';
import { ultralyticsLayout } from './ultralytics-layout.js';
import { isYamlPath, type LayoutContext, NAMES_FILES, notYolo, type YoloLayout } from './yolo-layout.js';

/** The data.yaml of a folder: data.yaml, dataset.yaml, else the first top-level yaml with `names:`. */
export async function findDataYaml(ctx: Pick<LayoutContext, 'io'>, dir: string, top: string[]) {
  for (const name of ['data.yaml', 'data.yml', 'dataset.yaml', 'dataset.yml']) {
    if (top.includes(name)) return joinPath(dir, name);
  }
  for (const name of top.filter(isYamlPath)) {
    const path = joinPath(dir, name);
    if (/^names\s*:/m.test(await ctx.io.readText(path))) return path;
  }
  return undefined;
}

/**
 * Whether `dir` or one of its split folders holds a `labelTxt` folder: Roboflow's DOTA export writes a
 * data.yaml too, but its labels are in `<split>/labelTxt/`, which an Ultralytics layout never reads.
 */
async function hasLabelTxt(ctx: LayoutContext, dir: string): Promise<boolean> {
  for (const folder of ['', ...SPLIT_FOLDERS.keys()]) {
    if (await ctx.io.isDirectory(joinPath(joinPath(dir, folder), 'labelTxt'))) return true;
  }
  return false;
}

async function layoutOfFolder(ctx: LayoutContext, dir: string): Promise<YoloLayout> {
  const top = await ctx.io.listFiles(dir);
  const yaml = await findDataYaml(ctx, dir, top);
  if (yaml && (await hasLabelTxt(ctx, dir)) && (await isDotaFolder(ctx.io, dir))) return dotaLayout(ctx, dir);
  if (yaml) return ultralyticsLayout(ctx, yaml);
  if (top.includes('obj.data')) return darknetLayout(ctx, joinPath(dir, 'obj.data'));
  if (await isDotaFolder(ctx.io, dir)) return dotaLayout(ctx, dir);
  const names = NAMES_FILES.find((n) => top.includes(n)) ?? top.find((n) => extName(n) === '.names');
  const layout = await plainLayout(ctx, dir, names === undefined ? undefined : joinPath(dir, names));
  if (!names && !layout.entries.some((e) => e.label)) throw notYolo(dir);
  return layout;
}

/**
 * Works out which YOLO layout `input.path` is: a data.yaml (or a folder holding one), a darknet
 * obj.data, a classes.txt / obj.names, a DOTA labelTxt folder, or a folder of label files (classes
 * named by the project, else by their number).
 */
export async function resolveYoloLayout(ctx: LayoutContext): Promise<YoloLayout> {
  const path = ctx.input.path;
  // A DOTA labelTxt folder named by itself: its dataset is the folder above (images/ beside it).
  if (/^labelTxt/i.test(baseName(path)) && (await isDotaFolder(ctx.io, dirName(path)))) {
    return dotaLayout(ctx, dirName(path));
  }
  if (await ctx.io.isDirectory(path)) return layoutOfFolder(ctx, path);
  if (isYamlPath(path)) return ultralyticsLayout(ctx, path);
  if (extName(path) === '.data') return darknetLayout(ctx, path);
  if (NAMES_FILES.includes(baseName(path)) || extName(path) === '.names') {
    return plainLayout(ctx, dirName(path), path);
  }
  throw notYolo(path);
}
