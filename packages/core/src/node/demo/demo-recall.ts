import type { PlannedProblem } from './demo-plan.js';
import type { PlantedKind } from './plant-problems.js';

/** An issue as recall needs it: sample paths (keys) and, for label issues, the annotations' original ids. */
export interface RecallIssue {
  type: string;
  sample: string | null;
  related: string[];
  /** Original (COCO) ids of the annotations the issue names. */
  annotations: (string | number)[];
  /** Boxes [x, y, w, h] the issue points at (e.g. the prediction of a missing_label). */
  boxes?: number[][];
  /** The issue's score in [0, 1]. */
  score?: number;
}

/** Issues of one type that no planted problem explains. */
export interface UnplannedCount {
  issues: number;
  /** Their highest score: how strongly the analysis believes in them. */
  max_score: number;
}

export interface RecallRow {
  kind: PlantedKind;
  /** Issue types that can find this kind; empty when no analysis covers it. */
  types: string[];
  planted: number;
  found: number;
  /** found / planted, or null when not covered. */
  recall: number | null;
  /** Issues of those types. */
  issues: number;
  /** Of those, the ones a planted problem explains (see EXPLAINED_BY). */
  explained: number;
  /** explained / issues, or null when there are no such issues. */
  precision: number | null;
  /** issues − explained: false alarms, or real finds the plan did not mean. */
  other: number;
}

/** Which issue types find each planted kind (media and label checks, and the detection label issues). */
export const RECALL_TYPES: Record<PlantedKind, string[]> = {
  exact_duplicate: ['exact_duplicate'],
  near_duplicate: ['near_duplicate'],
  corrupt_file: ['corrupt_file'],
  dark: ['dark'],
  blurry: ['blurry'],
  out_of_bounds_box: ['out_of_bounds'],
  duplicate_label: ['duplicate_label'],
  split_leakage: ['split_leakage'],
  swapped_classes: ['wrong_class'],
  missing_boxes: ['missing_label'],
};

/**
 * The planted kinds that really cause an issue of each type, so such an issue is a correct find even
 * when it is not the kind's own type: a byte-identical leakage copy is also an exact duplicate and a
 * re-encoded one a near duplicate; an image darkened to 4-8% keeps few grey levels, so its entropy
 * is low. Types not listed here are explained by nothing planted.
 */
export const EXPLAINED_BY: Readonly<Record<string, readonly PlantedKind[]>> = {
  exact_duplicate: ['exact_duplicate', 'split_leakage'],
  near_duplicate: ['near_duplicate', 'split_leakage'],
  split_leakage: ['split_leakage'],
  corrupt_file: ['corrupt_file'],
  dark: ['dark'],
  blurry: ['blurry'],
  low_information: ['dark'],
  out_of_bounds: ['out_of_bounds_box'],
  duplicate_label: ['duplicate_label'],
  wrong_class: ['swapped_classes'],
  missing_label: ['missing_boxes'],
};

const involved = (i: RecallIssue) => new Set([...(i.sample === null ? [] : [i.sample]), ...i.related]);

function annotationIds(p: PlannedProblem): string[] {
  const a = p.annotation;
  if (!a) return [];
  const ids = Array.isArray(a.ids) ? a.ids : a.id === undefined ? [] : [a.id];
  return ids.map(String);
}

function boxIou(a: number[], b: number[]): number {
  const [ax = 0, ay = 0, aw = 0, ah = 0] = a;
  const [bx = 0, by = 0, bw = 0, bh = 0] = b;
  const w = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const h = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  const union = aw * ah + bw * bh - w * h;
  return union > 0 ? (w * h) / union : 0;
}

/**
 * Whether an issue finds a planted problem: it must involve every planted sample (both of a
 * duplicate pair), name one of the planted annotations when the manifest gives their ids, and point
 * at the planted box (IoU ≥ 0.5) when the manifest gives only a box (a missing box) and the issue has boxes.
 */
export function issueFinds(issue: RecallIssue, p: PlannedProblem): boolean {
  const samples = involved(issue);
  if (!p.samples.every((s) => samples.has(s))) return false;
  const ids = annotationIds(p);
  if (ids.length > 0) return issue.annotations.some((id) => ids.includes(String(id)));
  const box = p.annotation?.bbox;
  if (!Array.isArray(box) || issue.boxes === undefined || issue.boxes.length === 0) return true;
  return issue.boxes.some((b) => boxIou(b, box as number[]) >= 0.5);
}

/** Whether a planted problem of a kind that causes this issue's type explains the issue. */
export function issueExplained(issue: RecallIssue, planted: readonly PlannedProblem[]): boolean {
  const kinds = EXPLAINED_BY[issue.type] ?? [];
  return planted.some((p) => kinds.includes(p.kind) && issueFinds(issue, p));
}

/** Recall and precision per planted kind of the demo manifest against the issues found. */
export function demoRecall(planted: PlannedProblem[], issues: RecallIssue[]): RecallRow[] {
  const kinds = [...new Set(planted.map((p) => p.kind))];
  return kinds.map((kind) => {
    const types = RECALL_TYPES[kind];
    const mine = planted.filter((p) => p.kind === kind);
    const candidates = issues.filter((i) => types.includes(i.type));
    const found = mine.filter((p) => candidates.some((i) => issueFinds(i, p))).length;
    const explained = candidates.filter((i) => issueExplained(i, planted)).length;
    const covered = types.length > 0;
    return {
      kind,
      types,
      planted: mine.length,
      found,
      recall: covered ? found / mine.length : null,
      issues: candidates.length,
      explained,
      precision: candidates.length > 0 ? explained / candidates.length : null,
      other: candidates.length - explained,
    };
  });
}

/** Issues no planted problem explains, by type (every type, covered by a planted kind or not). */
export function unplannedIssues(
  planted: readonly PlannedProblem[],
  issues: RecallIssue[],
): Record<string, UnplannedCount> {
  const counts: Record<string, UnplannedCount> = {};
  for (const i of issues) {
    if (issueExplained(i, planted)) continue;
    const c = (counts[i.type] ??= { issues: 0, max_score: 0 });
    c.issues++;
    c.max_score = Math.max(c.max_score, i.score ?? 0);
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
