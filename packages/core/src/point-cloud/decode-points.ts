import { AssayError } from '../errors.js';
import type { PointBatch, PointCloud, PointCloudFormat, Vec3 } from '../model/point-cloud.js';
import { parseLasHeader } from './las-header.js';
import { lzfDecompress } from './lzf.js';
import { parsePcdHeader } from './pcd-header.js';
import { parsePlyHeader } from './ply-header.js';
import { type LayoutField, type PointLayout, rawFloatLayout, SCALAR_BYTES } from './point-layout.js';
import { chooseOrigin, shiftLayout } from './point-origin.js';
import { rawFloatDims } from './raw-float-dims.js';

export interface DecodePointsOptions {
  /** Name used in error messages (the file's path as the user knows it). */
  file?: string;
  /** Points per batch handed out (default 65,536). */
  batchPoints?: number;
  signal?: AbortSignal;
  /**
   * A local origin subtracted from x, y, z in float64 before they become float32 (PointCloudInfo.origin):
   * a sample's stored one, or `auto` to choose one when the file's coordinates need it (chooseOrigin; the
   * layout returned says which). Default: none, the points as the file has them.
   */
  origin?: Vec3 | 'auto';
}

/**
 * Field names for a message: all of them up to 12, else the first 8 and how many more (a PCD field
 * with COUNT 64, PCL's descriptors, is 64 fields `name_0` … `name_63`).
 */
function fieldList(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  if (names.length <= 12) return names.join(', ');
  return `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`;
}

/** The layout of a file from its first bytes, or undefined when more bytes are needed for the header. */
export function parsePointLayout(
  bytes: Uint8Array,
  format: PointCloudFormat,
  file: string,
): PointLayout | undefined {
  if (format === 'kitti-bin' || format === 'nuscenes-bin') return rawFloatLayout(format);
  if (format === 'las') return parseLasHeader(bytes, file);
  const layout = format === 'pcd' ? parsePcdHeader(bytes, file) : parsePlyHeader(bytes, file);
  const missing = ['x', 'y', 'z'].filter(
    (n) => layout !== undefined && !layout.fields.some((f) => f.name === n),
  );
  if (missing.length > 0) {
    throw new AssayError('PARSE_ERROR', `${file}: the points have no ${missing.join(', ')} field.`, {
      hint: `A point file needs x, y and z fields; this one has ${fieldList(layout!.fields.map((f) => f.name))}.`,
    });
  }
  return layout;
}

function newBatch(layout: PointLayout, start: number, count: number): PointBatch {
  const fields: Record<string, Float32Array> = {};
  for (const f of layout.fields) fields[f.name] = new Float32Array(count);
  return { start, count, fields };
}

/** Reads field `f` of `n` records from `view` at `base` into `out` (binary, row-major). */
function readColumn(
  view: DataView,
  base: number,
  n: number,
  stride: number,
  f: LayoutField,
  le: boolean,
  out: Float32Array,
): void {
  let p = base + f.offset;
  if (f.scale !== undefined || f.mask !== undefined) {
    readScaled(view, p, n, stride, f, le, out);
    return;
  }
  switch (f.type) {
    case 'f32':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getFloat32(p, le);
      return;
    case 'f64':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getFloat64(p, le);
      return;
    case 'i8':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getInt8(p);
      return;
    case 'u8':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getUint8(p);
      return;
    case 'i16':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getInt16(p, le);
      return;
    case 'u16':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getUint16(p, le);
      return;
    case 'i32':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getInt32(p, le);
      return;
    case 'u32':
      for (let i = 0; i < n; i++, p += stride) out[i] = view.getUint32(p, le);
      return;
  }
}

/** The value of type `type` at byte `at` of `view`. */
function valueAt(view: DataView, at: number, type: LayoutField['type'], le: boolean): number {
  switch (type) {
    case 'f32':
      return view.getFloat32(at, le);
    case 'f64':
      return view.getFloat64(at, le);
    case 'i8':
      return view.getInt8(at);
    case 'u8':
      return view.getUint8(at);
    case 'i16':
      return view.getInt16(at, le);
    case 'u16':
      return view.getUint16(at, le);
    case 'u32':
      return view.getUint32(at, le);
    default:
      return view.getInt32(at, le);
  }
}

/**
 * A scaled (`× scale + add`, in float64: LAS's integers, or a coordinate moved to a local origin) or
 * bit-field (`>> shift & mask`) field.
 */
