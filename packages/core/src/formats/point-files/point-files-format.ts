import type { PointCloudFormat } from '../../model/point-cloud.js';
import { type Detection, defineFormat, type Format } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName } from '../paths.js';
import { guessArgoverse } from './argoverse-guess.js';
import { guessPandaSet } from './pandaset-guess.js';

function detector(format: 'pcd' | 'ply' | 'las') {
  const ext = `.${format}`;
  return async (path: string, io: FormatIO): Promise<Detection | undefined> => {
    if (!(await io.isDirectory(path))) {
      return extName(path) === ext
        ? { confidence: 0.9, reason: `a ${format.toUpperCase()} file` }
        : undefined;
    }
    const files = await io.listFiles(path);
    const own = files.filter((f) => extName(f) === ext).length;
    if (own === 0 || own < files.length / 2) return undefined;
    return { confidence: 0.8, reason: `${own} ${format.toUpperCase()} files` };
  };
}

function pointFileFormat(format: Extract<PointCloudFormat, 'pcd' | 'ply'>, title: string): Format {
  const own = detector(format);
  return defineFormat({
    id: format,
    title,
    tasks: ['point_labels'],
    capabilities: { roundTrip: ['point_labels'], keepsClassIds: true, needsImages: false, scores: false },
    // Argoverse 2's .feather and PandaSet's .pkl.gz sweeps are weak guesses of PCD's, with the conversion to PCD.
    detect:
      format === 'pcd'
        ? async (path, io) =>
            (await own(path, io)) ?? (await guessArgoverse(path, io)) ?? guessPandaSet(path, io)
        : own,
    read: async (input) => (await import('./point-files-read.js')).readPointFiles(input, format),
    write: async (input) => (await import('./point-files-write.js')).writePointFiles(input, format),
  });
}

/** PCD point files (ascii, binary, binary_compressed): point_cloud samples, a label field as per-point labels. */
export const pcd = pointFileFormat('pcd', 'PCD point clouds');
/** PLY point files (ascii, binary little/big endian): as PCD. */
export const ply = pointFileFormat('ply', 'PLY point clouds');

/**
 * LAS point files (ASPRS LAS 1.0–1.4, point data record formats 0–10, uncompressed), read only: their
 * `classification` as per-point labels with the ASPRS class names; export writes them as PCD or PLY. A
 * `.laz` file is a weak guess naming the command that decompresses it.
 */
export const las = defineFormat({
  id: 'las',
  title: 'LAS point clouds (read only)',
  tasks: ['point_labels'],
  capabilities: { roundTrip: [], keepsClassIds: true, needsImages: false, scores: false },
  async detect(path, io) {
    const found = await detector('las')(path, io);
    if (found !== undefined || (await io.isDirectory(path)) || extName(path) !== '.laz') return found;
    return {
      confidence: 0.3,
      reason: `a LAZ file (compressed LAS), which Assay reads once decompressed: pdal translate ${path} ${path.slice(0, -1)}s (PDAL) or laszip -i ${path} -o ${path.slice(0, -1)}s (LAStools), then assay import las ${path.slice(0, -1)}s`,
    };
  },
  read: async (input) => (await import('./point-files-read.js')).readPointFiles(input, 'las'),
});
