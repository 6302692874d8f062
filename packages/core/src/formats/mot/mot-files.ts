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
  // One listing: <seq>/gt/gt.txt (or det/det.txt), else <split>/<seq>/… — a folder of datasets is not
  // searched further than that (format-samples/datumaro is not MOT for holding mot_dataset/).
  const near = new Set<string>();
  const far = new Set<string>();
  for (const f of await io.listFiles(path, { recursive: true })) {
    const m = /^(?:([^/]+)\/)?([^/]+)\/(?:gt\/gt|det\/det)\.txt$/.exec(f);
    if (!m) continue;
    if (m[1] === undefined) near.add(m[2] as string);
    else if (SPLIT_FOLDERS.has(m[1].toLowerCase())) far.add(`${m[1]}/${m[2]}`);
  }
  const sequences: MotSequence[] = [];
  for (const group of [near, far]) {
    for (const rel of [...group].sort()) {
      const seq = await sequenceAt(joinPath(path, rel), io);
      if (seq) sequences.push(seq);
    }
    if (sequences.length > 0) break;
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
