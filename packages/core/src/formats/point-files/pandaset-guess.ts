import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, joinPath } from '../paths.js';

/** A PandaSet sweep: `lidar/NN.pkl.gz`, a pickled pandas DataFrame. */
const SWEEP = /^\d+\.pkl\.gz$/;

/**
 * The `lidar/` folder of a PandaSet sequence a path names (the sequence, its lidar/ folder, or one sweep
 * in it), or undefined.
 */
async function lidarFolder(path: string, io: FormatIO): Promise<string | undefined> {
  if (!(await io.isDirectory(path)))
    return SWEEP.test(baseName(path)) ? path.slice(0, path.lastIndexOf('/')) : undefined;
  for (const dir of [joinPath(path, 'lidar'), path]) {
    if (!(await io.isDirectory(dir))) continue;
    const files = await io.listFiles(dir);
    if (files.some((f) => SWEEP.test(f)) && files.includes('poses.json')) return dir;
  }
  return undefined;
}

/**
 * PandaSet sweeps (`<sequence>/lidar/NN.pkl.gz`: pickled pandas DataFrames of x, y, z, i, t, d in world
 * coordinates, with poses.json and timestamps.json), which Assay does not read (Python pickles): a weak
 * guess for `import auto` with the pandas one-liner that writes each sweep beside it as a binary PCD of
 * x, y, z, intensity, then `assay import pcd`.
 */
export async function guessPandaSet(path: string, io: FormatIO): Promise<Detection | undefined> {
  const dir = await lidarFolder(path, io);
  if (dir === undefined) return undefined;
  const header =
    "b'VERSION .7\\nFIELDS x y z intensity\\nSIZE 4 4 4 4\\nTYPE F F F F\\nCOUNT 1 1 1 1\\nWIDTH %d\\nHEIGHT 1\\nVIEWPOINT 0 0 0 1 0 0 0\\nPOINTS %d\\nDATA binary\\n'";
  return {
    confidence: 0.3,
    reason: `PandaSet sweeps (pickled pandas DataFrames, .pkl.gz), which Assay reads once written as PCD: python3 -c "import glob,pandas as pd;[open(f[:-7]+'.pcd','wb').write(${header}%(len(d),len(d))+d.to_numpy('float32').tobytes()) for f in glob.glob('${dir}/*.pkl.gz') for d in [pd.read_pickle(f)[['x','y','z','i']]]]", then assay import pcd ${dir} (the points are in PandaSet's world frame: poses.json holds each sweep's pose)`,
  };
}
