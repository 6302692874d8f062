/** Points looked at to tell a headerless sweep's values per point. */
const SNIFF_POINTS = 1024;
/** Values per point tried after KITTI's 4: 6 (mmdetection3d's Waymo conversion), then 5. */
const OTHER_DIMS = [6, 5];

/**
 * Whether the first points of `bytes` read with `dims` float32 values a point look like a sweep: finite
 * x, y, z and a finite, non-negative intensity (the 4th value) in every point. Read with the wrong count,
 * the 4th column walks through the other values (y among them), which a 360° sweep has negative.
 */
function plausible(view: DataView, dims: number): boolean {
  const n = Math.min(SNIFF_POINTS, Math.floor(view.byteLength / (4 * dims)));
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const at = i * dims * 4;
    for (let k = 0; k < 4; k++) {
      const v = view.getFloat32(at + 4 * k, true);
      if (!Number.isFinite(v) || (k === 3 && v < 0)) return false;
    }
  }
  return true;
}

/**
 * How many float32 values each point of a headerless KITTI-style sweep holds: 4 (x, y, z, intensity),
 * unless its first points cannot be read so and can with 6 or 5 values (Waymo frames converted to KITTI
 * form by mmdetection3d: x, y, z, intensity, elongation, mask index); undefined while `bytes` holds too few
 * points to tell and more may come (`final` false).
 */
export function rawFloatDims(bytes: Uint8Array, final: boolean): number | undefined {
  if (!final && bytes.length < SNIFF_POINTS * 4 * Math.max(...OTHER_DIMS)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (plausible(view, 4)) return 4;
  const size = final ? bytes.length : undefined;
  return OTHER_DIMS.find((d) => plausible(view, d) && (size === undefined || size % (4 * d) === 0)) ?? 4;
}
