import { setFlagsFromString } from 'node:v8';
import { AssayError } from '@assay/core/errors';
import {
  type CocoClassResult,
  type CocoIouType,
  detectionAnalysesJson,
  format3,
} from '@assay/core/evaluation';
import { type CocoFilesEvaluation, evaluateCocoFiles } from '@assay/core/node/eval/evaluate-coco-files';
import type { CommandContext } from '../context.js';
import { count, counted, type Table } from '../ui/output.js';
import { type EvalOptions, parseIou } from './eval.js';

const IOU_TYPES: readonly CocoIouType[] = ['bbox', 'segm', 'keypoints'];

const STAT_NAMES = {
  detection: [
    'AP',
    'AP50',
    'AP75',
    'AP_small',
    'AP_medium',
    'AP_large',
    'AR1',
    'AR10',
    'AR100',
    'AR_small',
    'AR_medium',
    'AR_large',
  ],
  keypoints: ['AP', 'AP50', 'AP75', 'AP_medium', 'AP_large', 'AR', 'AR50', 'AR75', 'AR_medium', 'AR_large'],
};

function checkOptions(options: EvalOptions): { gt: string; dt: string; iouType: CocoIouType } {
  const { gt, dt } = options;
  if (!gt || !dt) {
    throw new AssayError('USAGE', 'assay eval coco needs --gt and --dt.', {
      hint: 'assay eval coco --gt instances_val.json --dt results.json [--iou-type bbox|segm|keypoints]',
    });
  }
  const iouType = options.iouType as CocoIouType;
  if (!IOU_TYPES.includes(iouType)) {
    throw new AssayError('USAGE', `Unknown --iou-type "${options.iouType}".`, {
      hint: 'Use bbox, segm or keypoints.',
    });
  }
  return { gt, dt, iouType };
}

function cell(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : format3(value);
}

/** The per-class table; ui/table.ts (string-width) is loaded here only: `--json` draws no table. */
async function classTable(rows: CocoClassResult[], keypoints: boolean): Promise<Table> {
  const { table } = await import('../ui/table.js');
  const keys: (keyof CocoClassResult)[] = keypoints
    ? ['ap', 'ap50', 'ap75', 'ap_medium', 'ap_large', 'ar']
    : ['ap', 'ap50', 'ap75', 'ap_small', 'ap_medium', 'ap_large', 'ar'];
  const names: Record<string, string> = {
    ap: 'AP',
    ap50: 'AP50',
    ap75: 'AP75',
    ap_small: 'APs',
    ap_medium: 'APm',
    ap_large: 'APl',
  };
  const header = ['class', 'id', 'gt', 'dt', ...keys.map((k) => names[k] ?? (keypoints ? 'AR20' : 'AR100'))];
  return table(
    rows.map((r) => [
      r.name,
      r.category_id ?? '',
      r.gt,
      r.dt,
      ...keys.map((k) => cell(r[k] as number | null)),
    ]),
    header,
  );
}

function jsonResult(e: CocoFilesEvaluation, files: { gt: string; dt: string }) {
  const keypoints = e.params.iouType === 'keypoints';
  return {
    iou_type: e.params.iouType,
    gt: files.gt,
    dt: files.dt,
    use_cats: e.params.useCats,
    stat_names: keypoints ? STAT_NAMES.keypoints : STAT_NAMES.detection,
    stats: e.summary.stats,
    per_class: e.perClass,
    counts: e.counts,
    warnings: e.warnings,
    timings_s: e.timings,
    // TIDE, confusion matrix, PR curves and score calibration (eval/detection-analyses.ts).
    ...(e.analyses ? detectionAnalysesJson(e.analyses, e.categoryNames) : {}),
  };
}

/**
 * This one-shot process spends much of its CPU time compiling its hot loops (on V8's background
 * threads, counted in its CPU time); a smaller inlining budget makes those compilations smaller for
 * the same speed of the loops (whole process, det5000: about 8% less CPU; bench/README.md).
 * A loop optimised while it runs (OSR) is compiled on the main thread, not in the background: the
 * loop goes on in slower code until a background compile finishes, longer the busier the machine
 * (det5000: about 8% less CPU and wall at load average ~15). Unlike `--no-concurrent-recompilation`,
 * which only counts on the command line, V8 reads this flag each time it compiles.
 */
function lighterCompilation(): void {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=230');
  setFlagsFromString('--no-concurrent-osr');
}

/** `assay eval coco --gt GT.json --dt DT.json`: pycocotools-exact COCO evaluation of two files. */
export async function run(options: EvalOptions, ctx: CommandContext): Promise<number> {
  const files = checkOptions(options);
  lighterCompilation();
  // pycocotools' summary always uses its ten thresholds; --iou sets the one of TIDE, confusion and calibration.
  const iou = parseIou(options.iou);
  const { out } = ctx;
  // Neither output reads precision below the last maxDets (lastMaxDetsCurves), nor the accumulated
  // arrays themselves once the summary, table and PR curves are made (releaseCurves).
  const e = await evaluateCocoFiles({
    ...files,
    useCats: options.useCats !== false,
    lastMaxDetsCurves: true,
    releaseCurves: true,
    signal: ctx.signal,
    ...(out.json ? { analyses: iou === undefined ? {} : { iou } } : {}),
  });
  for (const warning of e.warnings) out.note(`! ${warning}`);
  if (iou !== undefined && !out.json)
    out.note(
      `--iou ${iou} sets the threshold of the analyses --json prints (TIDE, confusion, calibration); the summary below uses pycocotools' ten thresholds.`,
    );
  if (out.json) {
    out.result(jsonResult(e, files));
    return 0;
  }
  const { images, categories, gt, dt } = e.counts;
  out.line(
    `Evaluated ${e.params.iouType}: ${counted(dt, 'detection')}, ${count(gt)} ground truth, ${counted(images, 'image')}, ${counted(categories, 'category', 'categories')} (load ${e.timings.load.toFixed(2)} s, eval ${e.timings.eval.toFixed(2)} s)`,
  );
  out.line();
  for (const line of e.summary.lines) out.line(line.text);
  out.line();
  out.line(await classTable(e.perClass, e.params.iouType === 'keypoints'));
  return 0;
}
