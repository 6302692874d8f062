import { type CheckIssue, wants } from '../check-types.js';
import type { LabelCheckInput, ResolvedLabelCheckOptions } from './label-check-input.js';
import { annotationName, boxIou, type LabelColumns } from './label-columns.js';

function pairIssue(input: LabelCheckInput, c: LabelColumns, i: number, j: number, iou: number): CheckIssue {
  const a = input.annotations[i]!;
  const b = input.annotations[j]!;
  const key = input.samples[c.sample[j]!]?.key ?? `sample ${b.sampleId}`;
  const same = c.cls[i] === c.cls[j];
  return {
    sampleId: b.sampleId,
    annotationId: b.id,
    type: same ? 'duplicate_label' : 'overlapping_labels',
    severity: same ? 'error' : 'warning',
    score: iou,
    reason: same
      ? `${key}: ${annotationName(b)} repeats ${annotationName(a)} (both ${b.label}, IoU ${iou.toFixed(2)}).`
      : `${key}: ${annotationName(b)} (${b.label}) and ${annotationName(a)} (${a.label}) cover the same object (IoU ${iou.toFixed(2)}).`,
    details: { annotation_ids: [a.id, b.id], classes: [a.label, b.label], iou },
  };
}

/**
 * duplicate_label (same class, IoU >= duplicateIou) and overlapping_labels (different classes,
 * IoU >= overlapIou). Per sample, boxes sorted by left edge are swept so that only boxes whose x
 * ranges overlap are compared. The issue goes on the later annotation of the pair.
 */
export function pairIssues(
  input: LabelCheckInput,
  c: LabelColumns,
  o: ResolvedLabelCheckOptions,
): CheckIssue[] {
  const dup = wants(o.only, 'duplicate_label');
  const over = wants(o.only, 'overlapping_labels');
  const issues: CheckIssue[] = [];
  if (!dup && !over) return issues;
  const minIou = Math.min(dup ? o.duplicateIou : 1, over ? o.overlapIou : 1);
  const rows: number[] = [];
  for (let s = 0; s < input.samples.length; s++) {
    rows.length = 0;
    for (let r = c.start[s]!; r < c.start[s + 1]!; r++) {
      const i = c.order[r]!;
      if (c.cls[i]! >= 0 && c.w[i]! > 0 && c.h[i]! > 0) rows.push(i);
    }
    if (rows.length < 2) continue;
    rows.sort((p, q) => c.x[p]! - c.x[q]! || p - q);
    for (let u = 0; u < rows.length; u++) {
      const i = rows[u]!;
      const right = c.x[i]! + c.w[i]!;
      for (let v = u + 1; v < rows.length && c.x[rows[v]!]! < right; v++) {
        const j = rows[v]!;
        const iou = boxIou(c, i, j);
        if (iou < minIou) continue;
        const same = c.cls[i] === c.cls[j];
        if (same ? dup && iou >= o.duplicateIou : over && iou >= o.overlapIou)
          issues.push(pairIssue(input, c, Math.min(i, j), Math.max(i, j), iou));
      }
    }
  }
  return issues;
}
