import type { Edit } from './edit-types.js';
import type { FixRule } from './fix-rules.js';
import type { FixSample, RulePlan, Working } from './plan-fixes.js';

/** Samples whose file is missing, corrupt or unreadable (by the last scan) are excluded. */
export function excludeMissing(rule: FixRule, samples: readonly FixSample[]): RulePlan {
  const bad = new Set(['missing', 'corrupt', 'unreadable']);
  const edits: Edit[] = samples
    .filter((s) => bad.has(s.status))
    .map((s) => ({
      op: 'exclude',
      sampleId: s.id,
      reason: `exclude_missing_files: ${s.key} is ${s.status}`,
    }));
  return { rule, newClasses: [], edits, skipped: [] };
}

/**
 * Byte-identical files (same sha256 from the scan): one of each group stays and the others are
 * excluded, so no copy is left in two splits (leakage) or twice in one. The kept copy is the one with
 * the most annotations of the rule's source, then in the split most of the group is in, then the lowest id.
 */
export function removeDuplicateSamples(rule: FixRule, w: Working, samples: readonly FixSample[]): RulePlan {
  const annotated = new Map<number, number>();
  for (const a of w.values())
    if (a.source === rule.source) annotated.set(a.sampleId, (annotated.get(a.sampleId) ?? 0) + 1);
  const groups = new Map<string, FixSample[]>();
  for (const s of samples) {
    if (!s.sha256) continue;
    const g = groups.get(s.sha256);
    if (g) g.push(s);
    else groups.set(s.sha256, [s]);
  }
  const edits: Edit[] = [];
  let unscanned = 0;
  for (const s of samples) if (!s.sha256) unscanned++;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const splitCount = new Map<string | null, number>();
    for (const s of g) splitCount.set(s.split, (splitCount.get(s.split) ?? 0) + 1);
    g.sort(
      (p, q) =>
        (annotated.get(q.id) ?? 0) - (annotated.get(p.id) ?? 0) ||
        splitCount.get(q.split)! - splitCount.get(p.split)! ||
        p.id - q.id,
    );
    const kept = g[0]!;
    for (const s of g.slice(1))
      edits.push({
        op: 'exclude',
        sampleId: s.id,
        reason: `remove_exact_duplicate_samples: ${s.key}${s.split ? ` (${s.split})` : ''} is byte-identical to ${kept.key}${kept.split ? ` (${kept.split})` : ''}, which stays`,
      });
  }
  edits.sort((p, q) => (p as { sampleId: number }).sampleId - (q as { sampleId: number }).sampleId);
  const skipped = unscanned > 0 ? [{ count: unscanned, reason: 'no sha256 (run `assay scan`)' }] : [];
  return { rule, newClasses: [], edits, skipped };
}
