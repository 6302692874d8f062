import type { NewIssue } from '../store/project-store.js';

/** An issue found by a check, before it is stored (the store's NewIssue). */
export type CheckIssue = NewIssue;

export type IssueSeverity = CheckIssue['severity'];

/** Work a check could not do, reported instead of silently skipped ("3 boxes: image size unknown"). */
export interface CheckSkip {
  check: string;
  count: number;
  reason: string;
}

/** What a family of checks (media, labels) returns. */
export interface CheckResult {
  issues: CheckIssue[];
  skipped: CheckSkip[];
}

/** Keeps the issue types asked for (all when `only` is undefined). */
export function wants(only: ReadonlySet<string> | undefined, type: string): boolean {
  return only === undefined || only.has(type);
}
