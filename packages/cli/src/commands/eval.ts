import { AssayError } from '@assay/core/errors';
import type { CommandContext } from '../context.js';

/** Options of `assay eval [mode]`, shared by file mode (`eval coco`) and project mode (no mode). */
export interface EvalOptions {
  /** Positional: `[mode]` (`coco` or `kitti` for file mode; absent or `project` for project mode), then kitti's two folders. */
  args: [string | undefined, string | undefined, string | undefined];
  /** File mode: the COCO ground-truth JSON. Project mode: the ground-truth label source. */
  gt?: string;
  /** File mode: the COCO results JSON (a list of detections). */
  dt?: string;
  /** Project mode: the prediction label source (`prediction:NAME`). */
  pred?: string;
  /** bbox | segm | keypoints (default bbox). */
  iouType: string;
  /** IoU threshold of a match for TIDE, the confusion matrix and calibration, and project mode's stored matches (default 0.5). */
  iou?: string;
  /** Match detections to GT of the same category only (default true; `--no-use-cats` pools them). */
  useCats: boolean;
}

/** `--iou T`: a number in (0, 1]; undefined when not given (the default, 0.5, is the analyses'). */
export function parseIou(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const iou = Number(text);
  if (!(iou > 0 && iou <= 1)) {
    throw new AssayError('USAGE', `--iou takes a number in (0, 1], not "${text}".`, {
      hint: 'For example --iou 0.5.',
    });
  }
  return iou;
}

type ModeModule = { run: (options: EvalOptions, ctx: CommandContext) => Promise<number> };

/** `assay eval coco ...` evaluates COCO files; `assay eval --gt SOURCE --pred prediction:NAME` a project. */
export async function run(options: EvalOptions, ctx: CommandContext): Promise<number> {
  const mode = options.args[0];
  if (mode === 'kitti') {
    const mod: ModeModule = await import('./eval-kitti.js');
    return mod.run(options, ctx);
  }
  if (options.args[1] !== undefined) {
    throw new AssayError('USAGE', `Unexpected argument "${options.args[1]}".`, {
      hint: 'Only `assay eval kitti GT_DIR PRED_DIR` takes folders; coco and project mode take options (--gt, --dt, --pred).',
    });
  }
  if (mode === 'coco') {
    const mod: ModeModule = await import('./eval-coco.js');
    return mod.run(options, ctx);
  }
  if (mode === undefined || mode === 'project') {
    const mod: ModeModule = await import('./eval-project.js');
    return mod.run(options, ctx);
  }
  throw new AssayError('USAGE', `Unknown eval mode "${mode}".`, {
    hint: 'Use `assay eval coco --gt GT.json --dt DT.json` or `assay eval kitti GT_DIR PRED_DIR` for files, or `assay eval --gt ground_truth --pred prediction:NAME` in a project.',
  });
}
