/** A span to highlight: character offsets into the text (UTF-16 units, end exclusive). */
export interface HighlightSpan {
  id: number;
  start: number;
  end: number;
}

/** A piece of the text and the spans covering it (their ids, in the order given). */
export interface TextSegment {
  start: number;
  end: number;
  text: string;
  spans: number[];
}

/**
 * The text cut at every span boundary, so overlapping spans need no nesting: each segment lists the
 * spans over it. Offsets outside the text are clamped; empty spans are left out.
 */
export function textSegments(text: string, spans: readonly HighlightSpan[]): TextSegment[] {
  const clamp = (v: number) => Math.max(0, Math.min(text.length, v));
  const valid = spans
    .map((s) => ({ id: s.id, start: clamp(s.start), end: clamp(s.end) }))
    .filter((s) => s.end > s.start);
  const cuts = new Set<number>([0, text.length]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: TextSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    out.push({
      start,
      end,
      text: text.slice(start, end),
      spans: valid.filter((s) => s.start <= start && s.end >= end).map((s) => s.id),
    });
  }
  return out;
}
