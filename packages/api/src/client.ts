import type { z } from 'zod';
import { AnnotationsRequest, AnnotationsResponse } from './annotations.js';
import { ApiError, ErrorBody } from './errors.js';
import { FacetsResponse } from './facets.js';
import type { Filter } from './filter.js';
import { OverviewResponse } from './overview.js';
import { PatchesRequest, PatchesResponse } from './patches.js';
import { ProjectResponse } from './project.js';
import { SampleDetail, SamplesQueryRequest, SamplesQueryResponse } from './samples.js';
import { SimilarResponse } from './similar.js';

export interface ClientOptions {
  /** The server's token (from `?token=` of the printed URL); sent as `Authorization: Bearer`. */
  token?: string;
  /** fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** The typed API client: every response is parsed with its zod schema (a mismatch throws). */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const headers = (json: boolean): Record<string, string> => ({
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  });

  async function call<T extends z.ZodType>(schema: T, path: string, body?: unknown, signal?: AbortSignal) {
    const init: RequestInit = {
      method: body === undefined ? 'GET' : 'POST',
      headers: headers(body !== undefined),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal) init.signal = signal;
    const res = await doFetch(`${base}${path}`, init);
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(data);
      throw new ApiError(
        res.status,
        parsed.success ? parsed.data.error : { code: 'INTERNAL', message: `HTTP ${res.status} from ${path}` },
      );
    }
    return schema.parse(data) as z.infer<T>;
  }

  const tokenQuery = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
  return {
    project: (signal?: AbortSignal) => call(ProjectResponse, '/api/project', undefined, signal),
    overview: (signal?: AbortSignal) => call(OverviewResponse, '/api/overview', undefined, signal),
    samples: (req: SamplesQueryRequest, signal?: AbortSignal) =>
      call(SamplesQueryResponse, '/api/samples/query', SamplesQueryRequest.parse(req), signal),
    sample: (id: number, signal?: AbortSignal) => call(SampleDetail, `/api/samples/${id}`, undefined, signal),
    similar: (id: number, query: { k?: number; model?: string } = {}, signal?: AbortSignal) => {
      const params = new URLSearchParams();
      if (query.k !== undefined) params.set('k', String(query.k));
      if (query.model !== undefined) params.set('model', query.model);
      const qs = params.size > 0 ? `?${params}` : '';
      return call(SimilarResponse, `/api/samples/${id}/similar${qs}`, undefined, signal);
    },
    facets: (filter: Filter, signal?: AbortSignal) => call(FacetsResponse, '/api/facets', { filter }, signal),
    annotations: (req: AnnotationsRequest, signal?: AbortSignal) =>
      call(AnnotationsResponse, '/api/annotations', AnnotationsRequest.parse(req), signal),
    patches: (req: PatchesRequest, signal?: AbortSignal) =>
      call(PatchesResponse, '/api/patches', PatchesRequest.parse(req), signal),
    /** URLs for <img src> (the token goes in the query: an <img> cannot send headers). */
    thumbUrl: (id: number, size = 256) =>
      `${base}/api/media/${id}/thumb?size=${size}${tokenQuery ? `&${tokenQuery.slice(1)}` : ''}`,
    fullUrl: (id: number) => `${base}/api/media/${id}/full${tokenQuery}`,
    eventsUrl: () => `${base}/api/events${tokenQuery}`,
  };
}
export type AssayClient = ReturnType<typeof createClient>;
