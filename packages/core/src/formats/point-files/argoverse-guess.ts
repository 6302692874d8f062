import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName, joinPath } from '../paths.js';

/**
 * The folder of Argoverse 2 sweeps a path names: a log folder's `sensors/lidar/` (the log itself holds
 * annotations.feather), or itself when it holds `.feather` files
 * (undefined for anything else). A `.feather` file names its own folder.
 */
async function sweepFolder(path: string, io: FormatIO): Promise<string | undefined> {
  if (!(await io.isDirectory(path)))
    return extName(path) === '.feather' ? path.slice(0, path.lastIndexOf('/')) : undefined;
  for (const dir of [joinPath(path, 'sensors', 'lidar'), path]) {
    if (!(await io.isDirectory(dir))) continue;
    const files = await io.listFiles(dir);
    if (files.some((f) => extName(f) === '.feather')) return dir;
  }
  return undefined;
}

/**
 * Argoverse 2 LiDAR sweeps (`sensors/lidar/<timestamp>.feather`: Apache Arrow tables of x, y, z, intensity,
 * laser_number, offset_ns), which Assay does not read (no Arrow reader among its dependencies): a weak
 * guess for `import auto` with the pandas one-liner (pandas and pyarrow come with av2-api) that writes
 * each sweep beside it as a binary PCD, then `assay import pcd`.
 */
export async function guessArgoverse(path: string, io: FormatIO): Promise<Detection | undefined> {
  const dir = await sweepFolder(path, io);
  if (dir === undefined) return undefined;
  const header =
    "b'VERSION .7\\nFIELDS x y z intensity\\nSIZE 4 4 4 4\\nTYPE F F F F\\nCOUNT 1 1 1 1\\nWIDTH %d\\nHEIGHT 1\\nVIEWPOINT 0 0 0 1 0 0 0\\nPOINTS %d\\nDATA binary\\n'";
  return {
    confidence: 0.3,
    reason: `Argoverse 2 sweeps (Apache Arrow .feather), which Assay reads once written as PCD: python3 -c "import glob,pandas as pd;[open(f[:-8]+'.pcd','wb').write(${header}%(len(d),len(d))+d.to_numpy('float32').tobytes()) for f in glob.glob('${dir}/*.feather') for d in [pd.read_feather(f)[['x','y','z','intensity']]]]", then assay import pcd ${dir}`,
  };
}
