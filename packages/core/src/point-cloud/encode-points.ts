import { concatBytes } from '../arrays/concat-bytes.js';
import type { PointCloud } from '../model/point-cloud.js';
import { lzfStoreLiterals } from './lzf.js';
import { worldColumn } from './point-origin.js';

/** A column to write: float32 as held, or float64 (x, y, z of a cloud with a local origin, added back). */
type Column = Float32Array | Float64Array;

/**
 * The columns of `names`: x, y, z in float64 in the file's own coordinates when the cloud holds them
 * relative to a local origin (worldColumn), every other one float32 as held.
 */
function columnsOf(cloud: PointCloud, names: string[]): Column[] {
  return names.map((name, k) =>
    cloud.origin !== undefined && k < 3
      ? worldColumn(cloud, k as 0 | 1 | 2)
      : (cloud.fields[name] ?? new Float32Array(cloud.count)),
  );
}

/** Row-major binary records of `cols` (little endian): float32 columns fast, mixed ones through a DataView. */
function rowBytes(cols: Column[], n: number): Uint8Array {
  if (cols.every((c) => c instanceof Float32Array)) {
    const body = new Float32Array(n * cols.length);
    cols.forEach((c, k) => {
      for (let i = 0; i < n; i++) body[i * cols.length + k] = c[i]!;
    });
    return new Uint8Array(body.buffer);
  }
  const stride = cols.reduce((b, c) => b + c.BYTES_PER_ELEMENT, 0);
  const out = new Uint8Array(n * stride);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const c of cols) {
    for (let i = 0, at = offset; i < n; i++, at += stride) {
      if (c instanceof Float64Array) view.setFloat64(at, c[i]!, true);
      else view.setFloat32(at, c[i]!, true);
    }
    offset += c.BYTES_PER_ELEMENT;
  }
  return out;
}

/** Column-major binary data of `cols` (PCD binary_compressed before LZF), little endian. */
function columnBytes(cols: Column[], n: number): Uint8Array {
  const out = new Uint8Array(cols.reduce((b, c) => b + c.BYTES_PER_ELEMENT * n, 0));
  let at = 0;
  for (const c of cols) {
    const copy =
      c instanceof Float64Array ? Float64Array.from(c.subarray(0, n)) : Float32Array.from(c.subarray(0, n));
    out.set(new Uint8Array(copy.buffer), at);
    at += copy.byteLength;
  }
  return out;
}

/** Field names with x, y, z first, then the rest in their order. */
function fieldOrder(cloud: PointCloud): string[] {
  const names = Object.keys(cloud.fields);
  return ['x', 'y', 'z', ...names.filter((n) => n !== 'x' && n !== 'y' && n !== 'z')];
}

/** A headerless float32 sweep: x, y, z, intensity (KITTI) or x, y, z, intensity, ring (nuScenes); missing fields are 0. */
export function encodeRawFloat(cloud: PointCloud, format: 'kitti-bin' | 'nuscenes-bin'): Uint8Array {
  const names = format === 'kitti-bin' ? ['x', 'y', 'z', 'intensity'] : ['x', 'y', 'z', 'intensity', 'ring'];
  const out = new Float32Array(cloud.count * names.length);
  names.forEach((name, k) => {
    const col = cloud.fields[name];
    if (col === undefined) return;
    for (let i = 0; i < cloud.count; i++) out[i * names.length + k] = col[i]!;
  });
  return new Uint8Array(out.buffer);
}

function asciiNumber(v: number): string {
  return Number.isNaN(v) ? 'nan' : String(v);
}

/**
 * A PCD v0.7 file of float32 fields (ascii, binary, or binary_compressed with literal-only LZF); x, y, z
 * in float64 with the origin added back when the cloud has a local origin.
 */
export function encodePcd(cloud: PointCloud, data: 'ascii' | 'binary' | 'binary_compressed'): Uint8Array {
  const names = fieldOrder(cloud);
  const n = cloud.count;
  const cols = columnsOf(cloud, names);
  const header = [
    '# .PCD v0.7 - Point Cloud Data file format',
    'VERSION 0.7',
    `FIELDS ${names.join(' ')}`,
    `SIZE ${cols.map((c) => c.BYTES_PER_ELEMENT).join(' ')}`,
    `TYPE ${names.map(() => 'F').join(' ')}`,
    `COUNT ${names.map(() => 1).join(' ')}`,
    `WIDTH ${n}`,
    'HEIGHT 1',
    'VIEWPOINT 0 0 0 1 0 0 0',
    `POINTS ${n}`,
    `DATA ${data}`,
    '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  if (data === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(cols.map((c) => asciiNumber(c[i]!)).join(' '));
    return concatBytes(head, new TextEncoder().encode(lines.length === 0 ? '' : `${lines.join('\n')}\n`));
  }
  if (data === 'binary') return concatBytes(head, rowBytes(cols, n));
  const raw = columnBytes(cols, n);
  const packed = lzfStoreLiterals(raw);
  const sizes = new Uint8Array(8);
  new DataView(sizes.buffer).setUint32(0, packed.length, true);
  new DataView(sizes.buffer).setUint32(4, raw.length, true);
  return concatBytes(head, sizes, packed);
}

/**
 * A PLY file of one `vertex` element with float properties (ascii or binary_little_endian); x, y, z
 * `double` with the origin added back when the cloud has a local origin.
 */
export function encodePly(cloud: PointCloud, format: 'ascii' | 'binary_little_endian'): Uint8Array {
  const names = fieldOrder(cloud);
  const n = cloud.count;
  const cols = columnsOf(cloud, names);
  const header = [
    'ply',
    `format ${format} 1.0`,
    'comment written by Assay',
    `element vertex ${n}`,
    ...names.map((name, k) => `property ${cols[k] instanceof Float64Array ? 'double' : 'float'} ${name}`),
    'end_header',
    '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  if (format === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(cols.map((c) => asciiNumber(c[i]!)).join(' '));
    return concatBytes(head, new TextEncoder().encode(lines.length === 0 ? '' : `${lines.join('\n')}\n`));
  }
  return concatBytes(head, rowBytes(cols, n));
}
