import type { Span } from '../agree/bio-spans.js';
import { spanAgreement } from '../agree/span-agreement.js';
import type { EvalMatchRow, EvalSampleRow } from '../store/project-store.js';

/** A span annotation as the evaluation reads it: sample, class, character offsets, score. */
export interface EvalSpan {
  id: number;
  sampleId: number;
  classId: number | null;
  label: string;
  start: number;
  end: number;
  /** Token offsets, when the source had tokens: used instead of characters when every span of a sample has them. */
  tokenStart?: number;
  tokenEnd?: number;
  score?: number;
}

export interface ProjectSpanResult {
  /** seqeval's figures over exact spans (type, start, end): micro, macro/weighted F1, per type. */
  summary: Record<string, unknown>;
  matches: EvalMatchRow[];
  samples: EvalSampleRow[];
  totals: { tp: number; fp: number; fn: number; ignored: number };
}

const overlap = (a: EvalSpan, b: EvalSpan): number => {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (inter <= 0) return 0;
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
};

/**
 * Why a span that has no exact partner missed: `cls` (the same characters, another type), `loc` (the
 * same type over overlapping characters), `both` (another type, overlapping), else `bkg` for a
 * prediction over nothing and `miss` for a reference nobody found; with the best overlap's character IoU.
 */
function missOf(
  s: EvalSpan,
  others: readonly EvalSpan[],
  role: 'gt' | 'pred',
): { error: string; iou: number | null; matched: number | null } {
  let best: EvalSpan | undefined;
  let bestIou = 0;
  for (const o of others) {
    const iou = overlap(s, o);
    if (iou > bestIou || (iou === bestIou && iou > 0 && o.label === s.label)) {
      best = o;
      bestIou = iou;
    }
  }
  if (!best) return { error: role === 'pred' ? 'bkg' : 'miss', iou: null, matched: null };
  const sameType = best.label === s.label;
  const error = bestIou === 1 && !sameType ? 'cls' : sameType ? 'loc' : 'both';
  return { error, iou: bestIou, matched: best.id };
}

/**
 * Entity-level evaluation of predicted spans against reference spans, per sample: a prediction is
 * correct when a reference span has its type, start and end (seqeval's and conlleval's rule, here on
 * character offsets, which equal token offsets' verdicts when both come from the same tokens). The
 * figures are seqeval's (span-agreement.ts); every span's outcome and each sample's counts are kept.
 */
export function evaluateProjectSpans(gt: readonly EvalSpan[], pred: readonly EvalSpan[]): ProjectSpanResult {
  const bySample = new Map<number, { gt: EvalSpan[]; pred: EvalSpan[] }>();
  const entry = (id: number) => {
    let e = bySample.get(id);
    if (!e) bySample.set(id, (e = { gt: [], pred: [] }));
    return e;
  };
  for (const s of gt) entry(s.sampleId).gt.push(s);
  for (const s of pred) entry(s.sampleId).pred.push(s);
  // Token offsets when both sides have them for every span of a sample: two files of the same tokens
  // may spell a token differently (WNUT submissions write `get` for `gt`), which moves characters only.
  for (const e of bySample.values()) {
    const all = [...e.gt, ...e.pred];
    if (!all.every((s) => s.tokenStart !== undefined && s.tokenEnd !== undefined)) continue;
    const byToken = (s: EvalSpan): EvalSpan => ({ ...s, start: s.tokenStart!, end: s.tokenEnd! });
    e.gt = e.gt.map(byToken);
    e.pred = e.pred.map(byToken);
  }
  const reference: Span[] = [];
  const predicted: Span[] = [];
  const matches: EvalMatchRow[] = [];
  const samples: EvalSampleRow[] = [];
  const totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };
  const key = (s: EvalSpan) => `${s.start}:${s.end}:${s.label}`;
  // Offsets are per sample: each sample's spans move to a range of their own for the pooled counts.
  let base = 0;
  for (const [sampleId, e] of [...bySample].sort((a, b) => a[0] - b[0])) {
    const width = Math.max(0, ...e.gt.map((s) => s.end), ...e.pred.map((s) => s.end)) + 1;
    for (const s of e.gt) reference.push({ type: s.label, start: base + s.start, end: base + s.end });
    for (const s of e.pred) predicted.push({ type: s.label, start: base + s.start, end: base + s.end });
    base += width;
    const gold = new Map(e.gt.map((s) => [key(s), s]));
    const found = new Map(e.pred.map((s) => [key(s), s]));
    const row = { sampleId, tp: 0, fp: 0, fn: 0 };
    for (const s of e.pred) {
      const hit = gold.get(key(s));
      const miss = hit ? undefined : missOf(s, e.gt, 'pred');
      matches.push({
        annotationId: s.id,
        sampleId,
        role: 'pred',
        classId: s.classId,
        score: s.score ?? null,
        matchedId: hit ? hit.id : (miss?.matched ?? null),
        iou: hit ? 1 : (miss?.iou ?? null),
        outcome: hit ? 'tp' : 'fp',
        error: miss?.error ?? null,
      });
      if (hit) row.tp++;
      else row.fp++;
    }
    for (const s of e.gt) {
      const hit = found.get(key(s));
      if (hit) continue;
      const miss = missOf(s, e.pred, 'gt');
      matches.push({
        annotationId: s.id,
        sampleId,
        role: 'gt',
        classId: s.classId,
        score: null,
        matchedId: miss.matched,
        iou: miss.iou,
        outcome: 'fn',
        error: miss.error,
      });
      row.fn++;
    }
    for (const s of e.gt)
      if (found.has(key(s)))
        matches.push({
          annotationId: s.id,
          sampleId,
          role: 'gt',
          classId: s.classId,
          score: null,
          matchedId: found.get(key(s))!.id,
          iou: 1,
          outcome: 'tp',
          error: null,
        });
    totals.tp += row.tp;
    totals.fp += row.fp;
    totals.fn += row.fn;
    samples.push(row);
  }
  const scores = spanAgreement(reference, predicted);
  const errors: Record<string, number> = {};
  for (const m of matches) if (m.error) errors[m.error] = (errors[m.error] ?? 0) + 1;
  return { summary: { ...scores, totals, errors }, matches, samples, totals };
}
