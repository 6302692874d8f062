import { ApiError } from '@assay/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import { useSampleDetail } from '../../state/queries.js';
import { SampleStage } from '../sample/sample-stage.js';
import { useAuthor } from './author-store.js';
import { useReviewKeys } from './use-review-keys.js';
import type { WriteNote } from './use-review-write.js';
import { WriteNoteLine } from './write-note.js';

const ERROR_KEYS: [string, string][] = [
  ['1', 'wrong_class'],
  ['2', 'bad_box'],
  ['3', 'missing_object'],
  ['4', 'extra_object'],
  ['5', 'other'],
];

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`;

/**
 * Sampled inspection (`assay inspect start` draws it): the next unjudged item of the latest inspection,
 * its annotation selected on the image; `y` says it is correct, 1–5 incorrect with the error kind.
 * The accuracy so far, with its Clopper–Pearson and Wilson intervals, is shown above.
 */
export function InspectionReview() {
  const client = useQueryClient();
  const author = useAuthor((s) => s.author);
  const [note, setNote] = useState<WriteNote | null>(null);
  const items = useQuery({
    queryKey: ['/api/inspection', 'pending'],
    queryFn: ({ signal }) => api.inspection({ pending: true, limit: 1 }, signal),
    retry: false,
  });
  const report = useQuery({
    queryKey: ['/api/inspection/report'],
    queryFn: ({ signal }) => api.inspectionReport(signal),
    retry: false,
  });
  const item = items.data?.items[0] ?? null;
  const detail = useSampleDetail(item?.sample_id ?? null);

  const mark = async (verdict: 'correct' | 'incorrect', error?: string) => {
    if (!item || !items.data) return;
    if (!author.trim()) {
      setNote({ kind: 'error', text: 'Enter your name first: every verdict records who gave it.' });
      return;
    }
    try {
      await api.inspectionMark({
        author,
        inspection: items.data.inspection.id,
        item: item.item,
        verdict,
        ...(error ? { error: error as 'other' } : {}),
      });
      setNote({ kind: 'ok', text: `Item ${item.item}: ${verdict}${error ? ` (${error})` : ''}` });
      await client.invalidateQueries();
    } catch (e) {
      setNote({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };
  useReviewKeys((key) => {
    if (key === 'y') void mark('correct');
    const kind = ERROR_KEYS.find(([k]) => k === key)?.[1];
    if (kind) void mark('incorrect', kind);
  });

  if (items.error instanceof ApiError && items.error.status === 404)
    return (
      <p className="muted" data-testid="no-inspection">
        No inspection yet: draw one with <code>assay inspect start --confidence 0.95 --margin 0.05</code>.
      </p>
    );
  const r = report.data;
  const d = detail.data;
  return (
    <div className="review-issues" data-testid="inspection-review">
      <ErrorNote error={items.error ?? report.error ?? detail.error} />
      {r && (
        <p className="toolbar" data-testid="inspection-summary">
          Inspection {r.inspection.id}: {r.judged} of {r.inspection.size} judged · accuracy{' '}
          {pct(r.estimate.overall.accuracy)} · Clopper–Pearson {pct(r.estimate.overall.clopper_pearson?.low)}–
          {pct(r.estimate.overall.clopper_pearson?.high)} · Wilson {pct(r.estimate.overall.wilson?.low)}–
          {pct(r.estimate.overall.wilson?.high)} ({(100 * r.estimate.confidence).toFixed(0)}%)
        </p>
      )}
      <WriteNoteLine note={note} onReload={() => void client.invalidateQueries()} />
      {!item && items.data && <p data-testid="inspection-done">Every drawn item is judged.</p>}
      {item && d && (
        <div className="review-body">
          <SampleStage
            src={api.fullUrl(d.id)}
            width={d.width ?? 0}
            height={d.height ?? 0}
            annotations={d.annotations.filter((a) => a.id === item.annotation_id)}
            missing={d.missing}
            highlightId={item.annotation_id}
          />
          <div className="review-panel" data-testid="inspection-panel" data-item={item.item}>
            <p className="review-path">{item.path ?? '(sample excluded since)'}</p>
            <p>
              item {item.item} · annotation {item.annotation_id} · labelled{' '}
              <strong>{item.label ?? '-'}</strong> ({item.stratum})
            </p>
            <h3>Is this label right?</h3>
            <ul className="review-keys">
              <li>
                <kbd>y</kbd> correct
              </li>
              {ERROR_KEYS.map(([k, kind]) => (
                <li key={k}>
                  <kbd>{k}</kbd> incorrect: {kind.replace('_', ' ')}
                </li>
              ))}
            </ul>
            <div className="review-buttons">
              <button type="button" onClick={() => void mark('correct')}>
                correct
              </button>
              <button type="button" onClick={() => void mark('incorrect', 'other')}>
                incorrect
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
