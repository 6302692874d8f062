/**
 * Flagged examples as review-queue issues: type `label_error`, score = 1 − label quality, a reason naming
 * the given and the suggested class, and the evidence (quality score, method, top-3 probabilities).
 */
import type { LabelErrorsReport } from '../label-errors/analyze-label-errors.js';
import { bestOtherClass, type ProbMatrix } from '../label-errors/prob-matrix.js';
import type { NewIssue } from '../store/project-store.js';
import type { LabelExamples } from './label-examples.js';

const severityOf = (score: number): NewIssue['severity'] =>
  score >= 0.75 ? 'error' : score >= 0.4 ? 'warning' : 'info';

const pct = (p: number): string => `${(p * 100).toFixed(p >= 0.995 || p < 0.005 ? 1 : 0)}%`;

export function labelErrorIssues(
  report: LabelErrorsReport,
  examples: LabelExamples,
  probs: ProbMatrix,
  classes: string[],
  prediction: string,
): NewIssue[] {
  const k = probs.cols;
  return Array.from(report.issues, (i, rank) => {
    const y = examples.labels[i] as number;
    const row = probs.data.subarray(i * k, i * k + k);
    const best = bestOtherClass(probs, i, y);
    const quality = report.scores[i] as number;
    const score = Math.min(1, Math.max(0, 1 - quality));
    const top3 = Array.from(row.keys())
      .sort((a, b) => (row[b] as number) - (row[a] as number) || a - b)
      .slice(0, 3)
      .map((j) => ({ class: classes[j] as string, p: row[j] as number }));
    return {
      sampleId: examples.sampleIds[i] as number,
      annotationId: examples.annotationIds[i] as number,
      type: 'label_error',
      severity: severityOf(score),
      score,
      reason:
        `Labelled "${classes[y]}" but ${prediction} gives it ${pct(row[y] as number)} ` +
        `and "${classes[best]}" ${pct(row[best] as number)}; likely "${classes[best]}".`,
      details: {
        given_class: classes[y],
        suggested_class: classes[best],
        label_quality: quality,
        score_method: report.score,
        filter_by: report.filterBy,
        rank: rank + 1,
        top_probs: top3,
        prediction_source: prediction,
      },
    };
  });
}
