/** One annotator's span on one sample (character offsets, end exclusive). */
export interface AnnotatorSpan {
  annotator: string;
  label: string;
  start: number;
  end: number;
}

export interface SampleSpanConsensus {
  /** Spans more than half of the sample's annotators marked exactly (type, start, end). */
  spans: { label: string; start: number; end: number; votes: number }[];
  /** Spans some annotator marked that did not make the consensus, with who marked them. */
  disputed: { label: string; start: number; end: number; annotators: string[] }[];
  annotators: string[];
  /** Share of all distinct spans on which every annotator of the sample agrees (1 when none marked any). */
  agreement: number;
}

export interface AnnotatorSpanQuality {
  annotator: string;
  samples: number;
  /** Against the consensus spans of the samples the annotator labelled (exact match). */
  precision: number;
  recall: number;
  f1: number;
}

const keyOf = (s: { label: string; start: number; end: number }) =>
  `${s.start}\u0000${s.end}\u0000${s.label}`;

/**
 * Majority-vote consensus of several annotators' spans on one sample: a span stands when more than half
 * of the annotators who labelled the sample marked it with the same type and boundaries (conlleval's
 * notion of one span); an annotator who labelled the sample but marked no span votes against all.
 */
export function sampleSpanConsensus(
  spans: readonly AnnotatorSpan[],
  annotators: readonly string[],
): SampleSpanConsensus {
  const votes = new Map<string, { label: string; start: number; end: number; by: Set<string> }>();
  for (const s of spans) {
    const k = keyOf(s);
    const v = votes.get(k) ?? { label: s.label, start: s.start, end: s.end, by: new Set<string>() };
    v.by.add(s.annotator);
    votes.set(k, v);
  }
  const n = annotators.length;
  const kept: SampleSpanConsensus['spans'] = [];
  const disputed: SampleSpanConsensus['disputed'] = [];
  let unanimous = 0;
  for (const v of [...votes.values()].sort(
    (a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1),
  )) {
    if (v.by.size === n) unanimous++;
    if (v.by.size * 2 > n) kept.push({ label: v.label, start: v.start, end: v.end, votes: v.by.size });
    if (v.by.size < n)
      disputed.push({ label: v.label, start: v.start, end: v.end, annotators: [...v.by].sort() });
  }
  return {
    spans: kept,
    disputed,
    annotators: [...annotators],
    agreement: votes.size === 0 ? 1 : unanimous / votes.size,
  };
}

/** Each annotator's exact-match precision, recall and F1 against the consensus over the samples they labelled. */
export function annotatorSpanQuality(
  samples: readonly { consensus: SampleSpanConsensus; spans: readonly AnnotatorSpan[] }[],
): AnnotatorSpanQuality[] {
  const acc = new Map<string, { samples: number; given: number; correct: number; reference: number }>();
  for (const { consensus, spans } of samples) {
    const gold = new Set(consensus.spans.map(keyOf));
    for (const a of consensus.annotators) {
      const mine = spans.filter((s) => s.annotator === a);
      const e = acc.get(a) ?? { samples: 0, given: 0, correct: 0, reference: 0 };
      e.samples++;
      e.given += mine.length;
      e.correct += mine.filter((s) => gold.has(keyOf(s))).length;
      e.reference += gold.size;
      acc.set(a, e);
    }
  }
  return [...acc]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([annotator, e]) => {
      const precision = e.given === 0 ? (e.reference === 0 ? 1 : 0) : e.correct / e.given;
      const recall = e.reference === 0 ? 1 : e.correct / e.reference;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { annotator, samples: e.samples, precision, recall, f1 };
    });
}
