import type { Annotation, Filter, SampleItem, SampleSort } from '@assay/api';
import { useQueries } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../../api-client.js';
import { keys } from '../../state/queries.js';

/** Samples per request: a page is fetched when one of its rows comes into view. */
export const PAGE = 100;

export interface GridPages {
  /** The filter and sort the pages are of (JSON). */
  key: string;
  /** The sample at a position in the filter, when its page has arrived. */
  item: (index: number) => SampleItem | undefined;
  /** Annotations of a sample on a loaded page (every source). */
  annotations: (id: number) => Annotation[] | undefined;
  total: number | undefined;
  error: Error | null;
  /** Every loaded page's annotations have arrived (or failed): the tiles in view are drawn. */
  annotated: boolean;
}

/**
 * Fetches the pages that cover [first, last] of the current filter and sort, and the annotations of
 * their samples (one request per page). Pages out of view are not fetched; a million rows cost only
 * what is on screen.
 */
export function useGridPages(filter: Filter, sort: SampleSort, first: number, last: number): GridPages {
  const pages: number[] = [];
  for (let p = Math.floor(Math.max(0, first) / PAGE); p <= Math.floor(Math.max(0, last) / PAGE); p++)
    pages.push(p);
  if (pages.length === 0) pages.push(0);

  const sampleQueries = useQueries({
    queries: pages.map((p) => ({
      queryKey: keys.samples(filter, sort, p * PAGE, PAGE),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.samples({ filter, sort, offset: p * PAGE, limit: PAGE }, signal),
      staleTime: 30_000,
    })),
  });
  const idLists = sampleQueries.map((q) => q.data?.items.map((i) => i.id) ?? []);
  const annotationQueries = useQueries({
    queries: idLists.map((ids) => ({
      queryKey: keys.annotations(ids),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.annotations({ sample_ids: ids }, signal),
      enabled: ids.length > 0,
      staleTime: 30_000,
    })),
  });

  const annotated = annotationQueries.every((q, k) => idLists[k]!.length === 0 || q.isSuccess || q.isError);
  const sampleData = sampleQueries.map((q) => q.data);
  const annotationData = annotationQueries.map((q) => q.data);
  // The total of this filter and sort stays known while the pages of a new window load (else the grid
  // would collapse to no rows, lose its scroll position and jump back to the top).
  const key = JSON.stringify([filter, sort]);
  const known = useRef<{ key: string; total: number } | null>(null);
  const fresh = sampleData.find((d) => d !== undefined)?.total;
  if (fresh !== undefined) known.current = { key, total: fresh };
  const total = fresh ?? (known.current?.key === key ? known.current.total : undefined);
  const error = sampleQueries.find((q) => q.error)?.error ?? null;
  const byPage = new Map<number, SampleItem[]>();
  pages.forEach((p, k) => {
    const items = sampleData[k]?.items;
    if (items) byPage.set(p, items);
  });
  const anns = new Map<number, Annotation[]>();
  for (const d of annotationData) {
    if (!d) continue;
    for (const [id, list] of Object.entries(d.samples)) anns.set(Number(id), list);
  }
  return {
    key,
    item: (index: number) => byPage.get(Math.floor(index / PAGE))?.[index % PAGE],
    annotations: (id: number) => anns.get(id),
    total,
    error,
    annotated,
  };
}
