import { decodeFilter, encodeFilter, type Filter } from '@assay/api';

export type ViewName = 'overview' | 'grid' | 'patches' | 'review' | 'map';

/** What the address bar holds: the view, the filter, and the open sample with its index in the filter. */
export interface Route {
  view: ViewName;
  filter: Filter;
  /** Open sample id, and its position in the current filter + sort (for ←/→). */
  sample: number | null;
  index: number | null;
}

const VIEWS: readonly ViewName[] = ['overview', 'grid', 'patches', 'review', 'map'];

function intParam(params: URLSearchParams, key: string): number | null {
  const v = params.get(key);
  if (v === null || !/^\d+$/.test(v)) return null;
  return Number(v);
}

export function routeFromSearch(search: string): Route {
  const params = new URLSearchParams(search);
  const v = params.get('v');
  return {
    view: VIEWS.includes(v as ViewName) ? (v as ViewName) : 'overview',
    filter: decodeFilter(params.get('f')).filter,
    sample: intParam(params, 's'),
    index: intParam(params, 'i'),
  };
}

export function searchFromRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.view !== 'overview') params.set('v', route.view);
  const f = encodeFilter(route.filter);
  if (f) params.set('f', f);
  if (route.sample !== null) params.set('s', String(route.sample));
  if (route.index !== null) params.set('i', String(route.index));
  const s = params.toString();
  return s ? `?${s}` : '';
}
