import type { FormatIO } from '../format-io.js';
import { headText } from '../head-text.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';

/** What a VoTT JSON file is: the export (every asset under `assets`) or one asset's `<id>-asset.json`. */
export type VottRole = 'export' | 'asset';

/**
 * The role of a JSON by its first 64 KiB: VoTT's export is the project with `assets` an object of asset
 * metadata (each {asset, regions}); its per-asset files are {asset: {…}, regions: […]}.
 */
export function vottRole(head: string): VottRole | undefined {
  if (!/^\uFEFF?\s*\{/.test(head)) return undefined;
  if (
    /"assets"\s*:\s*\{/.test(head) &&
    /"regions"\s*:\s*\[|"videoSettings"\s*:|"activeLearningSettings"\s*:/.test(head)
  )
    return 'export';
  if (/"asset"\s*:\s*\{/.test(head) && /"regions"\s*:\s*\[/.test(head) && !/"assets"\s*:/.test(head))
    return 'asset';
  return undefined;
}

async function roleOf(file: string, io: FormatIO): Promise<VottRole | undefined> {
  return extName(file) === '.json' ? vottRole(await headText(file, io)) : undefined;
}

/**
 * The VoTT files `path` names: an export (`<project>-export.json`, in vott-json-export/), one
 * `<id>-asset.json`, the `.vott` project (the asset files beside it), or a folder holding an export or asset files (the project's target folder, where
 * VoTT saves one per asset beside the .vott project). Undefined when there is none. A folder's files are
 * sniffed by name first (`-export.json`, `-asset.json`), so a big folder of images costs one listing.
 */
export async function locateVott(
  path: string,
  io: FormatIO,
): Promise<{ root: string; role: VottRole; files: string[]; project?: string } | undefined> {
  if (!(await io.isDirectory(path))) {
    // The .vott project (its `assets` hold no regions): the asset files beside it.
    if (extName(path) === '.vott') {
      const beside = await locateVott(dirName(path), io);
      return beside?.role === 'asset' ? beside : undefined;
    }
    const role = await roleOf(path, io);
    return role ? { root: dirName(path), role, files: [path] } : undefined;
  }
  const names = await io.listFiles(path);
  const project = names.find((f) => extName(f) === '.vott');
  const withProject = project ? { project: joinPath(path, project) } : {};
  const exports: string[] = [];
  for (const f of names)
    if (
      baseName(f).toLowerCase().endsWith('-export.json') &&
      (await roleOf(joinPath(path, f), io)) === 'export'
    )
      exports.push(joinPath(path, f));
  if (exports.length > 0) return { root: path, role: 'export', files: exports, ...withProject };
  // A project folder holds one asset file per image: the first few are sniffed, not thousands.
  const assets = names.filter((f) => baseName(f).toLowerCase().endsWith('-asset.json')).sort();
  for (const f of assets.slice(0, 3))
    if ((await roleOf(joinPath(path, f), io)) === 'asset')
      return { root: path, role: 'asset', files: assets.map((a) => joinPath(path, a)), ...withProject };
  // VoTT writes its export into vott-json-export/ below the project's target folder.
  const inner = joinPath(path, 'vott-json-export');
  if (await io.isDirectory(inner)) {
    const found = await locateVott(inner, io);
    if (found?.role === 'export') return found;
  }
  return undefined;
}
