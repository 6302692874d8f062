import type { Patch, PatchesRequest } from '@assay/api';
import { useEffect, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import { classColor } from '../../render/palette.js';
import { useDrawStyle } from '../../render/use-draw-style.js';
import { usePatches, useProject } from '../../state/queries.js';
import { useRoute } from '../../state/route.js';

const CROP = 112;
const LIMIT = 200;

type Sort = PatchesRequest['sort'];

/** Every annotation of one source (and class) as a crop, sorted by size, aspect or score. */
export function PatchesView() {
  const project = useProject();
  const filter = useRoute((r) => r.filter);
  const sources = project.data?.sources ?? [];
  const [source, setSource] = useState<string>('');
  const [cls, setCls] = useState<string>(filter.classes?.[0] ?? '');
  const [sort, setSort] = useState<Sort>('area');
  const [desc, setDesc] = useState(false);
  const [offset, setOffset] = useState(0);
  const chosen = source || sources[0]?.name || '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the first page.
  useEffect(() => setOffset(0), [chosen, cls, sort, desc, filter]);
  const req: PatchesRequest | null = chosen
    ? { filter, source: chosen, sort, desc, offset, limit: LIMIT, ...(cls ? { class: cls } : {}) }
    : null;
  const patches = usePatches(req);
  const total = patches.data?.total ?? 0;
  return (
    <div className="patches-view">
      <div className="toolbar">
        <label>
          source{' '}
          <select value={chosen} onChange={(e) => setSource(e.target.value)}>
            {sources.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          class{' '}
          <select value={cls} onChange={(e) => setCls(e.target.value)}>
            <option value="">every class</option>
            {(project.data?.classes ?? []).map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          sort{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="area">area</option>
            <option value="aspect">aspect</option>
            <option value="score">score</option>
            <option value="issue_score">label-quality issue score</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={desc} onChange={(e) => setDesc(e.target.checked)} /> descending
        </label>
        <span className="total" data-testid="patches-total">
          {total.toLocaleString('en-US')} objects
        </span>
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
          ← prev
        </button>
        <span className="muted">
          {total === 0 ? 0 : offset + 1}–{Math.min(total, offset + LIMIT)}
        </span>
        <button type="button" disabled={offset + LIMIT >= total} onClick={() => setOffset(offset + LIMIT)}>
          next →
        </button>
      </div>
      <ErrorNote error={patches.error} />
      <div className="patch-grid">
        {(patches.data?.items ?? []).map((p) => (
          <PatchCrop key={p.annotation_id} patch={p} />
        ))}
      </div>
    </div>
  );
}

/** One crop: the image scaled and shifted so the object's box fills the square (CSS only, no canvas). */
function PatchCrop({ patch: p }: { patch: Patch }) {
  const navigate = useRoute((r) => r.navigate);
  const style = useDrawStyle();
  const [broken, setBroken] = useState(false);
  const [x, y, w, h] = p.bbox;
  const W = p.width ?? 0;
  const H = p.height ?? 0;
  const s = CROP / Math.max(w, h, 1);
  const name = style.className(p.class_id);
  const score = p.score === null ? '' : ` ${p.score.toFixed(2)}`;
  return (
    <button
      type="button"
      className="patch"
      title={`${name}${score} · ${w.toFixed(0)}×${h.toFixed(0)}`}
      onClick={() => navigate({ sample: p.sample_id, index: null })}
      style={{ width: CROP, height: CROP, borderColor: classColor(style.colorIndex(p.class_id)) }}
    >
      {broken || !W || !H ? (
        <span className="placeholder">no image</span>
      ) : (
        <img
          src={api.thumbUrl(p.sample_id, Math.max(W, H) * s > 256 ? 512 : 256)}
          alt=""
          onError={() => setBroken(true)}
          style={{
            width: W * s,
            height: H * s,
            left: -x * s + (CROP - w * s) / 2,
            top: -y * s + (CROP - h * s) / 2,
          }}
        />
      )}
      <span className="patch-label">
        {name}
        {score}
      </span>
    </button>
  );
}
