import { boxIou } from '../geometry/box.js';
import { ClassRecallTally, classRecall } from './class-recall.js';
import {
  boxCoverage,
  type DetBox,
  type DetectionImage,
  type ImageMatch,
  matchBoxes,
  matchOnly,
  scoreOf,
} from './match-boxes.js';

export type DetectionIssueType = 'missing_label' | 'bad_location' | 'wrong_class' | 'spurious_label';

export const DETECTION_ISSUE_TYPES: readonly DetectionIssueType[] = [
  'missing_label',
  'bad_location',
  'wrong_class',
  'spurious_label',
];

export interface DetectionIssuesOptions {
  /** IoU at which a prediction confirms a ground-truth box of its class (default 0.5). */
  matchIou?: number;
  /** Smallest IoU that counts as "overlapping" at all (default 0.1). */
  overlapIou?: number;
  /** Score from which a prediction is confident enough to accuse a label (default 0.5). */
  confidentScore?: number;
  /** Issues scoring below this are dropped (default 0.1). */
  minScore?: number;
  /** Prior share of wrong ground-truth boxes, for spurious_label's Bayes rule (default 0.05). */
  priorErrorRate?: number;
  /** Class name for reason sentences (default `class <label>`). */
  className?: (label: number) => string;
}

/** The evidence behind an issue, for a reviewer. */
export interface DetectionEvidence {
  gt_id?: number;
  gt_label?: number;
  pred_id?: number;
  pred_label?: number;
  pred_score?: number;
  iou?: number;
  /** The model's probability for the given class (wrong_class, when it gave probabilities). */
  prob_given_label?: number;
  /** How often the model confirms boxes of this class over the dataset (spurious_label). */
  class_recall?: number;
  /** Highest score of any prediction overlapping the box (spurious_label). */
  max_overlap_score?: number;
}

export interface DetectionIssue {
  type: DetectionIssueType;
  /** Index of the image in the input. */
  image: number;
  /** Index into the image's `gt` (every type except missing_label). */
  gt?: number;
  /** Index into the image's `pred` (the prediction used as evidence). */
  pred?: number;
  /** In [0, 1], higher = more certainly a problem. */
  score: number;
  reason: string;
  evidence: DetectionEvidence;
}

export interface ImageIssues {
  image: number;
  /** 1 - Π(1 - issue score): the chance at least one of the image's labels is wrong, in [0, 1]. */
  score: number;
  issues: DetectionIssue[];
}

export interface DetectionIssuesResult {
  /** One entry per input image, in input order. */
  images: ImageIssues[];
  /** Per class, the share of its boxes a confident prediction confirms (shrunk towards the overall share). */
  classRecall: Map<number, number>;
}

type Ctx = Required<Omit<DetectionIssuesOptions, 'className'>> & {
  name: (label: number) => string;
  recall: Map<number, number>;
};

const fixed = (x: number): string => x.toFixed(2);

/**
 * Per-box label issues of a detection dataset from a model's predictions, each with its evidence:
 * - wrong_class: a box no confident prediction of its class confirms, which a confident prediction
 *   of another class covers (IoU ≥ matchIou); score = that prediction's score × (1 − its probability
 *   for the given class, when known).
 * - bad_location: no confirmation, but a confident same-class prediction overlaps it only partly
 *   (overlapIou ≤ IoU < matchIou); score = prediction score × (1 − IoU / matchIou).
 * - spurious_label: no confident prediction overlaps it at all. The model misses a true box of its
 *   class with probability 1 − r (r its class recall) and always misses a box with nothing there, so
 *   by Bayes' rule with prior error rate π the box is wrong with probability π / (π + (1 − π)(1 − r));
 *   score = that × (1 − the best score of any overlapping prediction).
 * - missing_label: a confident prediction no ground-truth box explains (max IoU with any box below
 *   matchIou, not in a crowd region, not a duplicate of a prediction already used);
 *   score = prediction score × (1 − max IoU).
 * Pure and deterministic; see docs/label-issues.md for how it differs from ObjectLab.
 */
function resolveOptions(options: DetectionIssuesOptions): Omit<Ctx, 'recall'> {
  return {
    matchIou: options.matchIou ?? 0.5,
    overlapIou: options.overlapIou ?? 0.1,
    confidentScore: options.confidentScore ?? 0.5,
    minScore: options.minScore ?? 0.1,
    priorErrorRate: options.priorErrorRate ?? 0.05,
    name: options.className ?? ((label: number) => `class ${label}`),
  };
}

export function detectionIssues(
  images: readonly DetectionImage[],
  options: DetectionIssuesOptions = {},
): DetectionIssuesResult {
  const base = resolveOptions(options);
  const matches = images.map((image) => matchBoxes(image, base.matchIou));
  const recall = classRecall(images, matches, base.confidentScore);
  const ctx: Ctx = { ...base, recall };
  const out = images.map((image, i) => issuesOf(image, i, matches[i]!, ctx));
  return { images: out, classRecall: recall };
}

