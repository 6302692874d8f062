import type { FormatIO } from '../format-io.js';
import { headText } from '../head-text.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, dirName, joinPath } from '../paths.js';

/** A MOTChallenge row: frame, id, left, top, width, height, then optional numbers (at least 6 fields). */
export const MOT_ROW = /^\s*\d+\s*,\s*-?\d+(\.\d+)?\s*,(\s*-?[\d.eE+-]+\s*,){3}\s*-?[\d.eE+-]+\s*(,|$)/;

/** One sequence: its folder and its annotation file (gt/gt.txt, else det/det.txt). */
export interface MotSequence {
  dir: string;
  file: string;
  /** det/det.txt: detections (scores), not ground truth. */
  detections: boolean;
  /** det/det.txt beside a gt/gt.txt that is read instead. */
  otherDet?: string;
}

/** Whether a text file's first line is a MOT row. */
async function startsLikeMot(file: string, io: FormatIO): Promise<boolean> {
  const first = (await headText(file, io, 4096)).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return MOT_ROW.test(first);
}

async function sequenceAt(dir: string, io: FormatIO): Promise<MotSequence | undefined> {
  const gt = joinPath(dir, 'gt', 'gt.txt');
  const det = joinPath(dir, 'det', 'det.txt');
  const hasDet = (await io.exists(det)) && (await startsLikeMot(det, io));
  if ((await io.exists(gt)) && (await startsLikeMot(gt, io)))
    return { dir, file: gt, detections: false, ...(hasDet ? { otherDet: det } : {}) };
  return hasDet ? { dir, file: det, detections: true } : undefined;
}

/** Folder levels below `dir` looked at for sequences (MOT17/train/<seq>/: two). */
const DEPTH = 2;

/**
 * The sequences `path` names: a gt.txt or det.txt file (its sequence is the folder above gt/ or det/), a
 * sequence folder, or a folder of sequences (or of split folders of them: MOT17/train/MOT17-02-DPM/).
 */
export async function locateMot(
  path: string,
  io: FormatIO,
): Promise<{ root: string; sequences: MotSequence[] } | undefined> {
  if (!(await io.isDirectory(path))) {
    const name = baseName(path);
    const parent = baseName(dirName(path));
    if (!/\.txt$/i.test(name) || !['gt', 'det'].includes(parent) || !(await startsLikeMot(path, io)))
      return undefined;
    const dir = dirName(dirName(path));
    return { root: dir, sequences: [{ dir, file: path, detections: parent === 'det' }] };
  }
  const own = await sequenceAt(path, io);
  if (own) return { root: path, sequences: [own] };
  const sequences: MotSequence[] = [];
  let level = [path];
  for (let depth = 0; depth < DEPTH && sequences.length === 0; depth++) {
    const next: string[] = [];
    for (const d of level) {
      const subs = new Set(
        (await io.listFiles(d, { recursive: true }))
          .filter((f) => f.includes('/'))
          .map((f) => f.split('/')[0] as string),
      );
      for (const s of [...subs].sort()) {
        const sub = joinPath(d, s);
        const seq = await sequenceAt(sub, io);
        if (seq) sequences.push(seq);
        // One level further only through split folders (MOT17/train/<seq>/), not any folder of datasets.
        else if (SPLIT_FOLDERS.has(s.toLowerCase())) next.push(sub);
      }
    }
    level = next;
  }
  return sequences.length === 0 ? undefined : { root: path, sequences };
}

/** seqinfo.ini's [Sequence] keys (lower-cased): imDir, imExt, imWidth, imHeight, seqLength. */
export async function readSeqInfo(dir: string, io: FormatIO): Promise<Map<string, string>> {
  const file = joinPath(dir, 'seqinfo.ini');
  const out = new Map<string, string>();
  if (!(await io.exists(file))) return out;
  for (const line of (await io.readText(file)).split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out.set((m[1] as string).toLowerCase(), m[2] as string);
  }
  return out;
}
