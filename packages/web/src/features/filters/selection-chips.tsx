import type { Filter } from '@assay/api';

/**
 * The filter's selections from the embedding map, each a removable chip: the lasso's map region (its
 * point count from the facets answer, `region_points`) and a list of sample ids.
 */
export function SelectionChips({
  filter,
  regionPoints,
  onChange,
}: {
  filter: Filter;
  /** Undefined while the facets are loading. */
  regionPoints: number | undefined;
  onChange: (patch: Partial<Filter>) => void;
}) {
  if (!filter.region && !filter.ids) return null;
  return (
    <div className="filter-chips">
      {filter.region && (
        <span className="filter-chip" data-testid="region-chip" data-points={regionPoints ?? ''}>
          map region: {regionPoints === undefined ? '…' : regionPoints.toLocaleString('en-US')} points
          <button
            type="button"
            className="link"
            aria-label="remove the map region"
            onClick={() => onChange({ region: undefined })}
          >
            ×
          </button>
        </span>
      )}
      {filter.ids && (
        <span className="filter-chip" data-testid="ids-chip">
          selection: {filter.ids.length.toLocaleString('en-US')} samples
          <button
            type="button"
            className="link"
            aria-label="remove the selection"
            onClick={() => onChange({ ids: undefined })}
          >
            ×
          </button>
        </span>
      )}
    </div>
  );
}
