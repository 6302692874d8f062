import type { Filter } from '@assay/api';
import { create } from 'zustand';
import { type Route, routeFromSearch, searchFromRoute } from './route-url.js';

export type { Route, ViewName } from './route-url.js';

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
