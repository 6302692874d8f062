/**
 * Reads NumPy's `.npy` format (version 1.0, 2.0 and 3.0): a magic string, a header that is a Python dict
 * literal (`descr`, `fortran_order`, `shape`), then the raw array bytes. Every numeric dtype NumPy writes is
 * read (bool, signed/unsigned 8–64-bit integers, float16/32/64, either byte order); 64-bit integers are
 * returned as float64 when every value is a safe integer. Object, string and structured dtypes are refused
 * with a clear error, since reading them would mean running pickled Python.
 */
import { AssayError } from '../errors.js';

export type NpyData =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** A dense array in C (row-major) order whatever order the file used. */
export interface NpyArray {
  /** NumPy's dtype string as written in the file, e.g. `<f8`, `|u1`, `<i8`. */
  dtype: string;
  shape: number[];
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses the bytes of one `.npy` file; `name` is used in error messages. */
export function npyParse(bytes: Uint8Array, name = 'array.npy'): NpyArray {
  const header = readHeader(bytes, name);
  const { kind, size, littleEndian } = parseDescr(header.descr, name);
  const count = header.shape.reduce((a, b) => a * b, 1);
  if (bytes.length - header.dataOffset < count * size) {
    throw new AssayError(
      'PARSE_ERROR',
      `${name}: the file ends early (${count} values of ${size} bytes expected).`,
      {
        hint: 'The file is truncated; save it again with numpy.save.',
      },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * size);
  let data = decodeValues(view, kind, size, littleEndian, count, name);
  if (header.fortranOrder && header.shape.length > 1) data = fortranToC(data, header.shape);
  return { dtype: header.descr, shape: header.shape, data };
}

/** An .npy file's header: where its values start and how they are laid out. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
  /** Bytes of one value. */
  itemSize: number;
}

type Header = Omit<NpyHeader, 'itemSize'>;

/**
 * The header of an .npy file from its first bytes (the whole header must be in them: 64 KiB holds any
 * numpy.save writes), for reading the values a part at a time (`npyDecode`).
 */
export function npyHeader(bytes: Uint8Array, name = 'array.npy'): NpyHeader {
  const header = readHeader(bytes, name);
  const { size } = parseDescr(header.descr, name);
  return { ...header, itemSize: size };
}

/** `count` values of `header`'s dtype from `bytes` (a run of the file's values, in file order). */
export function npyDecode(header: NpyHeader, bytes: Uint8Array, count: number, name = 'array.npy'): NpyData {
  const { kind, size, littleEndian } = parseDescr(header.descr, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * size);
  return decodeValues(view, kind, size, littleEndian, count, name);
}

function readHeader(bytes: Uint8Array, name: string): Header {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new AssayError('PARSE_ERROR', `${name} is not a NumPy .npy file (no \\x93NUMPY magic).`, {
      hint: 'Save arrays with numpy.save (not pickle or np.savetxt), or pass a CSV file instead.',
    });
  }
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const wide = major >= 2;
  const headerLength = wide ? view.getUint32(8, true) : view.getUint16(8, true);
  const start = wide ? 12 : 10;
  const text = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, start + headerLength),
  );
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new AssayError(
      'PARSE_ERROR',
      `${name}: cannot read the .npy header (${text.trim().slice(0, 80)}).`,
      {
        hint: 'Only plain numeric arrays saved with numpy.save are supported.',
      },
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: start + headerLength };
}

function parseDescr(descr: string, name: string): { kind: string; size: number; littleEndian: boolean } {
  const match = /^([<>|=])([biuf])(\d+)$/.exec(descr);
  const size = Number(match?.[3]);
  const kind = match?.[2] ?? '';
  const supported = { b: [1], i: [1, 2, 4, 8], u: [1, 2, 4, 8], f: [2, 4, 8] } as Record<string, number[]>;
  if (match === null || !supported[kind]?.includes(size)) {
    throw new AssayError('UNSUPPORTED', `${name} has dtype ${descr}, which is not a plain number type.`, {
      hint: 'Convert it first, e.g. np.save(path, array.astype(np.float64)) or .astype(np.int64).',
    });
  }
  return { kind, size, littleEndian: match[1] !== '>' };
}

function decodeValues(
  view: DataView,
  kind: string,
  size: number,
  le: boolean,
  count: number,
  name: string,
): NpyData {
  if (kind === 'b' || (kind === 'u' && size === 1)) return copyBytes(view, count, Uint8Array);
  if (kind === 'i' && size === 1) return copyBytes(view, count, Int8Array);
  const read = reader(kind, size, le);
  if (size === 8 && kind !== 'f') return readInt64(view, count, kind === 'i', le, name);
  const out = outputFor(kind, size, count);
  for (let i = 0; i < count; i++) out[i] = read(view, i * size);
  return out;
}

function copyBytes<T extends Uint8Array | Int8Array>(
  view: DataView,
  count: number,
  Ctor: { new (buffer: ArrayBufferLike, offset: number, length: number): T; from(x: T): T },
): T {
  return Ctor.from(new Ctor(view.buffer, view.byteOffset, count));
}

function outputFor(kind: string, size: number, count: number): NpyData {
  if (kind === 'f') return size === 4 ? new Float32Array(count) : new Float64Array(count);
  if (kind === 'i') return size === 2 ? new Int16Array(count) : new Int32Array(count);
  return size === 2 ? new Uint16Array(count) : new Uint32Array(count);
}

function reader(kind: string, size: number, le: boolean): (v: DataView, at: number) => number {
  if (kind === 'f' && size === 2) return (v, at) => float16(v.getUint16(at, le));
  if (kind === 'f' && size === 4) return (v, at) => v.getFloat32(at, le);
  if (kind === 'f') return (v, at) => v.getFloat64(at, le);
  if (kind === 'i') return size === 2 ? (v, at) => v.getInt16(at, le) : (v, at) => v.getInt32(at, le);
  return size === 2 ? (v, at) => v.getUint16(at, le) : (v, at) => v.getUint32(at, le);
}

function readInt64(view: DataView, count: number, signed: boolean, le: boolean, name: string): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const value = signed ? view.getBigInt64(i * 8, le) : view.getBigUint64(i * 8, le);
    const n = Number(value);
    if (!Number.isSafeInteger(n)) {
      throw new AssayError(
        'UNSUPPORTED',
        `${name}: value ${value} at index ${i} does not fit a double exactly.`,
        {
          hint: 'Labels and ids must be below 2^53.',
        },
      );
    }
    out[i] = n;
  }
  return out;
}

/** IEEE 754 half precision to a double. */
function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Reorders values stored with the first axis fastest into row-major order. */
function fortranToC(data: NpyData, shape: number[]): NpyData {
  const out = new (data.constructor as new (n: number) => NpyData)(data.length);
  const dims = shape.length;
  const index = new Array<number>(dims).fill(0);
  const cStrides = new Array<number>(dims).fill(1);
  for (let d = dims - 2; d >= 0; d--) cStrides[d] = (cStrides[d + 1] as number) * (shape[d + 1] as number);
  for (let f = 0; f < data.length; f++) {
    let c = 0;
    for (let d = 0; d < dims; d++) c += (index[d] as number) * (cStrides[d] as number);
    out[c] = data[f] as number;
    for (let d = 0; d < dims; d++) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}
