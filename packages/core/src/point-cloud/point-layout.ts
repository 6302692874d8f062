import type { Bounds3, PointCloudFormat, Vec3 } from '../model/point-cloud.js';

/** Scalar types point files use (PCD TYPE+SIZE, PLY property types, raw float32). */
export type ScalarType = 'f32' | 'f64' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32';

export const SCALAR_BYTES: Record<ScalarType, number> = {
  f32: 4,
  f64: 8,
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
};

/** One field of a point record: its byte offset in a binary record, or its token index in an ascii line. */
export interface LayoutField {
  name: string;
  type: ScalarType;
  offset: number;
  /** The value is `stored × scale + add`, computed in float64 (LAS x, y, z; absent: the stored value). */
  scale?: number;
  add?: number;
  /** The value is `(stored >> shift) & mask` (bit fields of LAS; absent: the whole value). */
  mask?: number;
  shift?: number;
}

/** How a point file stores its records, as its header (or its format) says. */
export interface PointLayout {
  format: PointCloudFormat;
  encoding: 'binary' | 'ascii' | 'binary_compressed';
  littleEndian: boolean;
  /** Bytes before the first record. */
  headerBytes: number;
  /** Lines after the header to skip before the first record (ascii PLY: the elements before `vertex`). */
  skipLines?: number;
  /** Points the header declares; undefined for headerless files (count = data bytes / stride). */
  count?: number;
  /** Bytes per record (binary), tokens per line (ascii). */
  stride: number;
  /** Fields kept, in file order (padding left out; a field with several values becomes name_0, name_1...). */
  fields: LayoutField[];
  /** The bounds the header declares (LAS: min and max x, y, z), before any origin is subtracted. */
  extent?: Bounds3;
  /** The integer grid of x, y, z (LAS: world = integer × scale + offset). */
  grid?: { scale: Vec3; offset: Vec3 };
  /** The local origin subtracted from x, y, z (decodePoints' `origin`), when one was. */
  origin?: Vec3;
}

/**
 * The layouts of headerless float32 sweeps: KITTI's x, y, z, intensity (or `dims` values a point, the
 * ones past intensity named dim_4, dim_5: mmdetection3d's Waymo conversion writes 6), nuScenes' five.
 */
export function rawFloatLayout(format: 'kitti-bin' | 'nuscenes-bin', dims = 4): PointLayout {
  const names =
    format === 'kitti-bin'
      ? ['x', 'y', 'z', 'intensity', ...Array.from({ length: dims - 4 }, (_, k) => `dim_${k + 4}`)]
      : ['x', 'y', 'z', 'intensity', 'ring'];
  return {
    format,
    encoding: 'binary',
    littleEndian: true,
    headerBytes: 0,
    stride: names.length * 4,
    fields: names.map((name, i) => ({ name, type: 'f32', offset: i * 4 })),
  };
}
