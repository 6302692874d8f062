import { AssayError } from '@assay/core/errors';
import { openProject } from '@assay/core/node/project';
import { type EvalRunSummary, runEval } from '@assay/core/node/run-eval';
import type { CommandContext } from '../context.js';
import type { Output } from '../ui/output.js';
import { count, counted } from '../ui/output.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';
import { type EvalOptions, parseIou } from './eval.js';
import { type KittiJson, kittiTable } from './eval-kitti.js';

type Json = Record<string, unknown>;

const pct = (v: unknown): string => (typeof v === 'number' && v >= 0 ? (100 * v).toFixed(1) : '–');
/** AP, AR and TIDE's dAP as fractions with three decimals, as pycocotools and `eval coco` print them. */
const frac = (v: unknown): string => (typeof v === 'number' && v >= 0 ? v.toFixed(3) : '–');
const fixed = (v: unknown, digits = 3): string => (typeof v === 'number' ? v.toFixed(digits) : '–');

function printDetection(out: Output, d: Json): void {
  for (const line of (d.lines as string[]) ?? []) out.line(line);
  out.line();
  const perClass = (d.per_class as Json[]).filter((c) => (c.gt as number) > 0 || (c.dt as number) > 0);
  out.line(
    table(
      perClass.map((c) => [
        c.name as string,
        c.gt as number,
        c.dt as number,
        frac(c.ap),
        frac(c.ap50),
        frac(c.ap75),
        frac(c.ar),
      ]),
      ['class', 'gt', 'pred', 'AP', 'AP50', 'AP75', 'AR100'],
    ),
  );
  const tide = d.tide as { ap: number; dap: Json; special: Json; pos_threshold: number } | undefined;
  if (tide) {
    const dap = Object.entries(tide.dap).map(([k, v]) => `${k} ${frac(v)}`);
    out.line();
    out.line(
      `TIDE at IoU ${tide.pos_threshold} (AP ${frac(tide.ap)}; dAP, the AP gained by fixing each error type): ${dap.join(' · ')}`,
    );
    out.line(
      `  if every false positive were fixed +${frac(tide.special.false_positive)}, every miss +${frac(tide.special.false_negative)}`,
    );
  }
  const cal = d.calibration as { ece: number; count: number; iou_threshold: number } | undefined;
  if (cal)
    out.line(
      `Score calibration: ECE ${fixed(cal.ece)} over ${counted(cal.count, 'detection')} (TP at IoU ${cal.iou_threshold}).`,
    );
  const confusion = d.confusion as
    | { matrix: number[][]; labels: string[]; iou_threshold: number; score_threshold: number }
    | undefined;
  if (confusion && confusion.labels.length <= 21) {
    out.line();
    out.line(
      `Confusion (rows truth, columns predicted; IoU ≥ ${confusion.iou_threshold}, score ≥ ${confusion.score_threshold}):`,
    );
    out.line(
      table(
        confusion.matrix.map((row, i) => [confusion.labels[i]!, ...row]),
        ['', ...confusion.labels],
      ),
    );
  }
}

function printClassification(out: Output, c: Json): void {
  const topK = (c.top_k as { k: number; accuracy: number }[]).map((t) => `top-${t.k} ${pct(t.accuracy)}`);
  out.line(
    `Accuracy ${pct(c.accuracy)} over ${counted(c.count as number, 'label')}${topK.length ? ` · ${topK.join(' · ')}` : ''}`,
  );
  for (const avg of ['macro', 'micro', 'weighted'] as const) {
    const a = c[avg] as Json;
    out.line(
      `  ${avg.padEnd(8)} precision ${fixed(a.precision)} · recall ${fixed(a.recall)} · F1 ${fixed(a.f1)}`,
    );
  }
  const rows = (c.per_class as Json[]).filter(
    (r) => (r.support as number) > 0 || (r.predicted as number) > 0,
  );
  out.line(
    table(
      rows.map((r) => [
        r.name as string,
        r.support as number,
        fixed(r.precision),
        fixed(r.recall),
        fixed(r.f1),
      ]),
      ['class', 'support', 'precision', 'recall', 'F1'],
    ),
  );
  const cal = c.calibration as { ece: number } | undefined;
  if (cal) out.line(`Calibration: ECE ${fixed(cal.ece)}`);
  if ((c.unpredicted as number) > 0)
    out.line(`${count(c.unpredicted as number)} labeled samples have no prediction (counted as FN).`);
}

