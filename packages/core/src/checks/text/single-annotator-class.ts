import type { CheckIssue } from '../check-types.js';

/** A span of some annotator, as the check reads it. */
export interface AnnotatorSpanRow {
  id: number;
  sampleId: number;
  sampleKey: string;
  source: string;
  label: string;
}

/**
 * `single_annotator_class`: a span class that one annotator uses and no other, while two or more
 * annotators mark spans — a private label, a typo of a class name, or a guideline only one followed.
 * One issue per span of such a class, on its annotation.
 */
export function singleAnnotatorClasses(spans: readonly AnnotatorSpanRow[], out: CheckIssue[]): void {
  const annotators = new Set(spans.map((s) => s.source));
  if (annotators.size < 2) return;
  const users = new Map<string, Set<string>>();
  for (const s of spans) {
    const set = users.get(s.label) ?? new Set<string>();
    set.add(s.source);
    users.set(s.label, set);
  }
  const counts = new Map<string, number>();
  for (const s of spans) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  for (const s of spans) {
    const who = users.get(s.label)!;
    if (who.size !== 1) continue;
    out.push({
      sampleId: s.sampleId,
      annotationId: s.id,
      type: 'single_annotator_class',
      severity: 'warning',
      score: 0.6,
      reason: `${s.sampleKey}: the span class "${s.label}" is used by ${s.source} only (${counts.get(s.label)} spans); the other ${annotators.size - 1} annotator${annotators.size > 2 ? 's' : ''} never use it`,
      details: {
        class: s.label,
        annotator: s.source,
        spans: counts.get(s.label),
        annotators: [...annotators].sort(),
      },
    });
  }
}
