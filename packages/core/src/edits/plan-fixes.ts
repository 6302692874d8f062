import { AssayError } from '../errors.js';
import { boxIou } from '../geometry/box.js';
import { boxClip, ringClip } from '../geometry/clip.js';
import { polygonBbox, polygonsArea } from '../geometry/polygon.js';
import type { AnnotationState, Edit } from './edit-types.js';
import type { FixRule } from './fix-rules.js';
import { excludeMissing, removeDuplicateSamples } from './sample-rules.js';
import { acceptConsensus, applySuggestions } from './suggestion-rules.js';

export interface FixInput {
  /** The project's class names. */
  classes: readonly string[];
  /** Current annotations (not changed: the plan works on a copy). */
  annotations: readonly AnnotationState[];
  /** Image [width, height] per sample id (scanned, else declared); samples without one are skipped by clip_boxes. */
  imageSizes: ReadonlyMap<number, readonly [number, number]>;
  /** Open issues (what accept_predictions answers). */
  issues?: readonly FixIssue[];
  /** Samples (what the sample rules judge). */
  samples?: readonly FixSample[];
}

/** A sample as the sample rules read it. */
export interface FixSample {
  id: number;
  key: string;
  split: string | null;
  /** Scan status: pending, ok, missing, corrupt, unreadable, too_large. */
  status: string;
  sha256: string | null;
}

/** An open issue as the rules read it. */
export interface FixIssue {
  id: number;
  type: string;
  sampleId?: number;
  annotationId?: number;
  details?: Record<string, unknown>;
}

/** What one rule would do: its edits (one batch) and the classes it must create first. */
export interface RulePlan {
  rule: FixRule;
  newClasses: string[];
  edits: Edit[];
  /** Annotations the rule could not judge, with why (e.g. no image size). */
  skipped: { count: number; reason: string }[];
}

export type Working = Map<number, AnnotationState>;

function classOf(rule: FixRule, key: string, name: string, classes: Set<string>): string {
  if (!classes.has(name))
    throw new AssayError(
      'INVALID_INPUT',
      `${rule.where}, key "${key}": the project has no class "${name}".`,
      {
        hint: `Classes: ${[...classes].join(', ')}. Nothing was changed.`,
        details: { file: rule.file, rule: rule.index, key, class: name },
      },
    );
  return name;
}

function reclass(rule: FixRule, w: Working, map: Map<string, string>, classes: Set<string>): RulePlan {
  const newClasses = [...new Set(map.values())].filter((c) => !classes.has(c));
  const edits: Edit[] = [];
  for (const a of w.values()) {
    const to = a.source === rule.source && a.label !== undefined ? map.get(a.label) : undefined;
    if (to === undefined || to === a.label) continue;
    edits.push({
      op: 'update',
      annotationId: a.id,
      set: { label: to },
      reason: `${rule.name}: ${a.label} → ${to}`,
    });
  }
  return { rule, newClasses, edits, skipped: [] };
}

function area(a: AnnotationState): number {
  return a.area ?? (a.bbox ? a.bbox[2] * a.bbox[3] : 0);
}

/** Same-class boxes of a sample with IoU >= iou: keeps the best (highest score, then area, then lowest id). */
function removeDuplicates(rule: FixRule, w: Working): RulePlan {
  const iou = rule.params.iou as number;
  const groups = new Map<string, AnnotationState[]>();
  for (const a of w.values()) {
    if (a.source !== rule.source || !a.bbox || a.label === undefined) continue;
    const key = `${a.sampleId}\u0000${a.label}`;
    const g = groups.get(key);
    if (g) g.push(a);
    else groups.set(key, [a]);
  }
  const edits: Edit[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((p, q) => (q.score ?? -1) - (p.score ?? -1) || area(q) - area(p) || p.id - q.id);
    const kept: AnnotationState[] = [];
    for (const a of g) {
      const twin = kept.find((k) => boxIou(k.bbox!, a.bbox!) >= iou);
      if (!twin) kept.push(a);
      else
        edits.push({
          op: 'delete',
          annotationId: a.id,
          reason: `duplicate of annotation ${twin.id} (${a.label}, IoU ${boxIou(twin.bbox!, a.bbox!).toFixed(3)})`,
        });
    }
  }
  edits.sort(
    (p, q) => (p as { annotationId: number }).annotationId - (q as { annotationId: number }).annotationId,
  );
  return { rule, newClasses: [], edits, skipped: [] };
}