function issuesOf(image: DetectionImage, i: number, match: ImageMatch, ctx: Ctx): ImageIssues {
  const issues = imageIssues(image, i, match, ctx).filter((x) => x.score >= ctx.minScore);
  const score = 1 - issues.reduce((keep, x) => keep * (1 - x.score), 1);
  return { image: i, score, issues };
}

/**
 * The two passes of the detection issues over images that come one at a time (from a project, batch
 * by batch): `tally` every image first (the class recall needs them all), then `issues` of each.
 */
export class DetectionIssuePasses {
  private readonly base: Omit<Ctx, 'recall'>;
  private readonly tallied: ClassRecallTally;
  private ctx: Ctx | undefined;

  constructor(options: DetectionIssuesOptions = {}) {
    this.base = resolveOptions(options);
    this.tallied = new ClassRecallTally(this.base.confidentScore);
  }

  /** First pass: adds an image to the class recall. */
  tally(image: DetectionImage): void {
    if (this.ctx) throw new Error('DetectionIssuePasses: tally after issues');
    this.tallied.add(image, matchOnly(image, this.base.matchIou));
  }

  /** Second pass: the issues of the image at position `index` (after every image was tallied). */
  issues(image: DetectionImage, index: number): ImageIssues {
    this.ctx ??= { ...this.base, recall: this.tallied.result() };
    return issuesOf(image, index, matchBoxes(image, this.base.matchIou), this.ctx);
  }

  /** Per class, the share of its boxes a confident prediction confirms. */
  classRecall(): Map<number, number> {
    this.ctx ??= { ...this.base, recall: this.tallied.result() };
    return this.ctx.recall;
  }
}

/**
 * detectionIssues over images made on demand: `imageAt(i)` is called twice per image (class recall
 * first, then the issues), so only one image's boxes and matches are held at a time. Same result as
 * detectionIssues on the list of those images, except that images without issues are left out.
 */
export function detectionIssuesOver(
  count: number,
  imageAt: (i: number) => DetectionImage,
  options: DetectionIssuesOptions = {},
): DetectionIssuesResult {
  const passes = new DetectionIssuePasses(options);
  for (let i = 0; i < count; i++) passes.tally(imageAt(i));
  const out: ImageIssues[] = [];
  for (let i = 0; i < count; i++) {
    const result = passes.issues(imageAt(i), i);
    if (result.issues.length > 0) out.push(result);
  }
  return { images: out, classRecall: passes.classRecall() };
}

function imageIssues(image: DetectionImage, index: number, match: ImageMatch, ctx: Ctx): DetectionIssue[] {
  const { gt, pred } = image;
  const used = new Set<number>();
  for (let p = 0; p < pred.length; p++) if (match.predMatch[p]! >= 0) used.add(p);
  const issues: DetectionIssue[] = [];
  for (let g = 0; g < gt.length; g++) {
    const box = gt[g]!;
    if (box.iscrowd) continue;
    const m = match.gtMatch[g]!;
    if (m >= 0 && scoreOf(pred[m]!) >= ctx.confidentScore) continue;
    const issue: DetectionIssue | undefined =
      wrongClass(image, index, g, match, ctx) ??
      badLocation(image, index, g, match, ctx) ??
      (m >= 0 ? undefined : spurious(image, index, g, match, ctx));
    if (!issue) continue;
    if (issue.pred !== undefined) used.add(issue.pred);
    issues.push(issue);
  }
  for (const p of match.order) {
    const issue = missing(image, index, p, match, used, ctx);
    if (!issue) continue;
    used.add(p);
    issues.push(issue);
  }
  return issues;
}

/** The confident predictions overlapping ground-truth box `g`, best first by `key`. */
function candidates(
  image: DetectionImage,
  g: number,
  match: ImageMatch,
  ctx: Ctx,
  keep: (p: DetBox, iou: number) => boolean,
): { p: number; iou: number }[] {
  const n = image.pred.length;
  const out: { p: number; iou: number }[] = [];
  for (let p = 0; p < n; p++) {
    const pred = image.pred[p]!;
    const iou = match.iou[g * n + p]!;
    if (match.predMatch[p]! >= 0 || scoreOf(pred) < ctx.confidentScore || !keep(pred, iou)) continue;
    out.push({ p, iou });
  }
  return out.sort(
    (a, b) => scoreOf(image.pred[b.p]!) * b.iou - scoreOf(image.pred[a.p]!) * a.iou || a.p - b.p,
  );
}

function evidence(gt: DetBox, pred: DetBox | undefined, iou?: number): DetectionEvidence {
  return {
    gt_id: gt.id,
    gt_label: gt.label,
    ...(pred ? { pred_id: pred.id, pred_label: pred.label, pred_score: scoreOf(pred) } : {}),
    ...(iou === undefined ? {} : { iou }),
  };
}

