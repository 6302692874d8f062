/**
 * Span-level precision, recall and F1 of predicted (or second-annotator) spans against reference spans,
 * counted as conlleval and seqeval count them: a span is correct when its type, first and last token all
 * match. Micro figures pool every span; macro averages the per-type F1 over the types either side uses;
 * weighted averages it by reference support. A type with no predicted (or no reference) span has
 * precision (or recall) 0, as seqeval's default `zero_division` gives.
 */
import type { Span } from './bio-spans.js';

export interface SpanScores {
  precision: number;
  recall: number;
  f1: number;
  /** Reference spans. */
  support: number;
  predicted: number;
  correct: number;
}

export interface SpanAgreement {
  micro: SpanScores;
  macro_f1: number;
  weighted_f1: number;
  per_type: Record<string, SpanScores>;
}

function scores(support: number, predicted: number, correct: number): SpanScores {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = support === 0 ? 0 : correct / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support, predicted, correct };
}

const key = (s: Span) => `${s.start}\u0000${s.end}\u0000${s.type}`;

export function spanAgreement(reference: readonly Span[], predicted: readonly Span[]): SpanAgreement {
  const counts = new Map<string, { support: number; predicted: number; correct: number }>();
  const entry = (type: string) => {
    let c = counts.get(type);
    if (!c) {
      c = { support: 0, predicted: 0, correct: 0 };
      counts.set(type, c);
    }
    return c;
  };
  const gold = new Set<string>();
  for (const s of reference) {
    entry(s.type).support++;
    gold.add(key(s));
  }
  for (const s of predicted) {
    const c = entry(s.type);
    c.predicted++;
    if (gold.has(key(s))) c.correct++;
  }
  const types = [...counts.keys()].sort();
  const per_type: Record<string, SpanScores> = {};
  let support = 0;
  let found = 0;
  let correct = 0;
  let macro = 0;
  let weighted = 0;
  for (const type of types) {
    const c = counts.get(type)!;
    const s = scores(c.support, c.predicted, c.correct);
    per_type[type] = s;
    support += c.support;
    found += c.predicted;
    correct += c.correct;
    macro += s.f1;
    weighted += s.f1 * c.support;
  }
  return {
    micro: scores(support, found, correct),
    macro_f1: types.length === 0 ? 0 : macro / types.length,
    weighted_f1: support === 0 ? 0 : weighted / support,
    per_type,
  };
}

/** F1 between two annotators' spans (symmetric: 2 · matching / (spans of a + spans of b)). */
export function spanF1(a: readonly Span[], b: readonly Span[]): number {
  if (a.length + b.length === 0) return 1;
  return spanAgreement(a, b).micro.correct * (2 / (a.length + b.length));
}
