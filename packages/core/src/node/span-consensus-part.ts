import {
  type AnnotatorSpan,
  type AnnotatorSpanQuality,
  annotatorSpanQuality,
  type SampleSpanConsensus,
  sampleSpanConsensus,
} from '../consensus/span-consensus.js';
import type { NewIssue } from '../store/project-store.js';
import type { Project } from './project.js';

export interface SpanConsensusPart {
  samples: number;
  annotators: AnnotatorSpanQuality[];
  issues: NewIssue[];
  consensus: { sample: string; spans: SampleSpanConsensus['spans']; agreement: number; annotators: number }[];
}

/**
 * Majority-vote span consensus over the `annotator:*` sources' spans, on every text sample two or more
 * of them labelled (an annotator labelled a sample when it gave it any annotation); one
 * `annotator_disagreement` issue per sample with a disputed span. Undefined when fewer than two
 * annotators marked spans.
 */
export async function spanConsensusPart(project: Project): Promise<SpanConsensusPart | undefined> {
  const { store } = project;
  const names = (await store.listSources()).filter((s) => s.kind === 'annotator').map((s) => s.name);
  if (names.length < 2) return undefined;
  const all = await store.listAnnotations(names);
  const spanAnnotators = new Set(all.filter((a) => a.kind === 'span').map((a) => a.source));
  if (spanAnnotators.size < 2) return undefined;
  const bySample = new Map<number, { who: Set<string>; spans: AnnotatorSpan[]; key: string }>();
  for (const a of all) {
    if (!spanAnnotators.has(a.source)) continue;
    const e = bySample.get(a.sampleId) ?? { who: new Set<string>(), spans: [], key: a.sample };
    e.who.add(a.source);
    if (a.kind === 'span' && a.span && a.label !== undefined)
      e.spans.push({ annotator: a.source, label: a.label, start: a.span.start, end: a.span.end });
    bySample.set(a.sampleId, e);
  }
  const texts = new Map((await store.listSamples({ kind: 'text' })).map((s) => [s.id, s.text ?? '']));
  const rows: { consensus: SampleSpanConsensus; spans: AnnotatorSpan[] }[] = [];
  const issues: NewIssue[] = [];
  const consensus: SpanConsensusPart['consensus'] = [];
  for (const [sampleId, e] of [...bySample].sort((x, y) => x[0] - y[0])) {
    if (e.who.size < 2) continue;
    const c = sampleSpanConsensus(e.spans, [...e.who].sort());
    rows.push({ consensus: c, spans: e.spans });
    consensus.push({ sample: e.key, spans: c.spans, agreement: c.agreement, annotators: e.who.size });
    if (c.disputed.length === 0) continue;
    const text = texts.get(sampleId) ?? '';
    const score = Math.min(1, Math.max(0, 1 - c.agreement));
    const shown = c.disputed
      .slice(0, 3)
      .map(
        (d) =>
          `"${text.slice(d.start, d.end)}" ${d.label} by ${d.annotators.map((a) => a.replace(/^annotator:/, '')).join('+')}`,
      );
    issues.push({
      sampleId,
      type: 'annotator_disagreement',
      severity: score >= 0.75 ? 'error' : score >= 0.4 ? 'warning' : 'info',
      score,
      reason: `Annotators disagree on ${c.disputed.length} span${c.disputed.length === 1 ? '' : 's'} (${shown.join('; ')}${c.disputed.length > 3 ? '; …' : ''}); ${c.spans.length} kept by majority.`,
      details: { method: 'span-majority', agreement: c.agreement, consensus: c.spans, disputed: c.disputed },
    });
  }
  if (rows.length === 0) return undefined;
  return { samples: rows.length, annotators: annotatorSpanQuality(rows), issues, consensus };
}
