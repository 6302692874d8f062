import { AssayError } from '@assay/core/errors';
import { KITTI_METRICS, kittiEvaluationJson } from '@assay/core/kitti-evaluation';
import { evaluateKittiDirs } from '@assay/core/node/files';
import type { CommandContext } from '../context.js';
import { count, counted, type Table } from '../ui/output.js';
import { table } from '../ui/table.js';
import type { EvalOptions } from './eval.js';

const METRIC_NAMES = { image: '2D bbox', bev: 'BEV', '3d': '3D' } as const;

const pct = (v: number | null | undefined) =>
  v === undefined || v === null || !Number.isFinite(v) ? '—' : (v * 100).toFixed(2);

type MetricJson = {
  ap_r40: (number | null)[];
  ap_r11: (number | null)[];
  aos_r40: (number | null)[] | null;
  aos_r11: (number | null)[] | null;
} | null;
/** The JSON of a KITTI evaluation (kittiEvaluationJson), as much as the table reads. */
export type KittiJson = {
  classes: ({ name: string } & Partial<Record<'image' | 'bev' | '3d', MetricJson>>)[];
};

/** One row per class and metric (and AOS after 2D), AP R40 then R11 per difficulty, in percent. */
export function kittiTable(
  e: KittiJson,
  metrics: readonly ('image' | 'bev' | '3d')[] = KITTI_METRICS,
): Table {
  const rows: (string | number)[][] = [];
  for (const c of e.classes) {
    for (const metric of metrics) {
      const m = c[metric];
      if (!m) {
        rows.push([c.name, METRIC_NAMES[metric], '—', '—', '—', '—', '—', '—']);
        continue;
      }
      rows.push([c.name, METRIC_NAMES[metric], ...m.ap_r40.map(pct), ...m.ap_r11.map(pct)]);
      if (m.aos_r40 && m.aos_r11) rows.push([c.name, 'AOS', ...m.aos_r40.map(pct), ...m.aos_r11.map(pct)]);
    }
  }
  return table(rows, ['class', 'metric', 'easy', 'moderate', 'hard', 'R11 easy', 'R11 mod.', 'R11 hard']);
}

/** `assay eval kitti GT_DIR PRED_DIR`: the KITTI object benchmark's evaluation of two label folders. */
export async function run(options: EvalOptions, ctx: CommandContext): Promise<number> {
  const [, gt, pred] = options.args;
  if (!gt || !pred) {
    throw new AssayError('USAGE', 'assay eval kitti needs a ground-truth folder and a results folder.', {
      hint: 'assay eval kitti path/to/label_2 path/to/results  (results: label_2 lines with a score as the 16th column)',
    });
  }
  const { out } = ctx;
  const e = await evaluateKittiDirs({ gt, pred, signal: ctx.signal });
  for (const warning of e.warnings) out.note(`! ${warning}`);
  const evaluation = kittiEvaluationJson(e);
  if (out.json) {
    out.result({
      gt_dir: gt,
      pred_dir: pred,
      ...evaluation,
      warnings: e.warnings,
      timings_s: e.timings,
    });
  }
  let gtCount = 0;
  let dtCount = 0;
  for (const c of e.classes) {
    gtCount += c.gt;
    dtCount += c.dt;
  }
  out.line(
    `Evaluated ${counted(e.frames, 'frame')}: ${counted(dtCount, 'detection')} and ${count(gtCount)} ground-truth objects of ${e.classes.map((c) => c.name).join(', ')} (load ${e.timings.load.toFixed(2)} s, eval ${e.timings.eval.toFixed(2)} s)`,
  );
  out.line(
    'AP (%) as the KITTI object benchmark: 40 recall points (R40), and 11 (R11); overlap Car 0.7, Pedestrian and Cyclist 0.5.',
  );
  if (!e.computeAos) out.line('No AOS: some detections have alpha -10 (unknown orientation).');
  out.line();
  out.line(kittiTable(evaluation));
  return 0;
}
