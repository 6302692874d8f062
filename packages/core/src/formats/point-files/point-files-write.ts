import type { PointCloudFormat } from '../../model/point-cloud.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { encodePcd, encodePly } from '../../point-cloud/encode-points.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath, stripExt } from '../paths.js';

/**
 * Writes every point_cloud sample as a PCD (binary) or PLY (binary_little_endian) file of float32
 * fields under the same key (extension changed); per-point labels travel in their field. A sample held
 * relative to a local origin (survey coordinates) gets x, y, z in float64 with the origin added back, on
 * the source's grid (LAS: exact to its scale).
 */
export async function writePointFiles(
  input: WriteInput,
  format: Extract<PointCloudFormat, 'pcd' | 'ply'>,
): Promise<WriteResult> {
  const { dataset, io, outDir, imagesRoot } = input;
  const files: string[] = [];
  const notes = new Set<string>();
  const clouds = dataset.samples.filter((s) => s.kind === 'point_cloud');
  const keyOf = new Map<string, string>();
  for (const s of clouds) {
    input.signal?.throwIfAborted();
    const key = `${stripExt(s.key.endsWith('.pcd.bin') ? s.key.slice(0, -4) : s.key)}.${format}`;
    keyOf.set(s.key, key);
    const source = joinPath(imagesRoot, s.key);
    const target = joinPath(outDir, key);
    if (s.pointCloud?.format === format && input.images !== 'none') await io.copyFile(source, target);
    else if (input.images !== 'none') {
      // a sample held relative to a local origin is written back in the file's own coordinates (float64)
      const origin = s.pointCloud?.origin;
      const cloud = await collectPoints(io.readChunks(source), s.pointCloud?.format ?? format, {
        file: source,
        ...(origin ? { origin } : {}),
      });
      await io.writeBytes(
        target,
        format === 'pcd' ? encodePcd(cloud, 'binary') : encodePly(cloud, 'binary_little_endian'),
      );
    }
    files.push(target);
  }
  let written = 0;
  for (const a of dataset.annotations) {
    if (a.kind === 'point_labels' && a.pointLabels?.field !== undefined && keyOf.has(a.sample)) written++;
    else
      notes.add(
        `${a.kind} annotations are left out (${format.toUpperCase()} files hold points and per-point labels)`,
      );
  }
  const names = dataset.classes.map((c) => c.name);
  if (written > 0 && names.every((n, i) => n !== String(i))) {
    const target = joinPath(outDir, 'classes.txt');
    const byValue = new Map<number, string>();
    for (const c of dataset.classes) {
      const v = c.originalIds?.pcd ?? c.originalIds?.ply ?? c.originalIds?.las;
      if (typeof v === 'number') byValue.set(v, c.name);
    }
    if (byValue.size > 0) {
      const max = Math.max(...byValue.keys());
      await io.writeText(
        target,
        `${Array.from({ length: max + 1 }, (_, i) => byValue.get(i) ?? String(i)).join('\n')}\n`,
      );
      files.push(target);
    }
  }
  return { files, annotations: written, notes: [...notes] };
}