function printNer(out: Output, n: Json): void {
  const micro = n.micro as Json;
  out.line(
    `Entities (seqeval's counting: type, start and end must match): precision ${fixed(micro.precision)} · recall ${fixed(micro.recall)} · F1 ${fixed(micro.f1)} · macro F1 ${fixed(n.macro_f1)} · weighted F1 ${fixed(n.weighted_f1)}`,
  );
  const perType = Object.entries(n.per_type as Record<string, Json>);
  out.line(
    table(
      perType.map(([type, r]) => [
        type,
        r.support as number,
        r.predicted as number,
        fixed(r.precision),
        fixed(r.recall),
        fixed(r.f1),
      ]),
      ['type', 'support', 'predicted', 'precision', 'recall', 'F1'],
    ),
  );
  const errors = Object.entries((n.errors as Record<string, number>) ?? {});
  if (errors.length > 0)
    out.line(
      `Misses: ${errors.map(([e, k]) => `${e} ${count(k)}`).join(' · ')} (cls: other type, loc: other boundaries, both, bkg: nothing there, miss: not found)`,
    );
}

function printSummary(out: Output, s: EvalRunSummary): void {
  out.line(`Evaluated ${s.pred} against ${s.gt} on ${counted(s.samples, 'sample')} (run ${s.run_id}).`);
  out.line();
  if (s.detection) printDetection(out, s.detection);
  if (s.classification) {
    if (s.detection) out.line();
    printClassification(out, s.classification);
  }
  if (s.ner) {
    if (s.detection || s.classification) out.line();
    printNer(out, s.ner);
  }
  if (s.uncertainty)
    out.line(
      `Uncertainty on ${counted(s.uncertainty.samples, 'text sample')} (saved for selection): mean ${fixed(s.uncertainty.mean)}; most uncertain ${s.uncertainty.most_uncertain
        .slice(0, 3)
        .map((u) => `${u.sample} ${fixed(u.score)}`)
        .join(', ')}`,
    );
  if (s.kitti) {
    if (s.detection || s.classification) out.line();
    const k = s.kitti as KittiJson & { frames: number; frames_without_camera: number };
    out.line(
      `Cuboids: KITTI AP (%) over ${counted(k.frames, 'point-cloud sample')}, 40 recall points (R40) and 11 (R11); overlap Car 0.7, Pedestrian and Cyclist 0.5${k.frames_without_camera ? `; ${count(k.frames_without_camera)} without a camera (difficulty from occlusion and truncation only)` : ''}.`,
    );
    // The 2D metric and AOS when some detection has its own 2D box (KITTI imports pair them).
    const with2d = k.classes.some((c) => c.image);
    out.line(kittiTable(k, with2d ? ['image', 'bev', '3d'] : ['bev', '3d']));
  }
  out.line();
  const t = s.totals;
  const boxesAt = typeof s.detection?.iou === 'number' ? ` at IoU ${s.detection.iou}` : '';
  const at = s.kitti ? `${boxesAt}${boxesAt ? ', ' : ' '}cuboids at 3D IoU per class` : boxesAt;
  out.line(
    `TP ${count(t.tp)} · FP ${count(t.fp)} · FN ${count(t.fn)} · ignored ${count(t.ignored)}${at}; per-object matches stored.`,
  );
  for (const k of s.skipped)
    out.note(
      `skipped ${count(k.count)} ${k.reason} (annotation ids ${k.examples.join(', ')}${k.count > k.examples.length ? ', ...' : ''})`,
    );
  for (const w of s.warnings) out.note(`warning: ${w}`);
}

/** `assay eval --gt SOURCE --pred prediction:NAME [--iou T] [--iou-type bbox|segm]`: project mode. */
export async function run(options: EvalOptions, ctx: CommandContext): Promise<number> {
  if (options.pred === undefined) {
    throw new AssayError('USAGE', 'Project mode needs --pred (the prediction source to evaluate).', {
      hint: 'assay eval --gt ground_truth --pred prediction:NAME   (or `assay eval coco --gt GT.json --dt DT.json` for files)',
    });
  }
  if (options.iouType !== 'bbox' && options.iouType !== 'segm') {
    throw new AssayError(
      'USAGE',
      `Project mode compares boxes (bbox) or masks (segm), not ${options.iouType}.`,
      {
        hint: 'Evaluate keypoints in file mode: assay eval coco --iou-type keypoints --gt GT.json --dt DT.json',
      },
    );
  }
  if (options.useCats === false) {
    throw new AssayError(
      'USAGE',
      'Project mode matches within classes only; --no-use-cats is for file mode.',
      {
        hint: 'Drop --no-use-cats (the confusion matrix and TIDE already look across classes).',
      },
    );
  }
  const iou = parseIou(options.iou) ?? 0.5;
  const project = await openProject(ctx.projectDir, { command: 'assay eval', onNote: ctx.out.note });
  try {
    const summary = await runEval(project, {
      ...(options.gt === undefined ? {} : { gt: options.gt }),
      pred: options.pred,
      iou,
      iouType: options.iouType,
      signal: ctx.signal,
      onStage: (stage) => ctx.out.note(`${stage}…`),
    });
    ctx.out.result(snakeKeys(summary, 1));
    printSummary(ctx.out, summary);
    return 0;
  } finally {
    await project.close();
  }
}
