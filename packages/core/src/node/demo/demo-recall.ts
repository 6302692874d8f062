import type { PlannedProblem } from './demo-plan.js';
import type { PlantedKind } from './plant-problems.js';

/** An issue as recall needs it: sample paths (keys) and, for label issues, the annotations' original ids. */
export interface RecallIssue {
  type: string;
  sample: string | null;
  related: string[];
  /** Original (COCO) ids of the annotations the issue names. */
  annotations: (string | number)[];
}

export interface RecallRow {
  kind: PlantedKind;
  /** Issue types that can find this kind; empty when no check covers it. */
  types: string[];
  planted: number;
  found: number;
  /** found / planted, or null when not covered. */
  recall: number | null;
  /** Issues of those types that match no planted problem of any kind (false alarms, or real finds the plan did not mean). */
  other: number;
}

/** Which issue types find each planted kind. swapped_classes and missing_boxes need the label-error analysis. */
export const RECALL_TYPES: Record<PlantedKind, string[]> = {
  exact_duplicate: ['exact_duplicate'],
  near_duplicate: ['near_duplicate'],
  corrupt_file: ['corrupt_file'],
  dark: ['dark'],
  blurry: ['blurry'],
  out_of_bounds_box: ['out_of_bounds'],
  duplicate_label: ['duplicate_label'],
  split_leakage: ['split_leakage'],
  swapped_classes: [],
  missing_boxes: [],
};

const involved = (i: RecallIssue) => new Set([...(i.sample === null ? [] : [i.sample]), ...i.related]);

function annotationIds(p: PlannedProblem): string[] {
  const a = p.annotation;
  if (!a) return [];
  const ids = Array.isArray(a.ids) ? a.ids : a.id === undefined ? [] : [a.id];
  return ids.map(String);
}

/**
 * Whether an issue finds a planted problem: it must involve every planted sample (both of a
 * duplicate pair), and name one of the planted annotations when the manifest gives their ids.
 */
export function issueFinds(issue: RecallIssue, p: PlannedProblem): boolean {
  const samples = involved(issue);
  if (!p.samples.every((s) => samples.has(s))) return false;
  const ids = annotationIds(p);
  return ids.length === 0 || issue.annotations.some((id) => ids.includes(String(id)));
}

/** Recall per planted kind of the demo manifest against the issues found. */
export function demoRecall(planted: PlannedProblem[], issues: RecallIssue[]): RecallRow[] {
  const kinds = [...new Set(planted.map((p) => p.kind))];
  return kinds.map((kind) => {
    const types = RECALL_TYPES[kind];
    const mine = planted.filter((p) => p.kind === kind);
    const candidates = issues.filter((i) => types.includes(i.type));
    const found = mine.filter((p) => candidates.some((i) => issueFinds(i, p))).length;
    const other = candidates.filter((i) => !planted.some((p) => issueFinds(i, p))).length;
    return {
      kind,
      types,
      planted: mine.length,
      found: types.length === 0 ? 0 : found,
      recall: types.length === 0 ? null : found / mine.length,
      other: types.length === 0 ? 0 : other,
    };
  });
}
