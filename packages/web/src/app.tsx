import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { AppHeader } from './app-header.js';
import { FilterSidebar } from './features/filters/filter-sidebar.js';
import { GridView } from './features/grid/grid-view.js';
import { PatchesView } from './features/patches/patches-view.js';
import { ReviewView } from './features/review/review-view.js';
import { SampleView } from './features/sample/sample-view.js';
import { useLiveUpdates } from './state/live-updates.js';
import { useRoute } from './state/route.js';

// The map carries regl-scatterplot (WebGL); loaded on first use like the overview.
const EmbeddingMapView = lazy(() =>
  import('./features/embeddings/embedding-map-view.js').then((m) => ({ default: m.EmbeddingMapView })),
);

// The overview carries ECharts; loaded on first use so the grid paints without it.
const OverviewPage = lazy(() =>
  import('./features/overview/overview-page.js').then((m) => ({ default: m.OverviewPage })),
);

const queryClient = new QueryClient({
  // Data changes only when the project does, and a `change` event invalidates every query (live-updates.ts),
  // so nothing goes stale by time: no refetch when another tile mounts or the window regains focus.
  defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, retry: 1 } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}

function Shell() {
  const change = useLiveUpdates();
  const view = useRoute((r) => r.view);
  const sample = useRoute((r) => r.sample);
  return (
    <div className="app">
      <AppHeader change={change} />
      <FilterSidebar />
      <main className="main">
        {view === 'overview' && (
          <Suspense fallback={<p className="muted">loading the overview…</p>}>
            <OverviewPage />
          </Suspense>
        )}
        {view === 'grid' && <GridView />}
        {view === 'patches' && <PatchesView />}
        {view === 'review' && <ReviewView />}
        {view === 'map' && (
          <Suspense fallback={<p className="muted">loading the map…</p>}>
            <EmbeddingMapView />
          </Suspense>
        )}
      </main>
      {sample !== null && <SampleView id={sample} />}
    </div>
  );
}