function wrongClass(image: DetectionImage, index: number, g: number, match: ImageMatch, ctx: Ctx) {
  const gt = image.gt[g]!;
  const [best] = candidates(image, g, match, ctx, (p, iou) => p.label !== gt.label && iou >= ctx.matchIou);
  if (!best) return undefined;
  const pred = image.pred[best.p]!;
  const given = pred.probs?.[gt.label];
  const score = scoreOf(pred) * (given === undefined ? 1 : 1 - given);
  const probText = given === undefined ? '' : ` and gives ${ctx.name(gt.label)} ${fixed(given)}`;
  return {
    type: 'wrong_class',
    image: index,
    gt: g,
    pred: best.p,
    score,
    reason:
      `Labelled ${ctx.name(gt.label)}, but the model sees a ${ctx.name(pred.label)} here ` +
      `(score ${fixed(scoreOf(pred))}, IoU ${fixed(best.iou)})${probText}; no confident ${ctx.name(gt.label)} prediction confirms it.`,
    evidence: {
      ...evidence(gt, pred, best.iou),
      ...(given === undefined ? {} : { prob_given_label: given }),
    },
  } satisfies DetectionIssue;
}

function badLocation(image: DetectionImage, index: number, g: number, match: ImageMatch, ctx: Ctx) {
  const gt = image.gt[g]!;
  const [best] = candidates(
    image,
    g,
    match,
    ctx,
    (p, iou) => p.label === gt.label && iou >= ctx.overlapIou && iou < ctx.matchIou,
  );
  if (!best) return undefined;
  const pred = image.pred[best.p]!;
  return {
    type: 'bad_location',
    image: index,
    gt: g,
    pred: best.p,
    score: scoreOf(pred) * (1 - best.iou / ctx.matchIou),
    reason:
      `The ${ctx.name(gt.label)} box overlaps the model's ${ctx.name(pred.label)} (score ${fixed(scoreOf(pred))}) ` +
      `only at IoU ${fixed(best.iou)}, below ${fixed(ctx.matchIou)}: the box is probably badly drawn.`,
    evidence: evidence(gt, pred, best.iou),
  } satisfies DetectionIssue;
}

function spurious(image: DetectionImage, index: number, g: number, match: ImageMatch, ctx: Ctx) {
  const gt = image.gt[g]!;
  const n = image.pred.length;
  let maxScore = 0;
  for (let p = 0; p < n; p++)
    if (match.iou[g * n + p]! >= ctx.overlapIou) maxScore = Math.max(maxScore, scoreOf(image.pred[p]!));
  if (maxScore >= ctx.confidentScore) return undefined;
  const recall = ctx.recall.get(gt.label) ?? 0;
  const prior = ctx.priorErrorRate;
  const posterior = prior / (prior + (1 - prior) * (1 - recall));
  return {
    type: 'spurious_label',
    image: index,
    gt: g,
    score: posterior * (1 - maxScore),
    reason:
      `No prediction supports this ${ctx.name(gt.label)} box (best overlapping score ${fixed(maxScore)}), ` +
      `although the model confirms ${Math.round(recall * 100)}% of ${ctx.name(gt.label)} boxes.`,
    evidence: { ...evidence(gt, undefined), class_recall: recall, max_overlap_score: maxScore },
  } satisfies DetectionIssue;
}

function missing(
  image: DetectionImage,
  index: number,
  p: number,
  match: ImageMatch,
  used: Set<number>,
  ctx: Ctx,
): DetectionIssue | undefined {
  const pred = image.pred[p]!;
  if (used.has(p) || scoreOf(pred) < ctx.confidentScore) return undefined;
  const n = image.pred.length;
  let maxIou = 0;
  for (let g = 0; g < image.gt.length; g++) {
    const gt = image.gt[g]!;
    if (gt.iscrowd) {
      if (boxCoverage(pred.box, gt.box) >= ctx.matchIou) return undefined;
      continue;
    }
    maxIou = Math.max(maxIou, match.iou[g * n + p]!);
  }
  if (maxIou >= ctx.matchIou) return undefined;
  for (const q of used) if (boxIou(pred.box, image.pred[q]!.box) >= ctx.matchIou) return undefined;
  return {
    type: 'missing_label',
    image: index,
    pred: p,
    score: scoreOf(pred) * (1 - maxIou),
    reason:
      `The model finds a ${ctx.name(pred.label)} (score ${fixed(scoreOf(pred))}) that no ground-truth box covers ` +
      `(best IoU ${fixed(maxIou)}): probably an object nobody labelled.`,
    evidence: { pred_id: pred.id, pred_label: pred.label, pred_score: scoreOf(pred), iou: maxIou },
  };
}
