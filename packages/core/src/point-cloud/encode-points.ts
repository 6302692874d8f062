import type { PointCloud } from '../model/point-cloud.js';
import { lzfStoreLiterals } from './lzf.js';

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

/** A PCD v0.7 file of float32 fields (ascii, binary, or binary_compressed with literal-only LZF). */
export function encodePcd(cloud: PointCloud, data: 'ascii' | 'binary' | 'binary_compressed'): Uint8Array {
  const names = fieldOrder(cloud);
  const n = cloud.count;
  const header = [
    '# .PCD v0.7 - Point Cloud Data file format',
    'VERSION 0.7',
    `FIELDS ${names.join(' ')}`,
    `SIZE ${names.map(() => 4).join(' ')}`,
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
  const cols = names.map((name) => cloud.fields[name] ?? new Float32Array(n));
  if (data === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(cols.map((c) => asciiNumber(c[i]!)).join(' '));
    return concatBytes(head, new TextEncoder().encode(lines.length === 0 ? '' : `${lines.join('\n')}\n`));
  }
  const body = new Float32Array(n * names.length);
  cols.forEach((c, k) => {
    for (let i = 0; i < n; i++) {
      if (data === 'binary') body[i * names.length + k] = c[i]!;
      else body[k * n + i] = c[i]!;
    }
  });
  const raw = new Uint8Array(body.buffer);
  if (data === 'binary') return concatBytes(head, raw);
  const packed = lzfStoreLiterals(raw);
  const sizes = new Uint8Array(8);
  new DataView(sizes.buffer).setUint32(0, packed.length, true);
  new DataView(sizes.buffer).setUint32(4, raw.length, true);
  return concatBytes(head, sizes, packed);
}

/** A PLY file of one `vertex` element with float properties (ascii or binary_little_endian). */
export function encodePly(cloud: PointCloud, format: 'ascii' | 'binary_little_endian'): Uint8Array {
  const names = fieldOrder(cloud);
  const n = cloud.count;
  const header = [
    'ply',
    `format ${format} 1.0`,
    'comment written by Assay',
    `element vertex ${n}`,
    ...names.map((name) => `property float ${name}`),
    'end_header',
    '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  const cols = names.map((name) => cloud.fields[name] ?? new Float32Array(n));
  if (format === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(cols.map((c) => asciiNumber(c[i]!)).join(' '));
    return concatBytes(head, new TextEncoder().encode(lines.length === 0 ? '' : `${lines.join('\n')}\n`));
  }
  const body = new Float32Array(n * names.length);
  cols.forEach((c, k) => {
    for (let i = 0; i < n; i++) body[i * names.length + k] = c[i]!;
  });
  return concatBytes(head, new Uint8Array(body.buffer));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
