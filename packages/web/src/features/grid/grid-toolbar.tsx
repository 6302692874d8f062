import { useProject } from '../../state/queries.js';
import { useUi } from '../../state/ui-store.js';

const fmt = new Intl.NumberFormat('en-US');

/** Menu names of the per-sample scores the server sorts by (ProjectResponse.score_sorts). */
const SCORE_LABELS: Record<string, string> = {
  outlier: 'outlier score',
  typicality: 'typicality',
  uniqueness: 'uniqueness',
  class_outlier: 'outlier within class',
  class_typicality: 'typicality within class',
  uncertainty: 'prediction uncertainty',
};

/** Count, sort, per-source toggles, confidence slider, colour mode, tile size. */
export function GridToolbar({ total }: { total: number | undefined }) {
  const project = useProject();
  const ui = useUi();
  const metrics = project.data?.metrics ?? [];
  const scores = project.data?.score_sorts ?? [];
  const sortValue = `${ui.sort.by}:${ui.sort.desc ? 'desc' : 'asc'}`;
  return (
    <div className="toolbar">
      <span className="total" data-testid="grid-total">
        {total === undefined ? '…' : `${fmt.format(total)} ${total === 1 ? 'sample' : 'samples'}`}
      </span>
      <label>
        sort{' '}
        <select
          value={sortValue}
          onChange={(e) => {
            const [by, dir] = e.target.value.split(':');
            ui.set({ sort: { by: by ?? 'id', desc: dir === 'desc' } });
          }}
        >
          <option value="id:asc">import order</option>
          <option value="path:asc">path</option>
          <option value="issue_score:desc">issue score ↓</option>
          {scores.flatMap((k) => [
            <option key={`${k}:desc`} value={`${k}:desc`}>
              {SCORE_LABELS[k] ?? k} ↓
            </option>,
            <option key={`${k}:asc`} value={`${k}:asc`}>
              {SCORE_LABELS[k] ?? k} ↑
            </option>,
          ])}
          {metrics.flatMap((m) => [
            <option key={`${m}:asc`} value={`${m}:asc`}>
              {m} ↑
            </option>,
            <option key={`${m}:desc`} value={`${m}:desc`}>
              {m} ↓
            </option>,
          ])}
        </select>
      </label>
      <span className="sources">
        {(project.data?.sources ?? []).map((s) => (
          <label key={s.name} className="source-toggle">
            <input
              type="checkbox"
              checked={!ui.hiddenSources.includes(s.name)}
              onChange={() => ui.toggleSource(s.name)}
            />
            {s.name}
          </label>
        ))}
      </span>
      <label title="predictions below this confidence are not drawn">
        confidence ≥ {ui.minScore.toFixed(2)}{' '}
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={ui.minScore}
          onChange={(e) => ui.set({ minScore: Number(e.target.value) })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={ui.colorBy === 'outcome'}
          onChange={(e) => ui.set({ colorBy: e.target.checked ? 'outcome' : 'class' })}
        />
        TP/FP/FN colours
      </label>
      <label>
        size{' '}
        <input
          type="range"
          min={100}
          max={400}
          step={20}
          value={ui.tileSize}
          onChange={(e) => ui.set({ tileSize: Number(e.target.value) })}
        />
      </label>
    </div>
  );
}
