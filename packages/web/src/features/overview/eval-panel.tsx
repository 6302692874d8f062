import type { OverviewResponse } from '@assay/api';
import { useMemo } from 'react';
import { showFiltered } from '../../state/route.js';
import { EChart } from './echart.js';
import { apOption, confusionOption, prCurvesOption } from './overview-options.js';

type Evaluation = NonNullable<OverviewResponse['eval']>;

const pct = (v: number | null) => (v === null ? '—' : (100 * v).toFixed(1));

/** The latest eval run: mAP, TP/FP/FN, per-class AP, confusion matrix and PR curves, all clickable. */
export function EvalPanel({ evaluation: e }: { evaluation: Evaluation }) {
  const ap = useMemo(() => apOption(e.per_class_ap), [e]);
  const confusion = useMemo(
    () => (e.confusion ? confusionOption(e.confusion.labels, e.confusion.matrix) : null),
    [e],
  );
  const pr = useMemo(() => prCurvesOption(e.pr_curves), [e]);
  const sources = [e.gt, e.pred];
  return (
    <>
      <section className="panel wide" data-testid="eval-panel">
        <h2>
          Evaluation: {e.pred} against {e.gt}
        </h2>
        <div className="stat-row">
          <Stat id="map" label="mAP" value={pct(e.map)} />
          <Stat id="map50" label="AP50" value={pct(e.map50)} />
          {(['tp', 'fp', 'fn'] as const).map((o) => (
            <button
              key={o}
              type="button"
              className="stat link"
              data-stat={o}
              onClick={() => showFiltered({ outcome: [o], sources })}
            >
              <span className="stat-label">{o.toUpperCase()}</span>
              <span className="stat-value">{e.totals[o].toLocaleString('en-US')}</span>
            </button>
          ))}
        </div>
        <h3>AP per class</h3>
        <EChart option={ap} onClick={(c) => showFiltered({ classes: [c.name], sources })} />
      </section>
      {confusion && e.confusion && (
        <section className="panel">
          <h2>Confusion matrix</h2>
          <EChart
            option={confusion}
            height={360}
            onClick={(c) => {
              const [col, row] = c.value as [number, number, number];
              const labels = e.confusion?.labels ?? [];
              const truth = labels[row] ?? '';
              const predicted = labels[col] ?? '';
              const cls = truth === 'background' ? predicted : truth;
              showFiltered({ classes: [cls], sources, outcome: row === col ? ['tp'] : ['fp', 'fn'] });
            }}
          />
        </section>
      )}
      {e.pr_curves.length > 0 && (
        <section className="panel">
          <h2>Precision–recall</h2>
          <EChart
            option={pr}
            height={360}
            onClick={(c) => c.seriesName && showFiltered({ classes: [c.seriesName], sources })}
          />
        </section>
      )}
    </>
  );
}

function Stat({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="stat" data-stat={id}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}
