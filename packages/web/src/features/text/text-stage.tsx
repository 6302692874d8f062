import type { Annotation } from '@assay/api';
import { useUi } from '../../state/ui-store.js';
import { HighlightedText, LabelChips } from './highlighted-text.js';

const keyOf = (a: Annotation) => `${a.span?.start}:${a.span?.end}:${a.class_id}`;

/** Reference first: ground truth, then annotators, then models, each by name. */
function order(a: string, b: string): number {
  const rank = (s: string) => (s === 'ground_truth' ? 0 : s.startsWith('annotator:') ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * The sample view of a text: one block per label source (ground truth, each annotator, each model),
 * each the whole text with that source's spans highlighted and its class labels as chips. Spans and
 * labels another source does not have exactly (type and boundaries) are marked as differences against
 * the first block, and the reference spans a source missed are listed under it.
 */
export function TextStage({ text, annotations }: { text: string; annotations: readonly Annotation[] }) {
  const hidden = useUi((s) => s.hiddenSources);
  const sources = [...new Set(annotations.map((a) => a.source))].sort(order);
  const reference = sources[0];
  const refSpans = annotations.filter((a) => a.source === reference && a.kind === 'span');
  const refKeys = new Set(refSpans.map(keyOf));
  return (
    <div className="text-stage" data-testid="text-stage">
      {sources.length === 0 && <HighlightedText text={text} spans={[]} className="full-text" />}
      {sources
        .filter((s) => !hidden.includes(s))
        .map((source) => {
          const own = annotations.filter((a) => a.source === source);
          const spans = own.filter((a) => a.kind === 'span');
          const ownKeys = new Set(spans.map(keyOf));
          const differs = new Set(
            source === reference ? [] : spans.filter((a) => !refKeys.has(keyOf(a))).map((a) => a.id),
          );
          const missed = source === reference ? [] : refSpans.filter((a) => !ownKeys.has(keyOf(a)));
          return (
            <section key={source} className="text-source" data-source={source}>
              <h3>
                {source}
                {source === reference && sources.length > 1 ? ' (reference)' : ''}{' '}
                <LabelChips labels={own.filter((a) => a.kind === 'classification')} />
              </h3>
              <HighlightedText text={text} spans={spans} differs={differs} className="full-text" />
              {(differs.size > 0 || missed.length > 0) && (
                <p className="muted text-diff" data-testid="text-diff">
                  {differs.size > 0 &&
                    `${differs.size} span${differs.size === 1 ? '' : 's'} not in ${reference}`}
                  {differs.size > 0 && missed.length > 0 && ' · '}
                  {missed.length > 0 &&
                    `missed: ${missed.map((a) => `“${text.slice(a.span!.start, a.span!.end)}”`).join(', ')}`}
                </p>
              )}
            </section>
          );
        })}
    </div>
  );
}
