import type { ReviewFilter } from '@assay/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import type { View } from '../../render/renderer.js';
import { useProject, useSampleDetail } from '../../state/queries.js';
import { useRoute } from '../../state/route.js';
import { evidenceBoxes, paintEvidence } from '../sample/evidence.js';
import { SampleStage } from '../sample/sample-stage.js';
import { BoxHandles } from './box-handles.js';
import { HistoryList } from './history-list.js';
import { draftOf, type ShapeDraft, shapeEdits, withBox, withRings } from './polygon-edit.js';
import {
  acceptPredictionEdits,
  deleteEdits,
  predictionOf,
  reclassEdits,
  statusEdits,
} from './review-actions.js';
import { useReviewKeys } from './use-review-keys.js';
import { useReviewWrite } from './use-review-write.js';
import { VertexHandles } from './vertex-handles.js';
import { WriteNoteLine } from './write-note.js';

const SEVERITIES = ['error', 'warning', 'info'];

/**
 * The issue queue: one open issue at a time (errors first, then by score) under the sidebar's filter
 * (issue types, classes, sources, path) and the severity chosen here, its sample with the issue's
 * annotation selected and the evidence drawn; one key confirms, ignores or fixes it.
 */
export function IssueReview() {
  const routeFilter = useRoute((r) => r.filter);
  const navigate = useRoute((r) => r.navigate);
  const [severity, setSeverity] = useState('');
  const [position, setPosition] = useState(0);
  const filter: ReviewFilter = useMemo(
    () => ({
      ...(routeFilter.issue_types ? { types: routeFilter.issue_types } : {}),
      ...(routeFilter.issue_status ? { statuses: routeFilter.issue_status } : {}),
      ...(routeFilter.classes ? { classes: routeFilter.classes } : {}),
      ...(routeFilter.sources ? { sources: routeFilter.sources } : {}),
      ...(routeFilter.path ? { path: routeFilter.path } : {}),
      ...(severity ? { severities: [severity] } : {}),
    }),
    [routeFilter, severity],
  );
  const queue = useQuery({
    queryKey: ['/api/review/queue', filter, position],
    queryFn: ({ signal }) => api.reviewQueue({ filter, offset: position, limit: 1 }, signal),
    placeholderData: keepPreviousData,
  });
  const item = queue.data?.items[0] ?? null;
  const total = queue.data?.total ?? 0;
  useEffect(() => {
    if (queue.data && position > 0 && position >= queue.data.total)
      setPosition(Math.max(0, queue.data.total - 1));
  }, [queue.data, position]);

  const project = useProject();
  const classes = project.data?.classes ?? [];
  const detail = useSampleDetail(item?.sample_id ?? null);
  const annotation = detail.data?.annotations.find((a) => a.id === item?.annotation_id) ?? null;
  const [draft, setDraft] = useState<ShapeDraft | null>(null);
  // A polygon is shaped by its vertices (`v`) or, rescaled as a whole, by its box handles (`b`).
  const [mode, setMode] = useState<'vertices' | 'box'>('vertices');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new item (or a changed shape) starts a new draft.
  useEffect(() => {
    setDraft(annotation ? draftOf(annotation) : null);
    setMode('vertices');
  }, [item?.issue_id, annotation?.bbox?.join(), JSON.stringify(annotation?.polygon ?? null)]);

  const write = useReviewWrite(queue.data?.revision);
  const prediction = item ? predictionOf(item) : null;
  const shapeChange = item && annotation && draft ? shapeEdits(item, annotation, draft) : null;
  const polygonChanged = shapeChange?.[0]?.reason === 'review: adjust the polygon';

  const act = useCallback(
    (key: string) => {
      if (!item) return;
      if (key === 'c') void write.send(statusEdits(item, 'confirmed'), `Confirmed issue ${item.issue_id}`);
      else if (key === 'i') void write.send(statusEdits(item, 'ignored'), `Ignored issue ${item.issue_id}`);
      else if (key === 'a')
        void write.send(acceptPredictionEdits(item), `Accepted the prediction for issue ${item.issue_id}`);
      else if (key === 'x' || key === 'Delete')
        void write.send(deleteEdits(item), `Deleted annotation ${item.annotation_id}`);
      else if (key === 's' || key === 'Enter')
        void write.send(
          shapeChange,
          `Adjusted the ${polygonChanged ? 'polygon' : 'box'} of annotation ${item.annotation_id}`,
        );
      else if (key === 'v' || key === 'b') setMode(key === 'v' ? 'vertices' : 'box');
      else if (/^[1-9]$/.test(key)) {
        const cls = classes[Number(key) - 1];
        if (cls)
          void write.send(
            reclassEdits(item, cls.name),
            `Annotation ${item.annotation_id} is now ${cls.name}`,
          );
      }
    },
    [item, write, classes, shapeChange, polygonChanged],
  );
  useReviewKeys((key) => {
    if (key === 'u') void write.undo();
    else if (key === 'ArrowRight' || key === 'j') setPosition((p) => Math.min(p + 1, Math.max(0, total - 1)));
    else if (key === 'ArrowLeft' || key === 'k') setPosition((p) => Math.max(0, p - 1));
    else act(key);
  });

  const boxes = useMemo(
    () => (item ? evidenceBoxes({ ...item, id: item.issue_id, annotation_id: item.annotation_id }) : []),
    [item],
  );
  const extra = useCallback(
    (ctx: CanvasRenderingContext2D, view: View) => paintEvidence(ctx, boxes, view),
    [boxes],
  );
  const d = detail.data;

  return (
    <div className="review-issues" data-testid="issue-review">
      <div className="toolbar">
        <label>
          type{' '}
          <select
            data-testid="review-type"
            value={routeFilter.issue_types?.[0] ?? ''}
            onChange={(e) => {
              const { issue_types: _, ...rest } = routeFilter;
              navigate(
                { filter: e.target.value ? { ...rest, issue_types: [e.target.value] } : rest },
                { replace: true },
              );
              setPosition(0);
            }}
          >
            <option value="">every type</option>
            {(queue.data?.types ?? []).map((t) => (
              <option key={t.value} value={t.value}>
                {t.value} ({t.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          severity{' '}
          <select
            value={severity}
            onChange={(e) => {
              setSeverity(e.target.value);
              setPosition(0);
            }}
          >
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <span data-testid="review-position">
          {total === 0 ? 'nothing to review' : `${position + 1} of ${total} open`}
        </span>
        <span className="muted" data-testid="review-revision">
          revision {queue.data?.revision ?? '…'}
        </span>
      </div>
      <ErrorNote error={queue.error ?? detail.error} />
      <WriteNoteLine note={write.note} onReload={write.reload} />
      {item && d && (
        <div className="review-body">
          <SampleStage
            src={api.fullUrl(d.id)}
            width={d.width ?? 0}
            height={d.height ?? 0}
            annotations={d.annotations}
            missing={d.missing}
            extra={extra}
            highlightId={item.annotation_id}
            overlay={(view) =>
              !draft ? null : draft.rings && mode === 'vertices' ? (
                <VertexHandles
                  rings={draft.rings}
                  view={view}
                  onChange={(rings) => setDraft(withRings(rings))}
                />
              ) : (
                <BoxHandles
                  box={draft.box}
                  view={view}
                  onChange={(box) => setDraft((d) => (d ? withBox(d, box) : d))}
                />
              )
            }
          />
          <div className="review-panel" data-testid="review-panel" data-issue={item.issue_id}>
            <p className="review-path">{item.path}</p>
            <p>
              <strong data-testid="review-issue-type">{item.type}</strong> · {item.severity} · score{' '}
              {item.score.toFixed(2)} · {item.status}
            </p>
            <p className="review-reason">{item.reason}</p>
            {item.annotation_id !== null && (
              <p>
                annotation {item.annotation_id}:{' '}
                <strong data-testid="review-class">
                  {annotation ? (classes.find((c) => c.id === annotation.class_id)?.name ?? '-') : 'deleted'}
                </strong>{' '}
                ({item.source ?? '-'})
              </p>
            )}
            <h3>Keys</h3>
            <ul className="review-keys">
              <li>
                <kbd>c</kbd> confirm the issue · <kbd>i</kbd> ignore it
              </li>
              {prediction && (
                <li>
                  <kbd>a</kbd> accept the model's {prediction.class}
                  {item.annotation_id === null ? ' box (add it)' : ' (class and box)'}
                </li>
              )}
              {item.annotation_id !== null && (
                <li>
                  <kbd>x</kbd> delete the label
                </li>
              )}
              {item.annotation_id !== null && annotation?.bbox && !draft?.rings && (
                <li>
                  drag the handles, then <kbd>s</kbd> save the box{shapeChange ? ' (changed)' : ''}
                </li>
              )}
              {item.annotation_id !== null && draft?.rings && (
                <li data-testid="polygon-keys" data-mode={mode}>
                  {mode === 'vertices'
                    ? 'drag a vertex, drag an edge’s midpoint to add one, right-click (or Alt+click) a vertex to delete it; '
                    : 'drag the box handles to rescale the polygon; '}
                  <kbd>v</kbd> vertices · <kbd>b</kbd> box · <kbd>s</kbd> save
                  {shapeChange ? ' (changed)' : ''}
                </li>
              )}
              <li>
                <kbd>u</kbd> undo my last action · <kbd>←</kbd>/<kbd>→</kbd> previous / next
              </li>
            </ul>
            {item.annotation_id !== null && (
              <>
                <h3>Change the class</h3>
                <ol className="review-classes">
                  {classes.slice(0, 9).map((c, k) => (
                    <li key={c.id}>
                      <button type="button" data-class={c.name} onClick={() => act(String(k + 1))}>
                        <kbd>{k + 1}</kbd> {c.name}
                      </button>
                    </li>
                  ))}
                </ol>
              </>
            )}
            <div className="review-buttons">
              <button type="button" onClick={() => act('c')} disabled={write.busy}>
                confirm
              </button>
              <button type="button" onClick={() => act('i')} disabled={write.busy}>
                ignore
              </button>
              <button type="button" onClick={() => void write.undo()} disabled={write.busy || !write.canUndo}>
                undo
              </button>
            </div>
            <HistoryList sampleId={item.sample_id} />
          </div>
        </div>
      )}
    </div>
  );
}
