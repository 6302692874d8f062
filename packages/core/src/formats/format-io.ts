/**
 * Everything a format may do to the outside world. Formats never import `fs`: the node layer hands
 * them an implementation (src/node/fs-format-io.ts), tests may hand them one over a temp folder.
 * Paths are absolute, with forward slashes on every platform.
 */
import type { InstanceRowsContext, InstanceRowsRun } from './coco/instance-rows.js';

export interface ImageSize {
  width: number;
  height: number;
}

/** A Parquet file as text formats read it: its rows as JSON values, and its key-value metadata. */
export interface ParquetTable {
  rows: Record<string, unknown>[];
  metadata: Record<string, string>;
}

export interface FormatIO {
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  /**
   * The file's bytes in order from byte `start` (default 0), in chunks of about `chunkSize` bytes
   * (default 1 MiB), for files too big to hold.
   */
  readChunks(path: string, chunkSize?: number, start?: number): AsyncIterable<Uint8Array>;
  /** Size in bytes, or undefined when there is no such file. */
  fileSize(path: string): Promise<number | undefined>;
  exists(path: string): Promise<boolean>;
  isDirectory(path: string): Promise<boolean>;
  /** Files (not folders) below `dir`, as paths relative to it with forward slashes, sorted. */
  listFiles(dir: string, options?: { recursive?: boolean }): Promise<string[]>;
  /**
   * Width and height of the image as shown, from its header: an EXIF orientation of 5–8 swaps them (as
   * Ultralytics, Label Studio and browsers see the picture, so normalised coordinates are in that frame);
   * undefined if unreadable.
   */
  imageSize(path: string): Promise<ImageSize | undefined>;
  /** Writes atomically (temp file, then rename), creating folders. Refuses to overwrite source files. */
  writeText(path: string, text: string): Promise<void>;
  /** As writeText, for text given in pieces (a large export; strings, or UTF-8 bytes), holding one piece at a time. */
  writeTextChunks(path: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void>;
  /** As writeText, for binary files (point clouds converted on export). */
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /**
   * Many small files under `dir` (YOLO's label files), written into a staging folder inside it and moved into
   * place by `commit` (a whole folder per rename where the destination folder is new); `discard` removes
   * the staging folder. Each file appears complete, as with writeText, at a fraction of its cost per file.
   * Optional: a writer without it writes each file with writeText.
   */
  stagedFiles?(dir: string): StagedFiles;
  /**
   * Formats the plain rows of a COCO instances file (`rows` annotations in all) on threads of their own, the
   * results in the order asked; undefined (or absent): the writer formats them itself, as it does for few
   * rows (issue 12: formatting is a third of a 1M export's main thread).
   */
  instanceRows?(context: InstanceRowsContext, rows: number): InstanceRowsRun | undefined;
  /**
   * The rows of a Parquet file (a Hugging Face dataset as downloaded; the first `limit` rows, default
   * all), for text formats. Optional: an IO without it cannot read Parquet (the format says so).
   */
  readParquet?(path: string, options?: { limit?: number }): Promise<ParquetTable>;
  /** Copies a file (for exports that carry images), creating folders. */
  copyFile(from: string, to: string): Promise<void>;
  /**
   * Writes the image at `from` to `to` re-encoded as JPEG (quality 95; an alpha channel is flattened
   * onto white, pixels and size unchanged), for layouts that hold only JPEG files (VOC devkit-flat).
   */
  convertImage(from: string, to: string, format: 'jpeg'): Promise<void>;
}

/** Files written while staged, then moved into place together (FormatIO.stagedFiles). */
export interface StagedFiles {
  /**
   * Writes a file (a path inside the staged folder; text, or UTF-8 bytes written before the promise
   * settles, so the caller may reuse them); refuses to replace anything but a regular file.
   */
  write(path: string, text: string | Uint8Array): Promise<void>;
  /** Moves every staged file into place and removes the staging folder. */
  commit(): Promise<void>;
  /** Removes the staging folder and what it holds (after a failure). */
  discard(): Promise<void>;
}

/** The text without a leading UTF-8 byte-order mark (U+FEFF), which is no part of the content. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A text file's bytes as text: UTF-16 when they open with its byte order mark (FF FE little endian, as
 * Excel's "Unicode Text" and Windows tools save; FE FF big endian), else UTF-8 (lenient: a byte that is not
 * UTF-8 becomes U+FFFD, which readUtf8Text refuses); the mark left out.
 */
export function decodeText(bytes: Uint8Array): string {
  const [a, b] = bytes;
  const encoding = a === 0xff && b === 0xfe ? 'utf-16le' : a === 0xfe && b === 0xff ? 'utf-16be' : 'utf-8';
  return withoutBom(new TextDecoder(encoding).decode(bytes));
}
