import type { Annotation, SampleItem } from '@assay/api';
import { memo, useState } from 'react';
import { api } from '../../api-client.js';
import { AnnotationCanvas } from '../../render/annotation-canvas.js';
import { placeholderText } from '../../render/media-placeholder.js';
import { containView } from '../../render/renderer.js';
import { useVisibleAnnotations } from '../../render/use-draw-style.js';
import { markThumbMissing, thumbKnownMissing } from '../../state/missing-thumbs.js';
import { useRoute } from '../../state/route.js';
import { TextCard } from '../text/text-card.js';

export interface SampleTileProps {
  item: SampleItem | undefined;
  annotations: Annotation[] | undefined;
  size: number;
  /** Position in the current filter and sort (for ←/→ in the sample view). */
  index: number;
}

/** One grid tile: the thumbnail, one canvas with its annotations, and its file name. */
export const SampleTile = memo(function SampleTile({ item, annotations, size, index }: SampleTileProps) {
  const navigate = useRoute((r) => r.navigate);
  const filter = useRoute((r) => r.filter);
  const visible = useVisibleAnnotations(annotations, filter);
  const [broken, setBroken] = useState(false);
  if (!item) return <div className="tile loading" style={{ width: size }} />;
  if (item.kind === 'text') return <TextCard item={item} annotations={visible} size={size} index={index} />;
  const name = item.path.split('/').pop() ?? item.path;
  const missing = item.missing || broken || thumbKnownMissing(item.id);
  const view = containView(item.width ?? 0, item.height ?? 0, size, size);
  const placeholder = placeholderText(item.media_problem);
  return (
    <div
      className="tile"
      style={{ width: size }}
      data-sample={item.id}
      data-annotated={annotations === undefined ? undefined : ''}
    >
      <button
        type="button"
        className="tile-image"
        style={{ width: size, height: size }}
        onClick={() => navigate({ sample: item.id, index })}
      >
        {missing ? (
          <div
            className="placeholder"
            title={placeholder.title}
            data-problem={item.media_problem ?? undefined}
          >
            <span>{placeholder.text}</span>
          </div>
        ) : (
          <>
            {/* Low priority: a tile's ~50 thumbnails queue for the browser's 6 connections to the server, and the
                filter's own requests (facet counts, pages) go first when one frees. */}
            <img
              src={api.thumbUrl(item.id, size > 256 ? 512 : 256)}
              fetchPriority="low"
              alt=""
              draggable={false}
              onError={() => {
                markThumbMissing(item.id);
                setBroken(true);
              }}
            />
            {item.width && item.height ? (
              <AnnotationCanvas annotations={visible} width={size} height={size} view={view} />
            ) : null}
          </>
        )}
        {item.issue_count > 0 && <span className="badge">{item.issue_count}</span>}
      </button>
      <div className="caption" title={item.path}>
        {name}
      </div>
    </div>
  );
});
