import { AssayError } from '../errors.js';
import { type LayoutField, type PointLayout, SCALAR_BYTES, type ScalarType } from './point-layout.js';

const MAX_HEADER_BYTES = 64 * 1024;

const PLY_TYPES: Record<string, ScalarType> = {
  char: 'i8',
  int8: 'i8',
  uchar: 'u8',
  uint8: 'u8',
  short: 'i16',
  int16: 'i16',
  ushort: 'u16',
  uint16: 'u16',
  int: 'i32',
  int32: 'i32',
  uint: 'u32',
  uint32: 'u32',
  float: 'f32',
  float32: 'f32',
  double: 'f64',
  float64: 'f64',
};

function findEndHeader(bytes: Uint8Array): number {
  const marker = 'end_header';
  const n = Math.min(bytes.length, MAX_HEADER_BYTES);
  outer: for (let i = 0; i + marker.length < n; i++) {
    for (let k = 0; k < marker.length; k++) if (bytes[i + k] !== marker.charCodeAt(k)) continue outer;
    if (i > 0 && bytes[i - 1] !== 10) continue;
    let j = i + marker.length;
    if (bytes[j] === 13) j++;
    if (j >= bytes.length) return -1;
    if (bytes[j] === 10) return j + 1;
  }
  return -1;
}

/**
 * The layout of a PLY file's `vertex` element, or undefined when `bytes` does not hold the whole header
 * (and the elements before the vertices) yet. The vertex element holds no list property; elements before
 * it (MeshLab's `camera`) are skipped when their properties are scalars; elements after it (faces) are
 * left unread.
 */
export function parsePlyHeader(bytes: Uint8Array, file: string): PointLayout | undefined {
  if (bytes.length >= 4 && String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!) !== 'ply') {
    throw bad(file, 'it does not start with "ply"');
  }
  const end = findEndHeader(bytes);
  if (end < 0) {
    if (bytes.length >= MAX_HEADER_BYTES) throw bad(file, 'no end_header in the first 64 KiB');
    return undefined;
  }
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end));
  let encoding: PointLayout['encoding'] | undefined;
  let littleEndian = true;
  let element: string | undefined;
  let count: number | undefined;
  /** Elements before `vertex`: their counts and record sizes (binary), to skip. */
  const before: { name: string; count: number; bytes: number; list: boolean }[] = [];
  const fields: LayoutField[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const parts = raw.trim().split(/\s+/);
    if (parts[0] === 'format') {
      if (parts[1] === 'ascii') encoding = 'ascii';
      else if (parts[1] === 'binary_little_endian') encoding = 'binary';
      else if (parts[1] === 'binary_big_endian') {
        encoding = 'binary';
        littleEndian = false;
      } else throw bad(file, `format ${parts[1]} is unknown`);
    } else if (parts[0] === 'element') {
      element = parts[1];
      if (element === 'vertex') count = Number(parts[2]);
      else if (count === undefined)
        before.push({ name: element ?? '', count: Number(parts[2]), bytes: 0, list: false });
    } else if (parts[0] === 'property' && count === undefined && before.length > 0) {
      const skipped = before[before.length - 1]!;
      if (parts[1] === 'list') skipped.list = true;
      else skipped.bytes += SCALAR_BYTES[PLY_TYPES[parts[1] ?? ''] ?? 'u8'];
    } else if (parts[0] === 'property' && element === 'vertex') {
      if (parts[1] === 'list') {
        throw new AssayError('UNSUPPORTED', `${file}: the PLY vertex element has a list property.`, {
          hint: 'Save the point cloud with scalar vertex properties only.',
        });
      }
      const type = PLY_TYPES[parts[1] ?? ''];
      if (type === undefined) throw bad(file, `property type ${parts[1]} is unknown`);
      fields.push({ name: parts[2] ?? `field_${fields.length}`, type, offset });
      offset += encoding === 'ascii' ? 1 : SCALAR_BYTES[type];
    }
  }
  if (encoding === undefined) throw bad(file, 'no format line');
  if (count === undefined || !Number.isInteger(count) || count < 0) {
    throw bad(file, 'it has no "element vertex" with a count');
  }
  const listed = before.find((e) => e.list || !Number.isInteger(e.count) || e.count < 0);
  if (listed !== undefined) {
    throw new AssayError(
      'UNSUPPORTED',
      `${file}: the PLY element "${listed.name}" before the vertices has a list property (or no count), which Assay cannot skip.`,
      { hint: 'Save the point cloud with the vertex element first (e.g. without faces or cameras).' },
    );
  }
  if (encoding === 'ascii') offset = fields.length;
  const layout: PointLayout = {
    format: 'ply',
    encoding,
    littleEndian,
    headerBytes: end,
    count,
    stride: offset,
    fields,
  };
  if (encoding === 'ascii') {
    const lines = before.reduce((n, e) => n + e.count, 0);
    if (lines > 0) layout.skipLines = lines;
  } else {
    layout.headerBytes += before.reduce((n, e) => n + e.count * e.bytes, 0);
    if (bytes.length < layout.headerBytes) return undefined;
  }
  return layout;
}

function bad(file: string, what: string): AssayError {
  return new AssayError('PARSE_ERROR', `${file} is not a PLY point cloud Assay can read: ${what}.`, {
    hint: 'Check the header: ply, format, element vertex N, property lines, end_header.',
  });
}
