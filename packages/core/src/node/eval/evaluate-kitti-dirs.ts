import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AssayError } from '../../errors.js';
import {
  type EvaluateKittiOptions,
  evaluateKitti,
  type KittiEvaluation,
} from '../../eval/kitti/evaluate-kitti.js';
import { type KittiObject, kittiObjectsFromFrames } from '../../eval/kitti/kitti-objects.js';
import { type KittiLabelRole, parseKittiEvalLabels } from '../../eval/kitti/parse-kitti-eval-labels.js';
import { fsAssayError } from '../../fs-error.js';
import { listFiles } from '../list-files.js';
import { readTextFile } from '../read-text-file.js';

export interface EvaluateKittiDirsOptions extends EvaluateKittiOptions {
  /** Folder of ground-truth label_2 files (`000000.txt`...). */
  gt: string;
  /** Folder of results files of the same names (a score as the 16th column). */
  pred: string;
}

export interface KittiDirsEvaluation extends KittiEvaluation {
  /** Frame names (file names without .txt), in evaluation order. */
  frameNames: string[];
  /** What the user should know: frames without a results file, results files without ground truth. */
  warnings: string[];
  timings: { load: number; eval: number };
}

async function labelFiles(dir: string, role: KittiLabelRole): Promise<string[]> {
  try {
    const stats = await stat(dir);
    if (!stats.isDirectory()) {
      throw new AssayError('INVALID_INPUT', `The ${role} path ${dir} is not a folder.`, {
        hint: 'Give the folder that holds the KITTI .txt files (label_2 for ground truth).',
        details: { path: dir },
      });
    }
  } catch (error) {
    if (error instanceof AssayError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AssayError('NOT_FOUND', `The ${role} folder ${dir} does not exist.`, {
        hint: 'Check the path.',
        details: { path: dir },
        cause: error,
      });
    }
    throw fsAssayError(error, dir) ?? error;
  }
  return (await listFiles(dir, false)).filter((name) => name.endsWith('.txt'));
}

async function readFrames(dir: string, names: string[], role: KittiLabelRole): Promise<KittiObject[][]> {
  const frames: KittiObject[][] = [];
  for (const name of names) {
    const path = join(dir, name);
    frames.push(parseKittiEvalLabels(await readTextFile(path, `KITTI ${role} file`), { path, role }));
  }
  return frames;
}

function examples(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown}, ...` : shown;
}

/**
 * Reads a KITTI ground-truth folder and a results folder and evaluates them. The frames are the
 * ground truth's .txt files; a frame without a results file has no detections (a warning says how
 * many), a results file without ground truth is left out (warned too).
 */
export async function evaluateKittiDirs(options: EvaluateKittiDirsOptions): Promise<KittiDirsEvaluation> {
  const t0 = performance.now();
  const gtNames = await labelFiles(options.gt, 'ground truth');
  if (gtNames.length === 0) {
    throw new AssayError(
      'INVALID_INPUT',
      `The ground-truth folder ${options.gt} holds no .txt label files.`,
      {
        hint: 'Give the label_2 folder of a KITTI object dataset (one 000000.txt per frame).',
        details: { path: options.gt },
      },
    );
  }
  const predNames = new Set(await labelFiles(options.pred, 'results'));
  const warnings: string[] = [];
  const missing = gtNames.filter((n) => !predNames.has(n));
  if (missing.length > 0)
    warnings.push(
      `${missing.length} of ${gtNames.length} frames have no results file in ${options.pred} (${examples(missing)}); they count as frames without detections.`,
    );
  const gtSet = new Set(gtNames);
  const extra = [...predNames].filter((n) => !gtSet.has(n));
  if (extra.length > 0)
    warnings.push(
      `${extra.length} results files have no ground truth and are left out (${examples(extra)}).`,
    );
  const gt = kittiObjectsFromFrames(await readFrames(options.gt, gtNames, 'ground truth'));
  const present = gtNames.filter((n) => predNames.has(n));
  const predFrames = new Map<string, KittiObject[]>();
  const read = await readFrames(options.pred, present, 'results');
  for (let i = 0; i < present.length; i++) predFrames.set(present[i] as string, read[i] as KittiObject[]);
  const dt = kittiObjectsFromFrames(gtNames.map((n) => predFrames.get(n) ?? []));
  const t1 = performance.now();
  const evaluation = evaluateKitti(gt, dt, options);
  const t2 = performance.now();
  return {
    ...evaluation,
    frameNames: gtNames.map((n) => n.slice(0, -4)),
    warnings,
    timings: { load: (t1 - t0) / 1000, eval: (t2 - t1) / 1000 },
  };
}
