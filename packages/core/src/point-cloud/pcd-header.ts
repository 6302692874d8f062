import { AssayError } from '../errors.js';
import { type LayoutField, type PointLayout, SCALAR_BYTES, type ScalarType } from './point-layout.js';

const MAX_HEADER_BYTES = 64 * 1024;

/** The end of the header's `DATA ...` line in `bytes`, or -1 when it is not there yet. */
function headerEnd(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, MAX_HEADER_BYTES);
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[lineStart] === 68 /* D */ && latin1(bytes, lineStart, lineStart + 4) === 'DATA') return i + 1;
    lineStart = i + 1;
  }
  return -1;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function scalarType(type: string, size: number): ScalarType | undefined {
  if (type === 'F') return size === 4 ? 'f32' : size === 8 ? 'f64' : undefined;
  const bits = size * 8;
  if ((type === 'I' || type === 'U') && (size === 1 || size === 2 || size === 4)) {
    return `${type === 'I' ? 'i' : 'u'}${bits}` as ScalarType;
  }
  return undefined;
}

/**
 * The layout a PCD (v0.5–0.7) header declares, or undefined when `bytes` does not hold the whole
 * header yet. Padding fields (`_`) are left out; a field with COUNT n becomes name_0 … name_{n-1}.
 */
export function parsePcdHeader(bytes: Uint8Array, file: string): PointLayout | undefined {
  const end = headerEnd(bytes);
  if (end < 0) {
    if (bytes.length >= MAX_HEADER_BYTES) throw bad(file, 'no DATA line in the first 64 KiB');
    return undefined;
  }
  const entries = new Map<string, string[]>();
  for (const raw of latin1(bytes, 0, end).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [key, ...values] = line.split(/\s+/);
    entries.set(key!.toUpperCase(), values);
  }
  const names = entries.get('FIELDS') ?? [];
  const sizes = (entries.get('SIZE') ?? []).map(Number);
  const types = entries.get('TYPE') ?? [];
  const counts = (entries.get('COUNT') ?? names.map(() => '1')).map(Number);
  const data = entries.get('DATA')?.[0]?.toLowerCase();
  const points = Number(entries.get('POINTS')?.[0] ?? Number.NaN);
  const width = Number(entries.get('WIDTH')?.[0] ?? Number.NaN);
  const height = Number(entries.get('HEIGHT')?.[0] ?? 1);
  if (names.length === 0 || sizes.length !== names.length || types.length !== names.length) {
    throw bad(file, 'FIELDS, SIZE and TYPE must name the same number of fields');
  }
  if (counts.length !== names.length) throw bad(file, 'COUNT must give one number per field');
  if (data !== 'ascii' && data !== 'binary' && data !== 'binary_compressed') {
    throw bad(file, `DATA ${data ?? '(missing)'} is not ascii, binary or binary_compressed`);
  }
  const count = Number.isInteger(points) ? points : width * height;
  if (!Number.isInteger(count) || count < 0) throw bad(file, 'POINTS (or WIDTH × HEIGHT) is not a count');
  // As PCL's PCDReader::readHeader: an organised cloud's WIDTH × HEIGHT must be its POINTS.
  if (Number.isInteger(points) && Number.isInteger(width) && width * height !== points)
    throw bad(file, `WIDTH ${width} × HEIGHT ${height} is not POINTS ${points}`);
  const fields: LayoutField[] = [];
  let offset = 0;
  for (let f = 0; f < names.length; f++) {
    const size = sizes[f]!;
    const n = counts[f]!;
    const type = scalarType(types[f]!.toUpperCase(), size);
    if (type === undefined || !Number.isInteger(n) || n < 1) {
      throw new AssayError(
        'UNSUPPORTED',
        `${file}: PCD field "${names[f]}" has TYPE ${types[f]} SIZE ${size} COUNT ${counts[f]}.`,
        {
          hint: 'Assay reads F (4 or 8 bytes), I and U (1, 2 or 4 bytes) fields; convert 8-byte integers to F 8.',
        },
      );
    }
    const step = data === 'ascii' ? 1 : SCALAR_BYTES[type];
    for (let k = 0; k < n; k++) {
      if (names[f] !== '_') fields.push({ name: n === 1 ? names[f]! : `${names[f]}_${k}`, type, offset });
      offset += step;
    }
  }
  return {
    format: 'pcd',
    encoding: data,
    littleEndian: true,
    headerBytes: end,
    count,
    stride: offset,
    fields,
  };
}

function bad(file: string, what: string): AssayError {
  return new AssayError('PARSE_ERROR', `${file} is not a PCD file Assay can read: ${what}.`, {
    hint: 'Check the header (VERSION, FIELDS, SIZE, TYPE, COUNT, WIDTH, HEIGHT, POINTS, DATA).',
  });
}
