import type { Annotation } from '@assay/api';
import { classColor } from '../../render/palette.js';
import { useDrawStyle } from '../../render/use-draw-style.js';
import { textSegments } from './text-segments.js';

export interface HighlightedTextProps {
  text: string;
  /** Span annotations to mark (others are ignored). */
  spans: readonly Annotation[];
  /** Span ids drawn as differences (dashed outline): not in the reference source. */
  differs?: ReadonlySet<number>;
  className?: string;
}

/**
 * A text with its spans highlighted in their class colours. Every piece is a React text node inside a
 * <span>/<mark>: user text is never parsed as HTML. Overlapping spans stack their colours' outlines.
 */
export function HighlightedText({ text, spans, differs, className }: HighlightedTextProps) {
  const style = useDrawStyle();
  const byId = new Map(spans.filter((a) => a.span).map((a) => [a.id, a]));
  const segments = textSegments(
    text,
    [...byId.values()].map((a) => ({ id: a.id, start: a.span!.start, end: a.span!.end })),
  );
  return (
    <div className={`highlighted-text ${className ?? ''}`}>
      {segments.map((seg) => {
        if (seg.spans.length === 0) return <span key={seg.start}>{seg.text}</span>;
        const first = byId.get(seg.spans[0]!)!;
        const color = classColor(style.colorIndex(first.class_id));
        const names = seg.spans.map((id) => style.className(byId.get(id)?.class_id ?? null)).join(', ');
        const diff = seg.spans.some((id) => differs?.has(id));
        const last = seg.spans.some((id) => byId.get(id)!.span!.end === seg.end);
        return (
          <mark
            key={seg.start}
            className={`span-mark${diff ? ' diff' : ''}`}
            data-span={seg.spans.join(' ')}
            title={names}
            style={{
              background: `${color}40`,
              borderBottom: `2px solid ${color}`,
              outlineColor: diff ? '#d62728' : undefined,
            }}
          >
            {seg.text}
            {last && <sup className="span-label">{names}</sup>}
          </mark>
        );
      })}
    </div>
  );
}

/** Classification labels as chips in their class colours. */
export function LabelChips({ labels }: { labels: readonly Annotation[] }) {
  const style = useDrawStyle();
  return (
    <span className="chips">
      {labels.map((a) => (
        <span
          key={a.id}
          className="chip"
          data-label={style.className(a.class_id)}
          style={{ borderColor: classColor(style.colorIndex(a.class_id)) }}
        >
          {style.className(a.class_id)}
          {a.score !== undefined ? ` ${a.score.toFixed(2)}` : ''}
        </span>
      ))}
    </span>
  );
}
