import type { Filter } from '@assay/api';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorNote } from '../../error-note.js';
import { askFacetsFirst, useFacets } from '../../state/queries.js';
import { useRoute } from '../../state/route.js';
import { useUi } from '../../state/ui-store.js';
import { AttributeFilter } from './attribute-filter.js';
import { cleanFilter } from './clean-filter.js';
import { FacetList } from './facet-list.js';
import { MetricRange } from './metric-range.js';
import { PathSearch } from './path-search.js';
import { ScoreRange } from './score-range.js';
import { SelectionChips } from './selection-chips.js';

type ListKey =
  | 'classes'
  | 'sources'
  | 'splits'
  | 'tags'
  | 'issue_types'
  | 'issue_status'
  | 'outcome'
  | 'languages';
type FacetKey = 'class' | 'source' | 'split' | 'tag' | 'issue_type' | 'issue_status' | 'outcome' | 'language';

const LISTS: { facet: FacetKey; key: ListKey; title: string }[] = [
  { facet: 'class', key: 'classes', title: 'Class' },
  { facet: 'source', key: 'sources', title: 'Source' },
  { facet: 'split', key: 'splits', title: 'Split' },
  { facet: 'tag', key: 'tags', title: 'Tag' },
  { facet: 'issue_type', key: 'issue_types', title: 'Issue type' },
  { facet: 'issue_status', key: 'issue_status', title: 'Issue status' },
  { facet: 'outcome', key: 'outcome', title: 'Eval outcome' },
  { facet: 'language', key: 'languages', title: 'Language' },
];

/** The sidebar: every facet with its counts under the current filter; changes go to the URL. */
export function FilterSidebar() {
  const filter = useRoute((r) => r.filter);
  const navigate = useRoute((r) => r.navigate);
  // On a first visit to the grid, its page goes to the server before the (heavier) facet counts.
  const onGrid = useRoute((r) => r.view === 'grid');
  const gridReady = useUi((s) => s.gridReady);
  const facetsWanted = !onGrid || gridReady;
  const facets = useFacets(filter, facetsWanted);
  const client = useQueryClient();
  const update = (patch: Partial<Filter>) => {
    const view = useRoute.getState().view;
    const next = cleanFilter({ ...filter, ...patch });
    if (facetsWanted) askFacetsFirst(client, next);
    navigate({ filter: next, view: view === 'overview' ? 'grid' : view });
  };
  const data = facets.data?.facets;
  const active = Object.keys(filter).length > 0;
  return (
    <aside className="sidebar" data-testid="filters">
      <div className="sidebar-head">
        <strong>Filters</strong>
        {facets.data && (
          <span
            className="muted"
            data-testid="facet-total"
            title={`facets took ${facets.data.took_ms.toFixed(0)} ms`}
          >
            {facets.data.total.toLocaleString('en-US')} match
          </span>
        )}
        {active && (
          <button type="button" className="link" onClick={() => navigate({ filter: {} })}>
            clear
          </button>
        )}
      </div>
      <ErrorNote error={facets.error} />
      <SelectionChips filter={filter} regionPoints={facets.data?.region_points} onChange={update} />
      <PathSearch value={filter.path ?? ''} onChange={(path) => update({ path })} />
      {LISTS.map(({ facet, key, title }) => (
        <FacetList
          key={key}
          facetKey={facet}
          title={title}
          values={data?.[facet] ?? []}
          selected={(filter[key] as string[] | undefined) ?? []}
          onChange={(values) => update({ [key]: values } as Partial<Filter>)}
        />
      ))}
      <ScoreRange value={filter.score} onChange={(score) => update({ score })} />
      {Object.entries(data?.metrics ?? {}).map(([name, hist]) => (
        <MetricRange
          key={name}
          name={name}
          histogram={hist}
          value={filter.metrics?.[name]}
          onChange={(range) => {
            const metrics = { ...(filter.metrics ?? {}) };
            if (range) metrics[name] = range;
            else delete metrics[name];
            update({ metrics });
          }}
        />
      ))}
      <AttributeFilter
        enabled={facetsWanted}
        filter={filter}
        value={filter.attributes ?? {}}
        onChange={(attributes) => update({ attributes })}
      />
    </aside>
  );
}
