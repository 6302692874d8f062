import type { Annotation, SampleItem } from '@assay/api';
import { useRoute } from '../../state/route.js';
import { HighlightedText, LabelChips } from './highlighted-text.js';

export interface TextCardProps {
  item: SampleItem;
  annotations: readonly Annotation[];
  size: number;
  index: number;
}

/**
 * A text sample in the grid: the start of its text with the spans of the first source that has any
 * (ground truth first), its class labels as chips, its language, and its issue count.
 */
export function TextCard({ item, annotations, size, index }: TextCardProps) {
  const navigate = useRoute((r) => r.navigate);
  const sources = [...new Set(annotations.map((a) => a.source))].sort((a, b) =>
    a === 'ground_truth' ? -1 : b === 'ground_truth' ? 1 : a.localeCompare(b),
  );
  const source = sources[0];
  const own = annotations.filter((a) => a.source === source);
  const text = item.text ?? '';
  return (
    <div className="tile text-tile" style={{ width: size }} data-sample={item.id} data-kind="text">
      <button
        type="button"
        className="text-card"
        style={{ width: size, height: size }}
        onClick={() => navigate({ sample: item.id, index })}
      >
        <HighlightedText
          text={text}
          spans={own.filter((a) => a.kind === 'span' && a.span && a.span.end <= text.length)}
          className="card-text"
        />
        <span className="card-foot">
          <LabelChips labels={own.filter((a) => a.kind === 'classification')} />
          {item.language && <span className="lang">{item.language}</span>}
        </span>
        {item.issue_count > 0 && <span className="badge">{item.issue_count}</span>}
      </button>
      <div className="caption" title={item.path}>
        {item.path}
      </div>
    </div>
  );
}
