import {
  ApiError,
  type AttributeFacetsRequest,
  type Filter,
  type PatchesRequest,
  type SampleSort,
} from '@assay/api';
import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '../api-client.js';

/** Query keys name the route they read, so invalidation after a change is one call. */
export const keys = {
  project: ['/api/project'] as const,
  overview: ['/api/overview'] as const,
  facets: (filter: Filter) => ['/api/facets', filter] as const,
  attributeFacets: (req: AttributeFacetsRequest | null) => ['/api/facets/attributes', req] as const,
  samples: (filter: Filter, sort: SampleSort, offset: number, limit: number) =>
    ['/api/samples/query', filter, sort, offset, limit] as const,
  annotations: (ids: readonly number[]) => ['/api/annotations', ids] as const,
  sample: (id: number) => ['/api/samples/:id', id] as const,
  similar: (id: number) => ['/api/samples/:id/similar', id] as const,
  patches: (req: PatchesRequest) => ['/api/patches', req] as const,
};

export function useProject() {
  return useQuery({ queryKey: keys.project, queryFn: ({ signal }) => api.project(signal) });
}

export function useOverview() {
  return useQuery({ queryKey: keys.overview, queryFn: ({ signal }) => api.overview(signal) });
}

export function useFacets(filter: Filter, enabled = true) {
  return useQuery({
    queryKey: keys.facets(filter),
    queryFn: ({ signal }) => api.facets(filter, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * Asks for a new filter's facet counts at once, from the handler of the click that changes it (before the
 * app renders the change and the grid's page is asked), unless they are in the cache: the server counts
 * while the browser renders, and the counts, the click's answer, are first in the browser's queue.
 */
export function askFacetsFirst(client: QueryClient, filter: Filter): void {
  if (client.getQueryData(keys.facets(filter)) !== undefined) return;
  void client.prefetchQuery({
    queryKey: keys.facets(filter),
    queryFn: ({ signal }) => api.facets(filter, signal),
  });
}

/**
 * The number of samples `filter` selects, from its facet counts once they are in the cache (the sidebar
 * asks for them; this never fetches): the grid shows it while its own first page is on the way.
 */
export function useFacetTotal(filter: Filter): number | undefined {
  return useQuery({
    queryKey: keys.facets(filter),
    queryFn: ({ signal }) => api.facets(filter, signal),
    enabled: false,
    select: (answer) => answer.total,
  }).data;
}

/** Attribute values under a filter (top values per attribute, or one attribute's search); null = off. */
export function useAttributeFacets(req: AttributeFacetsRequest | null) {
  return useQuery({
    queryKey: keys.attributeFacets(req),
    queryFn: ({ signal }) => api.attributeFacets(req!, signal),
    enabled: req !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSamplePage(
  filter: Filter,
  sort: SampleSort,
  offset: number,
  limit: number,
  enabled = true,
) {
  return useQuery({
    queryKey: keys.samples(filter, sort, offset, limit),
    queryFn: ({ signal }) => api.samples({ filter, sort, offset, limit }, signal),
    enabled,
    staleTime: 30_000,
  });
}

/** Annotations of one page of samples (every source; hiding sources and low scores is done while drawing). */
export function useAnnotations(ids: readonly number[]) {
  return useQuery({
    queryKey: keys.annotations(ids),
    queryFn: ({ signal }) => api.annotations({ sample_ids: [...ids] }, signal),
    enabled: ids.length > 0,
    staleTime: 30_000,
  });
}

export function useSampleDetail(id: number | null) {
  return useQuery({
    queryKey: keys.sample(id ?? -1),
    queryFn: ({ signal }) => api.sample(id ?? -1, signal),
    enabled: id !== null,
  });
}

/** The nearest samples by embedding; undefined data (no error shown) when the project has no vectors. */
export function useSimilar(id: number) {
  return useQuery({
    queryKey: keys.similar(id),
    queryFn: async ({ signal }) => {
      try {
        return await api.similar(id, { k: 8 }, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });
}

export function usePatches(req: PatchesRequest | null) {
  return useQuery({
    queryKey: keys.patches(req ?? ({} as PatchesRequest)),
    queryFn: ({ signal }) => api.patches(req as PatchesRequest, signal),
    enabled: req !== null,
    placeholderData: keepPreviousData,
  });
}
