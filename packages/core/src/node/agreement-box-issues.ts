/**
 * Per-sample `low_agreement` issues from the box agreement of each pair of annotators: a sample's
 * agreement is the mean over pairs of the same-class F1 at the IoU threshold; the details name the
 * unmatched boxes and the matched boxes whose classes differ (annotation ids), so a reviewer sees why.
 */
import type { BoxAgreement } from '../agree/box-agreement.js';
import type { NewIssue, StoredAnnotation } from '../store/project-store.js';

export interface BoxPairInput {
  annotators: [string, string];
  /** Boxes of each annotator on the samples both labelled. */
  a: StoredAnnotation[];
  b: StoredAnnotation[];
}

interface SamplePair {
  annotators: [string, string];
  f1_same_class: number;
  boxes: [number, number];
  unmatched: number[];
  class_mismatches: { annotation_ids: [number, number]; classes: [string, string]; iou: number }[];
}

const short = (name: string) => name.replace(/^annotator:/, '');

function samplePairs(pairs: (BoxPairInput & { result: BoxAgreement })[]) {
  const bySample = new Map<number, SamplePair[]>();
  for (const p of pairs) {
    const entries = new Map<number, SamplePair>();
    for (const im of p.result.per_image) {
      const entry: SamplePair = {
        annotators: p.annotators,
        f1_same_class: im.f1_same_class,
        boxes: [im.boxes_a, im.boxes_b],
        unmatched: [],
        class_mismatches: [],
      };
      entries.set(im.image, entry);
      const list = bySample.get(im.image) ?? [];
      list.push(entry);
      bySample.set(im.image, list);
    }
    const matchedA = new Set<number>();
    const matchedB = new Set<number>();
    for (const m of p.result.matches) {
      matchedA.add(m.a);
      matchedB.add(m.b);
      const [x, y] = [p.a[m.a]!, p.b[m.b]!];
      if (x.label !== y.label)
        entries.get(x.sampleId)?.class_mismatches.push({
          annotation_ids: [x.id, y.id],
          classes: [x.label ?? '', y.label ?? ''],
          iou: m.iou,
        });
    }
    p.a.forEach((x, i) => {
      if (!matchedA.has(i)) entries.get(x.sampleId)?.unmatched.push(x.id);
    });
    p.b.forEach((y, j) => {
      if (!matchedB.has(j)) entries.get(y.sampleId)?.unmatched.push(y.id);
    });
  }
  return bySample;
}

export function boxPairIssues(
  pairs: (BoxPairInput & { result: BoxAgreement })[],
  iou: number,
  minAgreement: number,
): NewIssue[] {
  const issues: NewIssue[] = [];
  for (const [sampleId, list] of samplePairs(pairs)) {
    const agreement = list.reduce((s, p) => s + p.f1_same_class, 0) / list.length;
    if (agreement >= minAgreement) continue;
    const worst = list.reduce((w, p) => (p.f1_same_class < w.f1_same_class ? p : w));
    const unmatched = list.reduce((n, p) => n + p.unmatched.length, 0);
    const mismatched = list.reduce((n, p) => n + p.class_mismatches.length, 0);
    const score = 1 - agreement;
    issues.push({
      sampleId,
      type: 'low_agreement',
      severity: score >= 0.5 ? 'warning' : 'info',
      score,
      reason:
        `Annotators' boxes agree poorly (mean F1 ${agreement.toFixed(2)} at IoU ${iou}; worst ` +
        `${short(worst.annotators[0])}/${short(worst.annotators[1])} ${worst.f1_same_class.toFixed(2)}): ` +
        `${unmatched} unmatched box${unmatched === 1 ? '' : 'es'}, ${mismatched} class mismatch${mismatched === 1 ? '' : 'es'}.`,
      details: { kind: 'boxes', agreement, iou_threshold: iou, pairs: list },
    });
  }
  return issues;
}
