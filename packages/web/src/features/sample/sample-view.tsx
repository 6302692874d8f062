import type { SampleIssue } from '@assay/api';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import type { View } from '../../render/renderer.js';
import { useVisibleAnnotations } from '../../render/use-draw-style.js';
import { useSampleDetail } from '../../state/queries.js';
import { useRoute } from '../../state/route.js';
import { useUi } from '../../state/ui-store.js';
import { TextStage } from '../text/text-stage.js';
import { evidenceBoxes, paintEvidence } from './evidence.js';
import { SamplePanel } from './sample-panel.js';
import { SampleStage } from './sample-stage.js';

// The 3D view carries three.js; loaded when a point-cloud sample is opened.
const LidarView = lazy(() => import('../lidar/lidar-view.js').then((m) => ({ default: m.LidarView })));

/** The sample view: full image with zoom and pan, its annotations, issues and metrics; ←/→ and Esc. */
export function SampleView({ id }: { id: number }) {
  const detail = useSampleDetail(id);
  const filter = useRoute((r) => r.filter);
  const index = useRoute((r) => r.index);
  const navigate = useRoute((r) => r.navigate);
  const sort = useUi((s) => s.sort);
  const [issue, setIssue] = useState<SampleIssue | null>(null);
  const d = detail.data;
  const visible = useVisibleAnnotations(d?.annotations, {});

  const step = useCallback(
    async (delta: number) => {
      if (index === null) return;
      const next = index + delta;
      if (next < 0) return;
      const page = await api.samples({ filter, sort, offset: next, limit: 1 });
      const item = page.items[0];
      if (item) navigate({ sample: item.id, index: next }, { replace: true });
    },
    [index, filter, sort, navigate],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        navigate({ sample: null, index: null });
        return;
      }
      // Arrow keys belong to text fields, sliders and selects while they have focus.
      const t = e.target;
      if (t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && t.type !== 'checkbox')) return;
      if (e.key === 'ArrowRight') void step(1);
      else if (e.key === 'ArrowLeft') void step(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, step]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new sample drops the selected issue.
  useEffect(() => setIssue(null), [id]);
  const boxes = useMemo(() => (issue ? evidenceBoxes(issue) : []), [issue]);
  const extra = useCallback(
    (ctx: CanvasRenderingContext2D, view: View) => paintEvidence(ctx, boxes, view),
    [boxes],
  );

  return (
    <div className="modal" role="dialog" aria-label="sample" data-testid="sample-view">
      <div className="modal-bar">
        <span className="sample-path" data-testid="sample-path">
          {d?.path ?? '…'}
        </span>
        {index !== null && <span className="muted">#{index + 1} of the filter · ←/→ to move</span>}
        <button type="button" onClick={() => void step(-1)} disabled={index === null || index === 0}>
          ← prev
        </button>
        <button type="button" onClick={() => void step(1)} disabled={index === null}>
          next →
        </button>
        <button type="button" onClick={() => navigate({ sample: null, index: null })}>
          close (Esc)
        </button>
      </div>
      <ErrorNote error={detail.error} />
      {d && (
        <div className="modal-body">
          {d.kind === 'text' ? (
            <TextStage text={d.text ?? ''} annotations={d.annotations} />
          ) : d.kind === 'point_cloud' ? (
            <Suspense fallback={<p className="muted">loading the 3D view…</p>}>
              <LidarView key={d.id} sampleId={d.id} />
            </Suspense>
          ) : (
            <SampleStage
              src={api.fullUrl(d.id)}
              width={d.width ?? 0}
              height={d.height ?? 0}
              annotations={visible}
              missing={d.missing}
              problem={d.scan_status}
              extra={extra}
              highlightId={issue?.annotation_id ?? null}
            />
          )}
          <SamplePanel detail={d} selectedIssue={issue} onSelectIssue={setIssue} />
        </div>
      )}
    </div>
  );
}
