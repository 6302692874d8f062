import type { ValueCount } from '@assay/api';
import { useState } from 'react';

export interface FacetListProps {
  facetKey: string;
  title: string;
  values: readonly ValueCount[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
}

const SHOWN = 12;
const fmt = new Intl.NumberFormat('en-US');

/** A facet: its values with counts under the current filter, each a checkbox; selected values stay listed. */
export function FacetList({ facetKey, title, values, selected, onChange }: FacetListProps) {
  const [all, setAll] = useState(false);
  const listed = [...values];
  for (const s of selected) if (!listed.some((v) => v.value === s)) listed.push({ value: s, count: 0 });
  if (listed.length === 0) return null;
  const shown = all ? listed : listed.slice(0, SHOWN);
  const max = Math.max(1, ...listed.map((v) => v.count));
  return (
    <section className="facet" data-facet={facetKey}>
      <h3>{title}</h3>
      <ul>
        {shown.map((v) => {
          const on = selected.includes(v.value);
          return (
            <li key={v.value}>
              <label className={on ? 'on' : ''}>
                <input
                  type="checkbox"
                  checked={on}
                  onChange={() =>
                    onChange(on ? selected.filter((x) => x !== v.value) : [...selected, v.value])
                  }
                />
                <span className="facet-value" title={v.value}>
                  {v.value}
                </span>
                <span className="facet-count" data-count={v.count}>
                  {fmt.format(v.count)}
                </span>
                <span className="facet-bar" style={{ width: `${(100 * v.count) / max}%` }} />
              </label>
            </li>
          );
        })}
      </ul>
      {listed.length > SHOWN && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'fewer' : `all ${listed.length}`}
        </button>
      )}
    </section>
  );
}
