/**
 * Span agreement per pair of annotators in a project (`assay agree` on text): each pair's spans on the
 * text samples, counted as conlleval counts them (spanAgreement: type, first and last token must match).
 * Spans are compared by token offsets when every span of the pair has them (CoNLL imports: files whose
 * tokens were re-escaped still align by position), else by character offsets.
 */
import type { Span } from '../agree/bio-spans.js';
import { type SpanAgreement, spanAgreement, spanF1 } from '../agree/span-agreement.js';
import type { NewIssue, StoredAnnotation } from '../store/project-store.js';

export interface SpanPairAgreement extends SpanAgreement {
  annotators: [string, string];
  /** Text samples compared. */
  samples: number;
  /** `tokens` or `characters`. */
  unit: 'tokens' | 'characters';
}

/** Room per sample on one number line: sample id × STRIDE + offset (texts under 10M units). */
const STRIDE = 1e7;

function toSpans(list: readonly StoredAnnotation[], tokens: boolean): Span[] {
  return list.map((a) => {
    const s = a.span!;
    const [start, end] = tokens ? [s.tokenStart!, s.tokenEnd!] : [s.start, s.end];
    return { type: a.label ?? '', start: a.sampleId * STRIDE + start, end: a.sampleId * STRIDE + end };
  });
}

/**
 * Every pair of annotators with spans, over `textSamples` (the project's text samples: an annotator
 * who marked nothing in a sentence still said it holds no entity). Samples whose pair F1 is below
 * `minAgreement` become `low_agreement` issues (kind `span`).
 */
export function spanPairAgreement(
  annotations: readonly StoredAnnotation[],
  annotators: readonly string[],
  textSamples: ReadonlyMap<number, string>,
  minAgreement: number,
): { pairs: SpanPairAgreement[]; issues: NewIssue[] } {
  const bySource = new Map(annotators.map((n) => [n, [] as StoredAnnotation[]]));
  for (const a of annotations)
    if (a.kind === 'span' && a.span && textSamples.has(a.sampleId)) bySource.get(a.source)?.push(a);
  const pairs: SpanPairAgreement[] = [];
  const issues: NewIssue[] = [];
  for (let x = 0; x < annotators.length; x++)
    for (let y = x + 1; y < annotators.length; y++) {
      const names: [string, string] = [annotators[x]!, annotators[y]!];
      const [a, b] = [bySource.get(names[0])!, bySource.get(names[1])!];
      if (a.length === 0 || b.length === 0) continue;
      const tokens = [...a, ...b].every(
        (s) => s.span?.tokenStart !== undefined && s.span.tokenEnd !== undefined,
      );
      const sa = toSpans(a, tokens);
      const sb = toSpans(b, tokens);
      pairs.push({
        annotators: names,
        samples: textSamples.size,
        unit: tokens ? 'tokens' : 'characters',
        ...spanAgreement(sa, sb),
      });
      const perSample = new Map<number, [Span[], Span[]]>();
      sa.forEach((s, i) => {
        const id = a[i]!.sampleId;
        (perSample.get(id) ?? perSample.set(id, [[], []]).get(id)!)[0].push(s);
      });
      sb.forEach((s, i) => {
        const id = b[i]!.sampleId;
        (perSample.get(id) ?? perSample.set(id, [[], []]).get(id)!)[1].push(s);
      });
      for (const [id, [pa, pb]] of perSample) {
        const f1 = spanF1(pa, pb);
        if (f1 >= minAgreement) continue;
        issues.push({
          sampleId: id,
          type: 'low_agreement',
          severity: 1 - f1 >= 0.5 ? 'warning' : 'info',
          score: 1 - f1,
          reason: `${textSamples.get(id)}: ${names[0]} and ${names[1]} agree on spans with F1 ${f1.toFixed(2)} (${pa.length} vs ${pb.length} spans)`,
          details: { kind: 'span', annotators: names, f1 },
        });
      }
    }
  return { pairs, issues };
}