function readScaled(
  view: DataView,
  p: number,
  n: number,
  stride: number,
  f: LayoutField,
  le: boolean,
  out: Float32Array,
): void {
  const get = (at: number): number => valueAt(view, at, f.type, le);
  const scale = f.scale ?? 1;
  const add = f.add ?? 0;
  const shift = f.shift ?? 0;
  const mask = f.mask;
  for (let i = 0; i < n; i++, p += stride) {
    const v = get(p);
    out[i] = mask === undefined ? v * scale + add : (v >> shift) & mask;
  }
}

/** Fast path: little-endian float32 fields in a 4-byte-aligned record (KITTI, nuScenes, most PCD). */
function readFloatColumns(bytes: Uint8Array, n: number, layout: PointLayout, batch: PointBatch): boolean {
  if (!layout.littleEndian || layout.stride % 4 !== 0 || bytes.byteOffset % 4 !== 0) return false;
  if (!layout.fields.every((f) => f.type === 'f32' && f.offset % 4 === 0 && f.scale === undefined))
    return false;
  const words = new Float32Array(bytes.buffer, bytes.byteOffset, n * (layout.stride / 4));
  const step = layout.stride / 4;
  for (const f of layout.fields) {
    const out = batch.fields[f.name]!;
    for (let i = 0, w = f.offset / 4; i < n; i++, w += step) out[i] = words[w]!;
  }
  return true;
}

function binaryBatch(bytes: Uint8Array, start: number, n: number, layout: PointLayout): PointBatch {
  const batch = newBatch(layout, start, n);
  if (readFloatColumns(bytes, n, layout, batch)) return batch;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const f of layout.fields)
    readColumn(view, 0, n, layout.stride, f, layout.littleEndian, batch.fields[f.name]!);
  return batch;
}

function asciiBatch(lines: string[], start: number, layout: PointLayout, file: string): PointBatch {
  const batch = newBatch(layout, start, lines.length);
  const columns = layout.fields.map((f) => ({
    index: f.offset,
    out: batch.fields[f.name]!,
    name: f.name,
    type: f.type,
    scale: f.scale ?? 1,
    add: f.add ?? 0,
    shifted: f.scale !== undefined,
    integer: f.type.startsWith('u') || f.type.startsWith('i'),
  }));
  for (let i = 0; i < lines.length; i++) {
    const tokens = lines[i]!.trim().split(/\s+/);
    if (tokens.length < layout.stride) {
      throw new AssayError(
        'PARSE_ERROR',
        `${file}: point ${start + i + 1} has ${tokens.length} values, not ${layout.stride}.`,
        {
          hint: 'The file is truncated or its header does not match its data.',
        },
      );
    }
    for (const c of columns) {
      const token = tokens[c.index]!;
      const v = Number(token);
      // PCL writes invalid points as "nan"; anything else must be a number of the declared type.
      if (
        (Number.isNaN(v) && !/^[-+]?nan$/i.test(token)) ||
        (c.integer && Number.isFinite(v) && !Number.isInteger(v))
      )
        throw mistyped(file, start + i + 1, c.name, c.type, token);
      c.out[i] = c.shifted ? v * c.scale + c.add : v;
    }
  }
  return batch;
}

function mistyped(file: string, point: number, field: string, type: string, token: string): AssayError {
  return new AssayError(
    'PARSE_ERROR',
    `${file}: point ${point} has "${token.slice(0, 20)}" for field ${field}, which the header declares ${type}.`,
    {
      hint: "The header's TYPE/SIZE (PCD) or property types (PLY) do not match the data; fix the header or re-export the file.",
    },
  );
}

/** A PCD binary_compressed payload, decompressed: each field's values in a column of their own. */
function decompressPcd(payload: Uint8Array, layout: PointLayout, file: string): DataView {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload.length < 8) throw truncated(file);
  const packed = view.getUint32(0, true);
  const unpacked = view.getUint32(4, true);
  const n = layout.count ?? 0;
  if (unpacked !== n * layout.stride || payload.length < 8 + packed) throw truncated(file);
  const raw = lzfDecompress(payload.subarray(8, 8 + packed), unpacked, file);
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * A decompressed PCD payload (column-major) as one batch: layout offsets are row-major byte offsets, so
 * field k's column starts at n × (its row offset).
 */
