import { createReadStream } from 'node:fs';
import { copyFile as fsCopyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import sharp from 'sharp';
import { AssayError } from '../errors.js';
import type { FormatIO, ImageSize } from '../formats/format-io.js';
import { toPosix } from '../formats/paths.js';
import { writeChunksAtomic, writeFileAtomic } from './atomic-write.js';

export interface NodeFormatIOOptions {
  /**
   * Folders that must never be written (the sources being read). Writes inside them are refused with
   * a clear error: source data is read-only.
   */
  readOnlyRoots?: string[];
}

function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** The FormatIO that formats get when running under Node: real files, atomic writes. */
export function createNodeFormatIO(options: NodeFormatIOOptions = {}): FormatIO {
  const readOnly = (options.readOnlyRoots ?? []).map((r) => resolve(r));
  const guardWrite = (path: string): void => {
    const hit = readOnly.find((root) => isInside(root, path));
    if (hit !== undefined) {
      throw new AssayError(
        'PATH_ESCAPE',
        `Refusing to write ${path}: it is inside the source folder ${hit}.`,
        {
          hint: 'Choose an output folder outside the dataset you imported; Assay never modifies source data.',
        },
      );
    }
  };
  return {
    readText: (path) => readFile(path, 'utf8'),
    readBytes: async (path) => new Uint8Array(await readFile(path)),
    readChunks: (path, chunkSize = 1 << 20, start = 0) =>
      createReadStream(path, { highWaterMark: chunkSize, start }),
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
    async listFiles(dir, opts = {}) {
      const entries = await readdir(dir, { withFileTypes: true, recursive: opts.recursive ?? false });
      const out: string[] = [];
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? entry.path ?? dir;
        out.push(toPosix(relative(dir, join(parent, entry.name))));
      }
      return out.sort();
    },
    async imageSize(path): Promise<ImageSize | undefined> {
      try {
        const meta = await sharp(path, { failOn: 'none' }).metadata();
        if (!meta.width || !meta.height) return undefined;
        return { width: meta.width, height: meta.height };
      } catch {
        return undefined;
      }
    },
    async writeText(path, text) {
      guardWrite(path);
      await writeFileAtomic(path, text);
    },
    async writeTextChunks(path, chunks) {
      guardWrite(path);
      await writeChunksAtomic(path, chunks);
    },
    async copyFile(from, to) {
      guardWrite(to);
      await mkdir(dirname(to), { recursive: true });
      const temp = `${to}.${process.pid}.tmp`;
      try {
        await fsCopyFile(from, temp);
        await rename(temp, to);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}
