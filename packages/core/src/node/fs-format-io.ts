import { randomBytes } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { copyFile as fsCopyFile, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AssayError } from '../errors.js';
import { decodeText, type FormatIO, type ImageSize } from '../formats/format-io.js';
import { errnoCode, fsAssayError } from '../fs-error.js';
import { assertReplaceable, makeFolder, writeChunksAtomic, writeFileAtomic } from './atomic-write.js';
import { instanceRowsPool } from './instance-rows-pool.js';
import { listFiles } from './list-files.js';
import { mediaRefusal, type RealFolders, realRoot } from './media-path.js';
import { guardOutput, type ProtectedPath, resolveProtected } from './output-guard.js';
import { readParquetTable } from './read-parquet-table.js';
import { describeKind } from './real-path.js';
import { createStagedFiles } from './staged-files.js';

export interface NodeFormatIOOptions {
  /**
   * Paths that must never be written (the sources being read, the project's .assay folder): writes
   * that are, contain or lie inside one of them after resolving symbolic links are refused
   * (output-guard.ts). Source data is read-only.
   */
  protect?: readonly ProtectedPath[];
  /**
   * Folders media may be copied from: a file whose real path (symbolic links resolved) lies outside
   * all of them is refused, as the import refuses `../`. Unset: any regular file.
   */
  mediaRoots?: readonly string[];
}

/** Stats `path` and refuses anything but a regular file before it is opened (a FIFO blocks, /dev/zero never ends). */
async function assertRegularFile(path: string): Promise<void> {
  const stats: Stats = await stat(path); // its errors stay as they are: readers turn them into problems
  if (stats.isFile()) return;
  throw new AssayError('INVALID_INPUT', `${path} is ${describeKind(stats)}, not a regular file.`, {
    hint: 'Give the path of a regular file (Assay does not read devices, pipes or sockets).',
    details: { path },
  });
}

/** The FormatIO that formats get when running under Node: real files, atomic writes. */
export function createNodeFormatIO(options: NodeFormatIOOptions = {}): FormatIO {
  const protect = resolveProtected(options.protect ?? []);
  const guardWrite = (path: string): string =>
    guardOutput(path, { kind: 'file', label: 'the export', protect });
  const media = options.mediaRoots?.map(realRoot);
  const folders: RealFolders = new Map();
  const guardMedia = async (path: string): Promise<void> => {
    const refusal = mediaRefusal(path, media ?? [], await stat(path), folders); // stat errors stay raw: a missing image is a note
    if (refusal === undefined) return;
    throw new AssayError(
      refusal.escapes ? 'PATH_ESCAPE' : 'INVALID_INPUT',
      `Refusing to read ${path}: it ${refusal.reason}.`,
      {
        hint: refusal.escapes
          ? 'Assay reads media only inside the images folders. Replace the link with the file itself, or export with --no-images.'
          : 'Assay copies only regular files as media: remove it from the images folder, or export with --no-images.',
        details: { path },
      },
    );
  };
  return {
    async readText(path) {
      await assertRegularFile(path);
      return decodeText(await readFile(path));
    },
    async readBytes(path) {
      await assertRegularFile(path);
      return new Uint8Array(await readFile(path));
    },
    async *readChunks(path, chunkSize = 1 << 20, start = 0) {
      await assertRegularFile(path);
      yield* createReadStream(path, { highWaterMark: chunkSize, start });
    },
    async fileSize(path) {
      try {
        const s = await stat(path);
        return s.isFile() ? s.size : undefined;
      } catch {
        return undefined;
      }
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
    async isDirectory(path) {
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    listFiles: (dir, opts = {}) => listFiles(dir, opts.recursive ?? false),
    async imageSize(path): Promise<ImageSize | undefined> {
      try {
        if (!(await stat(path)).isFile()) return undefined;
        // sharp is loaded where an image is read: importing a file that gives the sizes never loads it
        const { default: sharp } = await import('sharp');
        const meta = await sharp(path, { failOn: 'none' }).metadata();
        if (!meta.width || !meta.height) return undefined;
        // as shown: an EXIF orientation of 5–8 turns the picture a quarter (Ultralytics' exif_size, a browser)
        const turned = (meta.orientation ?? 1) >= 5;
        return turned
          ? { width: meta.height, height: meta.width }
          : { width: meta.width, height: meta.height };
      } catch {
        return undefined;
      }
    },
    async writeText(path, text) {
      await writeFileAtomic(guardWrite(path), text);
    },
    async writeBytes(path, bytes) {
      await writeFileAtomic(guardWrite(path), bytes);
    },
    stagedFiles: (dir) =>
      createStagedFiles(dir, (path) => guardOutput(path, { kind: 'folder', label: 'the export', protect })),
    instanceRows: (context, rows) => instanceRowsPool(context, rows),
    async writeTextChunks(path, chunks) {
      await writeChunksAtomic(guardWrite(path), chunks);
    },
    async convertImage(from, to, format) {
      await guardMedia(from);
      await assertRegularFile(from);
      const target = guardWrite(to);
      await assertReplaceable(target);
      let bytes: Buffer;
      const { default: sharp } = await import('sharp');
      try {
        bytes = await sharp(from, { failOn: 'none' })
          .flatten({ background: '#ffffff' })
          .toFormat(format, { quality: 95 })
          .toBuffer();
      } catch (error) {
        throw new AssayError(
          'INVALID_INPUT',
          `Could not convert ${from} to ${format.toUpperCase()}: ${String(error)}`,
          {
            hint: 'Check that the file is an image sharp can decode (`assay scan` reports unreadable files), or export without converting.',
            details: { path: from },
            cause: error,
          },
        );
      }
      await writeFileAtomic(target, bytes);
    },
    async readParquet(path, options) {
      await assertRegularFile(path);
      return readParquetTable(path, options?.limit);
    },
    async copyFile(from, to) {
      await guardMedia(from);
      const target = guardWrite(to);
      await assertReplaceable(target);
      await makeFolder(dirname(target));
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await fsCopyFile(from, temp);
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw errnoCode(error) === 'ENOENT' ? error : (fsAssayError(error, target) ?? error);
      }
    },
  };
}