/** Boxes (and polygon rings) clipped to the image; what falls wholly outside is deleted. */
function clipBoxes(rule: FixRule, w: Working, sizes: FixInput['imageSizes']): RulePlan {
  const edits: Edit[] = [];
  let unsized = 0;
  for (const a of w.values()) {
    if (a.source !== rule.source || !a.bbox) continue;
    const size = sizes.get(a.sampleId);
    if (!size) {
      unsized++;
      continue;
    }
    const [W, H] = size;
    const b = a.bbox;
    const outside = b[0] < 0 || b[1] < 0 || b[0] + b[2] > W || b[1] + b[3] > H;
    const pointsOutside =
      a.points?.some((r) => r.some((v, i) => v < 0 || v > (i % 2 === 0 ? W : H))) ?? false;
    if (!outside && !pointsOutside) continue;
    const box = boxClip(b, W, H);
    const rings = a.points?.map((r) => ringClip(r, W, H)).filter((r) => r.length > 0);
    if (!box || (rings !== undefined && rings.length === 0)) {
      edits.push({
        op: 'delete',
        annotationId: a.id,
        reason: `clip_boxes: the ${a.kind} lies outside the ${W}×${H} image`,
      });
      continue;
    }
    const set: Edit & { op: 'update' } = {
      op: 'update',
      annotationId: a.id,
      set: {},
      reason: `clip_boxes: clipped to the ${W}×${H} image`,
    };
    if (rings) {
      set.set.points = rings;
      const tight = polygonBbox(rings)!;
      set.set.bbox = boxClip(tight, W, H) ?? box;
      set.set.area = polygonsArea(rings);
    } else {
      set.set.bbox = box;
      if (a.area !== undefined) set.set.area = box[2] * box[3];
    }
    edits.push(set);
  }
  const skipped = unsized > 0 ? [{ count: unsized, reason: 'no image size (run `assay scan`)' }] : [];
  return { rule, newClasses: [], edits, skipped };
}

function dropSmall(rule: FixRule, w: Working): RulePlan {
  const minArea = rule.params.min_area as number | undefined;
  const minSide = rule.params.min_side as number | undefined;
  const edits: Edit[] = [];
  for (const a of w.values()) {
    if (a.source !== rule.source || !a.bbox) continue;
    const [, , bw, bh] = a.bbox;
    const small =
      (minArea !== undefined && bw * bh < minArea) || (minSide !== undefined && Math.min(bw, bh) < minSide);
    if (small)
      edits.push({
        op: 'delete',
        annotationId: a.id,
        reason: `drop_small_boxes: ${+bw.toFixed(2)}×${+bh.toFixed(2)} px box`,
      });
  }
  return { rule, newClasses: [], edits, skipped: [] };
}

/**
 * Open `missing_label` issues whose prediction scores at least `min_score` (from the `prediction`
 * source, when given): the predicted box is added to the labels with the predicted class, and the
 * issue is marked fixed, both in the rule's batch.
 */