function columnBatch(rawView: DataView, layout: PointLayout): PointBatch {
  const n = layout.count ?? 0;
  const batch = newBatch(layout, 0, n);
  for (const f of layout.fields) {
    const size = SCALAR_BYTES[f.type];
    readColumn(rawView, n * f.offset, n, size, { ...f, offset: 0 }, true, batch.fields[f.name]!);
  }
  return batch;
}

/** x, y, z of the record at byte `base` (binary; `stride` 0 and `rows` n for PCD's columns), in float64. */
function xyzAt(view: DataView, base: number, layout: PointLayout, rows = 1): Vec3 | undefined {
  const at = (name: string) => {
    const f = layout.fields.find((l) => l.name === name);
    if (f === undefined || base + rows * f.offset + SCALAR_BYTES[f.type] > view.byteLength) return Number.NaN;
    return valueAt(view, base + rows * f.offset, f.type, layout.littleEndian) * (f.scale ?? 1) + (f.add ?? 0);
  };
  const xyz: Vec3 = [at('x'), at('y'), at('z')];
  return xyz.every(Number.isFinite) ? xyz : undefined;
}

/** x, y, z of an ascii record, in float64. */
function xyzOfLine(line: string, layout: PointLayout): Vec3 | undefined {
  const tokens = line.trim().split(/\s+/);
  const at = (name: string) => {
    const f = layout.fields.find((l) => l.name === name);
    return f === undefined ? Number.NaN : Number(tokens[f.offset]) * (f.scale ?? 1) + (f.add ?? 0);
  };
  const xyz: Vec3 = [at('x'), at('y'), at('z')];
  return xyz.every(Number.isFinite) ? xyz : undefined;
}

