import type { ReadResult } from './dataset.js';
import type { Detection, Format } from './define-format.js';
import type { FormatIO } from './format-io.js';
import { mergeSplitReads, SPLIT_FOLDERS, type SplitSource } from './merge-split-reads.js';
import { joinPath } from './paths.js';

/** A claim that decides alone (as `import auto` counts it). */
const SURE = 0.8;

interface ClaimedFolder extends SplitSource {
  /** What the format read there: the folder, or the annotation file it claimed inside it. */
  readPath: string;
  detection: Detection;
}

/** The split folders of `dir` (train/, valid/, test/, …) the format claims, by the folder or a file in it. */
async function claimedSplitFolders(format: Format, dir: string, io: FormatIO): Promise<ClaimedFolder[]> {
  const out: ClaimedFolder[] = [];
  for (const [folder, split] of SPLIT_FOLDERS) {
    const sub = joinPath(dir, folder);
    if (!(await io.isDirectory(sub))) continue;
    const own = await format.detect(sub, io);
    if (own && own.confidence >= SURE) {
      out.push({ file: sub, split, readPath: sub, detection: own });
      continue;
    }
    for (const name of await io.listFiles(sub)) {
      const file = joinPath(sub, name);
      const claim = await format.detect(file, io);
      if (claim && claim.confidence >= SURE) {
        out.push({ file: sub, split, readPath: file, detection: claim });
        break;
      }
    }
  }
  return out;
}

/**
 * `format`, also reading an export made of split folders (Roboflow's Pascal VOC and multi-label CSV
 * exports: train/, valid/, test/, each a dataset of the format, nothing at the top) when the format
 * claims nothing at the top itself: each split folder is read on its own and the reads are merged, keys
 * relative to the export's folder (`valid/b.jpg`), `valid` as split `val`. `--images` turns it off.
 */
export function withSplitFolders(format: Format): Format {
  return {
    ...format,
    async detect(path, io) {
      const own = await format.detect(path, io);
      if (own || !(await io.isDirectory(path))) return own;
      const found = await claimedSplitFolders(format, path, io);
      if (found.length === 0) return undefined;
      return {
        confidence: Math.min(...found.map((f) => f.detection.confidence)),
        reason: `split folders ${found.map((f) => `${f.file.slice(path.length + 1)}/`).join(', ')} each hold ${format.title}`,
      };
    },
    async read(input): Promise<ReadResult> {
      const { io, path } = input;
      const split =
        input.images === undefined && (await io.isDirectory(path)) && !(await format.detect(path, io))
          ? await claimedSplitFolders(format, path, io)
          : [];
      if (split.length === 0) return format.read(input);
      const reads = [];
      for (const folder of split) {
        // No sink: the merged read is written whole (each split's keys change after its read).
        const { sink: _sink, ...rest } = input;
        reads.push({ file: folder, read: await format.read({ ...rest, path: folder.readPath }) });
      }
      return mergeSplitReads(reads, [`${split.length} split folders`]);
    },
  };
}
