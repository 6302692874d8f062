import type { Filter } from '@assay/api';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api-client.js';
import { keys } from '../../state/queries.js';

/**
 * The longest a new filter's tiles wait for its counts once their page is in, ms: a slow count (no facet index
 * yet) does not hold them long.
 */
export const COUNTS_FIRST_MS = 400;

/**
 * Whether the grid holds a new filter's tiles back (their thumbnails, the page's annotations and the canvases):
 * while the sidebar's facet counts of the filter are on their way, and until the frame after they arrive, at most
 * COUNTS_FIRST_MS after the page (`pageIn`). The tiles' work in the browser and the server (a thumbnail request and a canvas per tile) would
 * otherwise share the machine's cores with the counts, which answer the click. Never holds when the counts are
 * in the cache or not asked (the first page on opening comes before the counts).
 */
export function useTilesAfterCounts(filter: Filter, pageIn: boolean): boolean {
  // An observer of the sidebar's query: it never fetches, it only sees whether the counts are on their way.
  const counts = useQuery({
    queryKey: keys.facets(filter),
    queryFn: ({ signal }) => api.facets(filter, signal),
    enabled: false,
  });
  const waiting = counts.data === undefined && counts.fetchStatus === 'fetching';
  const key = JSON.stringify(filter);
  // `settling`: the filter whose counts were awaited, held until the frame after they are shown;
  // `released`: the filter whose counts took longer than COUNTS_FIRST_MS after its page (its tiles go ahead).
  const [settling, setSettling] = useState<string | null>(null);
  const [released, setReleased] = useState<string | null>(null);
  useEffect(() => {
    if (waiting) {
      setSettling(key);
      if (!pageIn) return;
      const timer = setTimeout(() => {
        setReleased(key);
        setSettling(null);
      }, COUNTS_FIRST_MS);
      return () => clearTimeout(timer);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setSettling(null));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [key, waiting, pageIn]);
  return (waiting && released !== key) || settling === key;
}
