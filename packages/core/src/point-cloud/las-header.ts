import { AssayError } from '../errors.js';
import type { LayoutField, PointLayout, ScalarType } from './point-layout.js';

/** Bytes of the public header block of LAS 1.0–1.2 (227), and up to the end of LAS 1.4's 64-bit point count. */
const HEADER_12 = 227;
const COUNT_64_END = 255;

/** The standard record size of each point data record format (ASPRS LAS 1.4 R15, tables 7–16). */
const RECORD_BYTES = [20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67];

/**
 * ASPRS standard classes (LAS 1.4 table 17; 8 and 12 as LAS 1.0–1.3 name them), the names of
 * `classification` values when no classes.txt is given.
 */
export const ASPRS_CLASSES = [
  'never classified',
  'unclassified',
  'ground',
  'low vegetation',
  'medium vegetation',
  'high vegetation',
  'building',
  'low point (noise)',
  'model key-point',
  'water',
  'rail',
  'road surface',
  'overlap',
  'wire guard',
  'wire conductor',
  'transmission tower',
  'wire connector',
  'bridge deck',
  'high noise',
];

function bad(file: string, why: string, hint: string): AssayError {
  return new AssayError('PARSE_ERROR', `${file} is not a LAS file Assay reads: ${why}.`, { hint });
}

const field = (name: string, type: ScalarType, offset: number, more: Partial<LayoutField> = {}) => ({
  name,
  type,
  offset,
  ...more,
});

/** The fields of point data record format `id` (0–10) kept as point fields, scaled x, y, z first. */
function lasFields(id: number, scale: number[], add: number[]): LayoutField[] {
  const xyz = ['x', 'y', 'z'].map((n, k) => field(n, 'i32', 4 * k, { scale: scale[k]!, add: add[k]! }));
  const legacy = id <= 5;
  const fields: LayoutField[] = [
    ...xyz,
    field('intensity', 'u16', 12),
    field('return_number', 'u8', 14, { mask: legacy ? 0x07 : 0x0f }),
    field('number_of_returns', 'u8', 14, { mask: legacy ? 0x07 : 0x0f, shift: legacy ? 3 : 4 }),
    // Formats 0–5 keep flags in the top 3 bits of the classification byte.
    legacy ? field('classification', 'u8', 15, { mask: 0x1f }) : field('classification', 'u8', 16),
    legacy ? field('scan_angle', 'i8', 16) : field('scan_angle', 'i16', 18, { scale: 0.006, add: 0 }),
    field('user_data', 'u8', 17),
    field('point_source_id', 'u16', legacy ? 18 : 20),
  ];
  if ([1, 3, 4, 5].includes(id)) fields.push(field('gps_time', 'f64', 20));
  if (id >= 6) fields.push(field('gps_time', 'f64', 22));
  const rgb = id === 2 ? 20 : id === 3 || id === 5 ? 28 : id === 7 || id === 8 || id === 10 ? 30 : -1;
  if (rgb >= 0) fields.push(...['red', 'green', 'blue'].map((n, k) => field(n, 'u16', rgb + 2 * k)));
  if (id === 8 || id === 10) fields.push(field('nir', 'u16', 36));
  return fields;
}

/**
 * The layout of a LAS file (1.0–1.4, point data record formats 0–10, uncompressed), or undefined when
 * `bytes` does not hold the header and the variable length records yet. x, y, z are the stored integers
 * times the header's scale plus its offset; a record's extra bytes are left out. LAZ (compressed) is refused
 * with the command that decompresses it.
 */
export function parseLasHeader(bytes: Uint8Array, file: string): PointLayout | undefined {
  if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) !== 'LASF') {
    throw bad(file, 'it does not start with "LASF"', 'Give a LAS file (.las) as ASPRS defines it.');
  }
  if (bytes.length < HEADER_12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minor = view.getUint8(25);
  if (minor >= 4 && bytes.length < COUNT_64_END) return undefined;
  const dataStart = view.getUint32(96, true);
  const raw = view.getUint8(104);
  const id = raw & 0x3f;
  if (raw & 0xc0) {
    throw bad(
      file,
      'its points are compressed (LAZ)',
      `Decompress it first: \`pdal translate ${file} out.las\` (PDAL) or \`laszip -i ${file} -o out.las\` (LAStools).`,
    );
  }
  const stride = view.getUint16(105, true);
  if (id > 10 || stride < RECORD_BYTES[id]!) {
    throw bad(
      file,
      id > 10
        ? `point data record format ${id} is not one of 0–10`
        : `records of ${stride} bytes are shorter than format ${id}'s ${RECORD_BYTES[id]}`,
      'The header is damaged, or the file is not LAS; `pdal info` shows what it holds.',
    );
  }
  if (bytes.length < dataStart) return undefined;
  const legacyCount = view.getUint32(107, true);
  const count = legacyCount === 0 && minor >= 4 ? Number(view.getBigUint64(247, true)) : legacyCount;
  const scale = [131, 139, 147].map((at) => view.getFloat64(at, true));
  const add = [155, 163, 171].map((at) => view.getFloat64(at, true));
  // Max X, Min X, Max Y, Min Y, Max Z, Min Z (table 3), in world units.
  const [x1, x0, y1, y0, z1, z0] = [179, 187, 195, 203, 211, 219].map((at) => view.getFloat64(at, true));
  return {
    format: 'las',
    encoding: 'binary',
    littleEndian: true,
    headerBytes: dataStart,
    count,
    stride,
    fields: lasFields(id, scale, add),
    extent: { min: [x0!, y0!, z0!], max: [x1!, y1!, z1!] },
    grid: { scale: [scale[0]!, scale[1]!, scale[2]!], offset: [add[0]!, add[1]!, add[2]!] },
  };
}
