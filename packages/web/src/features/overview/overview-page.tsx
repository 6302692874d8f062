import { useMemo } from 'react';
import { ErrorNote } from '../../error-note.js';
import { useOverview, useProject } from '../../state/queries.js';
import { showFiltered } from '../../state/route.js';
import { EChart } from './echart.js';
import { EvalPanel } from './eval-panel.js';
import { classDistributionOption, histogramOption, issuesOption } from './overview-options.js';
import { ProjectTables } from './project-tables.js';

/** The overview: counts, distributions, metrics, issues, latest eval and agreement; every mark filters. */
export function OverviewPage() {
  const project = useProject();
  const overview = useOverview();
  const data = overview.data;
  const classes = useMemo(() => (project.data?.classes ?? []).map((c) => c.name), [project.data]);
  const bySplit = useMemo(
    () =>
      classDistributionOption(
        data?.class_distribution.filter((r) => r.source === 'ground_truth') ?? [],
        'split',
        classes,
      ),
    [data, classes],
  );
  const bySource = useMemo(
    () => classDistributionOption(data?.class_distribution ?? [], 'source', classes),
    [data, classes],
  );
  const issues = useMemo(() => issuesOption(data?.issues ?? []), [data]);
  if (overview.error) return <ErrorNote error={overview.error} />;
  return (
    <div className="overview">
      <ProjectTables />
      {data && (
        <>
          <section className="panel wide">
            <h2>Ground-truth classes per split</h2>
            <EChart
              option={bySplit}
              testId="chart-class-split"
              onClick={(e) =>
                showFiltered({ classes: [e.name], sources: ['ground_truth'], splits: [e.seriesName ?? ''] })
              }
            />
          </section>
          <section className="panel wide">
            <h2>Classes per source</h2>
            <EChart
              option={bySource}
              testId="chart-class-source"
              onClick={(e) => showFiltered({ classes: [e.name], sources: [e.seriesName ?? ''] })}
            />
          </section>
          <section className="panel wide" data-testid="issues-panel">
            <h2>Open issues by type and severity</h2>
            {data.issues.length === 0 ? (
              <p className="muted">No open issues. Run `assay check` to look for some.</p>
            ) : (
              <>
                <IssueCounts issues={data.issues} />
                <EChart
                  option={issues}
                  height={Math.max(160, 28 * new Set(data.issues.map((i) => i.type)).size + 60)}
                  testId="chart-issues"
                  onClick={(e) => showFiltered({ issue_types: [e.name] })}
                />
              </>
            )}
          </section>
          {data.metrics.map((m) => (
            <MetricPanel key={m.name} metric={m} />
          ))}
          {data.eval && <EvalPanel evaluation={data.eval} />}
          {data.agreement && (
            <section className="panel">
              <h2>Agreement ({data.agreement.kind})</h2>
              <table className="kv">
                <tbody>
                  {Object.entries(data.agreement.summary).map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td>{typeof v === 'number' ? v.toFixed(3) : JSON.stringify(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function IssueCounts({ issues }: { issues: { type: string; severity: string; count: number }[] }) {
  const byType = new Map<string, number>();
  for (const i of issues) byType.set(i.type, (byType.get(i.type) ?? 0) + i.count);
  return (
    <ul className="issue-counts">
      {[...byType].map(([type, count]) => (
        <li key={type} data-issue-type={type}>
          <button type="button" className="link" onClick={() => showFiltered({ issue_types: [type] })}>
            {type}
          </button>{' '}
          <span className="issue-count">{count}</span>
        </li>
      ))}
    </ul>
  );
}

type Metric = NonNullable<ReturnType<typeof useOverview>['data']>['metrics'][number];

function MetricPanel({ metric }: { metric: Metric }) {
  const option = useMemo(() => histogramOption(metric.bins, metric.counts, metric.unit), [metric]);
  return (
    <section className="panel small">
      <h2>
        {metric.name} {metric.unit && <span className="muted">({metric.unit})</span>}
      </h2>
      <EChart
        option={option}
        height={160}
        onClick={(e) =>
          showFiltered({
            metrics: {
              [metric.name]: [metric.bins[e.dataIndex] ?? null, metric.bins[e.dataIndex + 1] ?? null],
            },
          })
        }
      />
    </section>
  );
}