function truncated(file: string): AssayError {
  return new AssayError('PARSE_ERROR', `${file}: the point data ends before the header's POINTS.`, {
    hint: 'The file is truncated; copy it again from its source.',
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The points of a file, batch by batch, from its bytes in chunks (read as they come: a sweep is never
 * held whole, except PCD binary_compressed, which must be decompressed at once). The layout (fields,
 * count) is the generator's return value.
 */
export async function* decodePoints(
  chunks: AsyncIterable<Uint8Array>,
  format: PointCloudFormat,
  options: DecodePointsOptions = {},
): AsyncGenerator<PointBatch, PointLayout> {
  const file = options.file ?? `${format} file`;
  const batchPoints = options.batchPoints ?? 65_536;
  let pending: Uint8Array = new Uint8Array(0);
  let layout: PointLayout | undefined;
  let done = 0;
  let text = '';
  let skip = 0;
  const decoder = new TextDecoder('latin1');
  const limit = (): number => (layout?.count === undefined ? Number.POSITIVE_INFINITY : layout.count - done);
  // `auto`: the origin is chosen from the header and the first point with finite x, y, z, before any batch.
  let choosing = options.origin === 'auto';
  const choose = (first: Vec3 | undefined): void => {
    choosing = false;
    const origin = chooseOrigin(layout!, first);
    if (origin !== undefined) layout = shiftLayout(layout!, origin);
  };
  /** The whole binary records in `pending`, as batches (the rest kept for the next chunk). */
  function* binaryRecords(): Generator<PointBatch> {
    if (layout === undefined) return;
    const records = Math.min(Math.floor(pending.length / layout.stride), limit());
    if (choosing && records > 0) {
      const view = new DataView(pending.buffer, pending.byteOffset, records * layout.stride);
      let first: Vec3 | undefined;
      for (let i = 0; i < records && first === undefined; i++) first = xyzAt(view, i * layout.stride, layout);
      choose(first);
    }
    for (let i = 0; i < records; i += batchPoints) {
      const n = Math.min(batchPoints, records - i);
      const slice = pending.subarray(i * layout.stride, (i + n) * layout.stride);
      yield binaryBatch(slice.byteOffset % 4 === 0 ? slice : slice.slice(), done, n, layout);
      done += n;
    }
    pending = pending.slice(records * layout.stride);
    if (limit() === 0) pending = new Uint8Array(0);
  }
  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    pending = concat(pending, chunk);
    if (layout === undefined) {
      // a headerless KITTI sweep: its values per point are told from its first points (rawFloatDims)
      if (format === 'kitti-bin') {
        const dims = rawFloatDims(pending, false);
        if (dims === undefined) continue;
        layout = rawFloatLayout(format, dims);
      } else layout = parsePointLayout(pending, format, file);
      if (layout === undefined) continue;
      pending = pending.slice(layout.headerBytes);
      skip = layout.skipLines ?? 0;
      if (Array.isArray(options.origin)) layout = shiftLayout(layout, options.origin);
    }
    if (layout.encoding === 'binary_compressed') continue;
    if (layout.encoding === 'ascii') {
      text += decoder.decode(pending, { stream: true });
      pending = new Uint8Array(0);
      const cut = text.lastIndexOf('\n');
      if (cut < 0) continue;
      let lines = text
        .slice(0, cut)
        .split('\n')
        .filter((l) => l.trim() !== '');
      text = text.slice(cut + 1);
      if (skip > 0) {
        const dropped = Math.min(skip, lines.length);
        lines = lines.slice(dropped);
        skip -= dropped;
      }
      if (choosing && lines.length > 0) {
        let first: Vec3 | undefined;
        for (let i = 0; i < lines.length && first === undefined; i++) first = xyzOfLine(lines[i]!, layout);
        choose(first);
      }
      for (let i = 0; i < lines.length && limit() > 0; i += batchPoints) {
        const part = lines.slice(i, Math.min(i + batchPoints, i + limit()));
        yield asciiBatch(part, done, layout, file);
        done += part.length;
      }
      continue;
    }
    yield* binaryRecords();
  }
  if (layout === undefined) {
    if (format === 'pcd' || format === 'ply' || format === 'las') {
      throw new AssayError('PARSE_ERROR', `${file} ends before its header does.`, {
        hint: 'The file is truncated or not a point cloud.',
      });
    }
    layout = rawFloatLayout(format, format === 'kitti-bin' ? rawFloatDims(pending, true) : undefined);
    if (Array.isArray(options.origin)) layout = shiftLayout(layout, options.origin);
    yield* binaryRecords();
  }
  if (layout.encoding === 'binary_compressed') {
    const raw = decompressPcd(pending, layout, file);
    if (choosing && (layout.count ?? 0) > 0) choose(xyzAt(raw, 0, layout, layout.count));
    const all = columnBatch(raw, layout);
    for (let i = 0; i < all.count; i += batchPoints) {
      const n = Math.min(batchPoints, all.count - i);
      const fields: Record<string, Float32Array> = {};
      for (const [name, col] of Object.entries(all.fields)) fields[name] = col.subarray(i, i + n);
      yield { start: i, count: n, fields };
    }
    done = all.count;
  } else if (layout.encoding === 'ascii' && text.trim() !== '' && limit() > 0) {
    if (choosing) choose(xyzOfLine(text, layout));
    const batch = asciiBatch([text], done, layout, file);
    done += 1;
    yield batch;
  }
  if (layout.count !== undefined && done < layout.count) throw truncated(file);
  if (layout.count === undefined) {
    if (pending.length > 0) {
      throw new AssayError(
        'PARSE_ERROR',
        `${file}: its size is not a whole number of ${layout.stride}-byte points.`,
        {
          hint: 'The file is truncated or is not a raw float32 sweep.',
        },
      );
    }
    layout = { ...layout, count: done };
  }
  return layout;
}

/** Every point of a file as one PointCloud (columns of `count` floats). */
export async function collectPoints(
  chunks: AsyncIterable<Uint8Array>,
  format: PointCloudFormat,
  options: DecodePointsOptions = {},
): Promise<PointCloud> {
  const batches: PointBatch[] = [];
  const it = decodePoints(chunks, format, { batchPoints: 1 << 20, ...options });
  let next = await it.next();
  while (!next.done) {
    batches.push(next.value);
    next = await it.next();
  }
  const layout = next.value;
  const count = batches.reduce((n, b) => n + b.count, 0);
  const fields: Record<string, Float32Array> = {};
  const cloud: PointCloud = { count, fields };
  if (layout.origin !== undefined) cloud.origin = layout.origin;
  if (layout.grid !== undefined) cloud.grid = layout.grid;
  for (const f of layout.fields) {
    if (batches.length === 1) {
      fields[f.name] = batches[0]!.fields[f.name]!;
      continue;
    }
    const out = new Float32Array(count);
    for (const b of batches) out.set(b.fields[f.name]!, b.start);
    fields[f.name] = out;
  }
  return cloud;
}