function acceptPredictions(rule: FixRule, issues: readonly FixIssue[], classes: Set<string>): RulePlan {
  const minScore = (rule.params.min_score as number | undefined) ?? 0;
  const from = rule.params.prediction as string | undefined;
  const edits: Edit[] = [];
  let skipped = 0;
  for (const issue of issues) {
    const d = issue.details ?? {};
    if (issue.type !== 'missing_label' || issue.sampleId === undefined) continue;
    if (from !== undefined && d.prediction_source !== from) continue;
    const score = Number(d.pred_score ?? 0);
    const box = d.pred_bbox as [number, number, number, number] | undefined;
    const label = d.pred_class as string | undefined;
    if (score < minScore) continue;
    if (!Array.isArray(box) || box.length !== 4 || label === undefined || !classes.has(label)) {
      skipped++;
      continue;
    }
    const reason = `accept_predictions: ${label} from ${String(d.prediction_source)} (score ${score.toFixed(3)})`;
    edits.push({
      op: 'add',
      sampleId: issue.sampleId,
      source: rule.source,
      shape: { label, bbox: box, area: box[2] * box[3] },
      issueId: issue.id,
      reason,
    });
    edits.push({ op: 'issue_status', id: issue.id, status: 'fixed', reason });
  }
  const out = skipped > 0 ? [{ count: skipped, reason: 'the issue names no predicted box or class' }] : [];
  return { rule, newClasses: [], edits, skipped: out };
}

function planOne(rule: FixRule, w: Working, classes: Set<string>, input: FixInput): RulePlan {
  const p = rule.params;
  switch (rule.name) {
    case 'rename_class':
      return reclass(
        rule,
        w,
        new Map([[classOf(rule, 'from', p.from as string, classes), p.to as string]]),
        classes,
      );
    case 'merge_classes':
      return reclass(
        rule,
        w,
        new Map((p.from as string[]).map((c) => [classOf(rule, 'from', c, classes), p.to as string])),
        classes,
      );
    case 'remap_classes':
      return reclass(
        rule,
        w,
        new Map(
          Object.entries(p.map as Record<string, string>).map(([f, t]) => [
            classOf(rule, 'map', f, classes),
            t,
          ]),
        ),
        classes,
      );
    case 'remove_duplicate_labels':
      return removeDuplicates(rule, w);
    case 'clip_boxes':
      return clipBoxes(rule, w, input.imageSizes);
    case 'drop_small_boxes':
      return dropSmall(rule, w);
    case 'exclude_missing_files':
      return excludeMissing(rule, input.samples ?? []);
    case 'remove_exact_duplicate_samples':
      return removeDuplicateSamples(rule, w, input.samples ?? []);
    case 'accept_predictions':
      return acceptPredictions(rule, input.issues ?? [], classes);
    case 'apply_suggestions':
      return applySuggestions(rule, w, input, classes);
    case 'accept_consensus':
      return acceptConsensus(rule, w, input, classes);
    default:
      throw new AssayError('INVALID_INPUT', `${rule.where}: unknown rule "${rule.name}".`);
  }
}

/** Applies planned edits to the working copy, so the next rule sees their result. */
function applyToWorking(w: Working, edits: readonly Edit[]): void {
  const excluded = new Set(
    edits.filter((e) => e.op === 'exclude').map((e) => (e as { sampleId: number }).sampleId),
  );
  if (excluded.size > 0) for (const a of [...w.values()]) if (excluded.has(a.sampleId)) w.delete(a.id);
  for (const e of edits) {
    if (e.op === 'delete') w.delete(e.annotationId);
    else if (e.op === 'update') {
      const a = w.get(e.annotationId);
      if (a)
        w.set(a.id, {
          ...a,
          ...(Object.fromEntries(Object.entries(e.set).filter(([, v]) => v != null)) as object),
        });
    }
  }
}

/**
 * Plans every rule in order, each on the result of the ones before, without changing anything: the
 * edits of each rule (one batch each) and the classes it needs. Unknown classes throw (INVALID_INPUT).
 */
export function planFixes(input: FixInput, rules: readonly FixRule[]): RulePlan[] {
  const w: Working = new Map(input.annotations.map((a) => [a.id, a]));
  let samples = input.samples ?? [];
  const classes = new Set(input.classes);
  return rules.map((rule) => {
    const plan = planOne(rule, w, classes, { ...input, samples });
    applyToWorking(w, plan.edits);
    const gone = new Set(
      plan.edits.filter((e) => e.op === 'exclude').map((e) => (e as { sampleId: number }).sampleId),
    );
    if (gone.size > 0) samples = samples.filter((s) => !gone.has(s.id));
    for (const c of plan.newClasses) classes.add(c);
    return plan;
  });
}
