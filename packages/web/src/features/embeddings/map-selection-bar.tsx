import type { MapRegion } from '@assay/api';
import { useState } from 'react';
import { showFiltered, useRoute } from '../../state/route.js';
import { useAuthor } from '../review/author-store.js';
import { useReviewWrite } from '../review/use-review-write.js';

/**
 * What to do with the points a lasso enclosed: show them in the grid (the filter's map `region`, which
 * the server evaluates: any number of points, a short URL), or tag them (one POST /api/edits batch of tag
 * edits, as `assay select --tag` writes them; undo reverts the batch).
 */
export function MapSelectionBar({
  sampleIds,
  region,
  revision,
  onClear,
}: {
  sampleIds: number[];
  region: MapRegion;
  revision: number | undefined;
  onClear: () => void;
}) {
  const filter = useRoute((r) => r.filter);
  const author = useAuthor((s) => s.author);
  const setAuthor = useAuthor((s) => s.setAuthor);
  const [tag, setTag] = useState('');
  const write = useReviewWrite(revision);
  const n = sampleIds.length;
  const tagIt = () => {
    const name = tag.trim();
    if (!name) return;
    void write.send(
      [{ op: 'tag', sample_ids: sampleIds, tag: name, reason: 'lasso on the embedding map' }],
      `Tagged ${n.toLocaleString('en-US')} samples "${name}"`,
    );
  };
  return (
    <div className="toolbar map-selection" data-selected={n}>
      <span>{n.toLocaleString('en-US')} selected</span>
      <button type="button" onClick={() => showFiltered({ ...filter, region })}>
        show in grid
      </button>
      <label>
        reviewer{' '}
        <input
          data-testid="map-author"
          value={author}
          placeholder="your name"
          maxLength={100}
          onChange={(e) => setAuthor(e.target.value)}
        />
      </label>
      <input
        data-testid="map-tag"
        value={tag}
        placeholder="tag"
        maxLength={200}
        onChange={(e) => setTag(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') tagIt();
        }}
      />
      <button type="button" data-testid="map-tag-apply" disabled={write.busy || !tag.trim()} onClick={tagIt}>
        tag
      </button>
      <button
        type="button"
        data-testid="map-undo"
        disabled={write.busy || !write.canUndo}
        onClick={() => void write.undo()}
      >
        undo
      </button>
      <button type="button" onClick={onClear}>
        clear
      </button>
      {write.note && (
        <span className={`note ${write.note.kind}`} data-testid="map-note" data-kind={write.note.kind}>
          {write.note.text}
        </span>
      )}
    </div>
  );
}
