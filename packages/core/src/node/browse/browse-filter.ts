import type { MapRegion } from './map-region.js';

/**
 * The filter of the app's grid, facets and patches (the same shape as `Filter` in @assay/api, which
 * validates it). Fields AND together; values inside one list OR.
 */
export interface BrowseFilter {
  classes?: string[];
  sources?: string[];
  splits?: string[];
  tags?: string[];
  issue_types?: string[];
  issue_status?: string[];
  metrics?: Record<string, [number | null, number | null]>;
  attributes?: Record<string, string[]>;
  score?: [number, number];
  outcome?: ('tp' | 'fp' | 'fn')[];
  languages?: string[];
  path?: string;
  ids?: number[];
  region?: MapRegion;
}
