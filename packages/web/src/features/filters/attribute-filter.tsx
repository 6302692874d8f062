import type { AttributeFacet, Filter } from '@assay/api';
import { useEffect, useState } from 'react';
import { useAttributeFacets } from '../../state/queries.js';
import { TOP_VALUES } from './attribute-limits.js';

const fmt = new Intl.NumberFormat('en-US');

/**
 * Annotation attributes as facets: per attribute its most frequent values under the current filter
 * (checkboxes with counts), how many distinct values it has, and a search over all of them; selected
 * values stay listed as removable chips.
 */
export function AttributeFilter({
  enabled,
  filter,
  value,
  onChange,
}: {
  /** False until the grid's first page has come (it goes to the server first). */
  enabled: boolean;
  filter: Filter;
  value: Record<string, string[]>;
  onChange: (attributes: Record<string, string[]>) => void;
}) {
  // Counts under the filter without this facet's own choices (as the other facets' lists stay complete).
  const { attributes: _own, ...rest } = filter;
  const facets = useAttributeFacets(enabled ? { filter: rest, limit: TOP_VALUES } : null);
  const list = facets.data?.attributes ?? [];
  const toggle = (k: string, v: string) => {
    const now = value[k] ?? [];
    const next = { ...value, [k]: now.includes(v) ? now.filter((x) => x !== v) : [...now, v] };
    if (next[k]?.length === 0) delete next[k];
    onChange(next);
  };
  const names = [...new Set([...list.map((a) => a.name), ...Object.keys(value)])];
  if (names.length === 0) return null;
  return (
    <section className="facet" data-facet="attributes">
      <h3>Attributes</h3>
      {names.map((name) => (
        <AttributeValues
          key={name}
          name={name}
          facet={list.find((a) => a.name === name)}
          filter={rest}
          selected={value[name] ?? []}
          onToggle={(v) => toggle(name, v)}
        />
      ))}
    </section>
  );
}

function AttributeValues({
  name,
  facet,
  filter,
  selected,
  onToggle,
}: {
  name: string;
  facet: AttributeFacet | undefined;
  filter: Filter;
  selected: readonly string[];
  onToggle: (value: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSearch(typed.trim()), 200);
    return () => clearTimeout(t);
  }, [typed]);
  const found = useAttributeFacets(search ? { filter, name, search, limit: TOP_VALUES } : null);
  const source = search ? found.data?.attributes[0] : facet;
  const values = [...(source?.values ?? [])];
  for (const s of selected) if (!values.some((v) => v.value === s)) values.push({ value: s, count: 0 });
  const distinct = source?.distinct ?? 0;
  return (
    <div className="attribute" data-attribute={name}>
      <div className="attribute-head">
        <strong title={name}>{name}</strong>{' '}
        <span className="muted" data-testid="attribute-distinct">
          {search ? `${fmt.format(distinct)} matching` : `${fmt.format(distinct)} values`}
        </span>
      </div>
      {(distinct > TOP_VALUES || search) && (
        <input
          type="search"
          className="attribute-search"
          placeholder={`search ${name}`}
          aria-label={`search values of ${name}`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      )}
      <ul>
        {values.map((v) => {
          const on = selected.includes(v.value);
          return (
            <li key={v.value}>
              <label className={on ? 'on' : ''}>
                <input type="checkbox" checked={on} onChange={() => onToggle(v.value)} />
                <span className="facet-value" title={v.value}>
                  {v.value}
                </span>
                <span className="facet-count" data-count={v.count}>
                  {fmt.format(v.count)}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {distinct > values.length && (
        <span className="muted" data-testid="attribute-more">
          {fmt.format(distinct - Math.min(distinct, source?.values.length ?? 0))} more — search to find them
        </span>
      )}
    </div>
  );
}
