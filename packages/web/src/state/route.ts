import { decodeFilter, encodeFilter, type Filter } from '@assay/api';
import { create } from 'zustand';

export type ViewName = 'overview' | 'grid' | 'patches';

/** What the address bar holds: the view, the filter, and the open sample with its index in the filter. */
export interface Route {
  view: ViewName;
  filter: Filter;
  /** Open sample id, and its position in the current filter + sort (for ←/→). */
  sample: number | null;
  index: number | null;
}

const VIEWS: readonly ViewName[] = ['overview', 'grid', 'patches'];

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

interface RouteStore extends Route {
  /** Changes the route and pushes a history entry (replace: swaps the current one, for ←/→ in a sample). */
  navigate: (patch: Partial<Route>, options?: { replace?: boolean }) => void;
}

/** The route lives in the URL; this store mirrors it so components re-render on change (and on Back). */
export const useRoute = create<RouteStore>((set, get) => ({
  ...routeFromSearch(window.location.search),
  navigate: (patch, options) => {
    const { navigate: _, ...current } = get();
    const next: Route = { ...current, ...patch };
    const search = searchFromRoute(next);
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}`;
      if (options?.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    set(next);
  },
}));

window.addEventListener('popstate', () => {
  useRoute.setState(routeFromSearch(window.location.search));
});

/** Sets the filter and shows the grid: what every chart click and facet does. */
export function showFiltered(filter: Filter): void {
  useRoute.getState().navigate({ filter, view: 'grid', sample: null, index: null });
}
