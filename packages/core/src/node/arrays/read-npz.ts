/**
 * Reads NumPy arrays from disk: `.npy` files and `.npz` archives (a ZIP of `.npy` members, stored or
 * deflated, as numpy.savez and savez_compressed write them, zip64 sizes included).
 */
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  type NpyArray,
  type NpyData,
  type NpyHeader,
  npyDecode,
  npyHeader,
  npyParse,
} from '../../arrays/npy.js';
import { AssayError } from '../../errors.js';

/** Reads one `.npy` file. */
export async function readNpy(path: string): Promise<NpyArray> {
  return npyParse(await readBytes(path), path);
}

/** The header of an `.npy` file, read from its first 64 KiB (for `npyRowChunks`). */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const file = await openFile(path);
  try {
    const head = new Uint8Array(65_536);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return npyHeader(head.subarray(0, bytesRead), path);
  } finally {
    await file.close();
  }
}

/**
 * The rows of a C-order `.npy` file (2-D: rows × values) `rowsPerChunk` at a time, read from disk as
 * they are asked for: a file larger than memory, or than the 2 GiB one read allows (1M × 768 float32 is
 * 3.1 GB), is read in pieces.
 */
export async function* npyRowChunks(
  path: string,
  header: NpyHeader,
  rowsPerChunk: number,
): AsyncGenerator<{ from: number; count: number; data: NpyData }> {
  const [n = 0, dim = 1] = header.shape;
  const rowBytes = dim * header.itemSize;
  const file = await openFile(path);
  try {
    const step = Math.max(1, rowsPerChunk);
    const buffer = new Uint8Array(Math.min(n, step) * rowBytes);
    for (let from = 0; from < n; from += step) {
      const count = Math.min(step, n - from);
      const want = count * rowBytes;
      let got = 0;
      while (got < want) {
        const { bytesRead } = await file.read(
          buffer,
          got,
          want - got,
          header.dataOffset + from * rowBytes + got,
        );
        if (bytesRead === 0)
          throw new AssayError(
            'PARSE_ERROR',
            `${path}: the file ends early (row ${from + Math.floor(got / rowBytes)} of ${n}).`,
            {
              hint: 'The file is truncated; save it again with numpy.save.',
            },
          );
        got += bytesRead;
      }
      yield { from, count, data: npyDecode(header, buffer.subarray(0, want), count * dim, path) };
    }
  } finally {
    await file.close();
  }
}

/** Reads every array of an `.npz` archive, keyed by member name without `.npy`. */
export async function readNpz(path: string): Promise<Map<string, NpyArray>> {
  const bytes = await readBytes(path);
  const arrays = new Map<string, NpyArray>();
  for (const entry of zipEntries(bytes, path)) {
    if (!entry.name.endsWith('.npy')) continue;
    const raw = memberBytes(bytes, entry, path);
    arrays.set(entry.name.slice(0, -4), npyParse(raw, `${path}:${entry.name}`));
  }
  return arrays;
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw cannotRead(path, error);
  }
}

function cannotRead(path: string, error: unknown): AssayError {
  const code = (error as NodeJS.ErrnoException).code;
  return new AssayError(code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_INPUT', `Cannot read ${path} (${code}).`, {
    hint: code === 'ENOENT' ? `Check the path; no file named ${basename(path)} there.` : undefined,
    cause: error,
  });
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw cannotRead(path, error);
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

function zipEntries(bytes: Uint8Array, path: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw notZip(path);
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (
    (offset === 0xffffffff || count === 0xffff) &&
    eocd >= 20 &&
    view.getUint32(eocd - 20, true) === ZIP64_LOCATOR
  ) {
    const z = Number(view.getBigUint64(eocd - 12, true));
    if (view.getUint32(z, true) !== ZIP64_EOCD) throw notZip(path);
    count = Number(view.getBigUint64(z + 32, true));
    offset = Number(view.getBigUint64(z + 48, true));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== CENTRAL) throw notZip(path);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    const sizes = {
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    applyZip64(view, offset + 46 + nameLength, extraLength, sizes);
    entries.push({ name, method: view.getUint16(offset + 10, true), ...sizes });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Fields set to 0xFFFFFFFF in the central record are in the zip64 extra field, in this order. */
function applyZip64(
  view: DataView,
  start: number,
  length: number,
  sizes: { compressedSize: number; uncompressedSize: number; localOffset: number },
): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      for (const key of ['uncompressedSize', 'compressedSize', 'localOffset'] as const) {
        if (sizes[key] === 0xffffffff) {
          sizes[key] = Number(view.getBigUint64(p, true));
          p += 8;
        }
      }
    }
    at += 4 + size;
  }
}

function memberBytes(bytes: Uint8Array, entry: ZipEntry, path: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = entry.localOffset;
  if (view.getUint32(at, true) !== LOCAL) throw notZip(path);
  const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return new Uint8Array(inflateRawSync(data));
  throw new AssayError('UNSUPPORTED', `${path}: member ${entry.name} uses ZIP method ${entry.method}.`, {
    hint: 'Save the arrays with numpy.savez or numpy.savez_compressed.',
  });
}

function notZip(path: string): AssayError {
  return new AssayError('PARSE_ERROR', `${path} is not a readable .npz (ZIP) archive.`, {
    hint: 'Save the arrays with numpy.savez or numpy.savez_compressed.',
  });
}
