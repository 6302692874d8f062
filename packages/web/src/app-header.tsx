import { useProject } from './state/queries.js';
import { useRoute, type ViewName } from './state/route.js';

const TABS: { view: ViewName; label: string }[] = [
  { view: 'overview', label: 'Overview' },
  { view: 'grid', label: 'Samples' },
  { view: 'patches', label: 'Objects' },
  { view: 'review', label: 'Review' },
  { view: 'map', label: 'Map' },
];

const fmt = new Intl.NumberFormat('en-US');

/** Project name, its counts, the view tabs, and whether live updates are connected. */
export function AppHeader({ change }: { change: number | null }) {
  const project = useProject();
  const view = useRoute((r) => r.view);
  const navigate = useRoute((r) => r.navigate);
  const counts = project.data?.counts;
  return (
    <header className="header">
      <strong className="brand">Assay</strong>
      <span className="project-name" title={project.data?.root}>
        {project.data?.name ?? '…'}
      </span>
      <nav className="tabs">
        {TABS.map((t) => (
          <button
            key={t.view}
            type="button"
            className={t.view === view ? 'tab active' : 'tab'}
            onClick={() => navigate({ view: t.view, sample: null, index: null })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      {counts && (
        <dl className="counts">
          <Count name="samples" value={counts.samples} />
          <Count name="annotations" value={counts.annotations} />
          <Count name="classes" value={counts.classes} />
          <Count name="open_issues" label="open issues" value={counts.open_issues} />
        </dl>
      )}
      {project.error && <span className="error">{project.error.message}</span>}
      <span className={change === null ? 'live off' : 'live'} title="live updates (server-sent events)">
        {change === null ? 'offline' : 'live'}
      </span>
    </header>
  );
}

function Count({ name, value, label }: { name: string; value: number; label?: string }) {
  return (
    <div className="count" data-count={name}>
      <dt>{label ?? name}</dt>
      <dd>{fmt.format(value)}</dd>
    </div>
  );
}
