import type { z } from 'zod';
import { AnnotationsRequest, AnnotationsResponse } from './annotations.js';
import { AttributeFacetsRequest, AttributeFacetsResponse } from './attribute-facets.js';
import { decodeColumns, EmbeddingMapResponse, MapColoursHeader, MapPointsHeader } from './embedding-map.js';
import { ApiError, ErrorBody } from './errors.js';
import { FacetsResponse } from './facets.js';
import type { Filter } from './filter.js';
import {
  InspectionItemsResponse,
  InspectionMarkRequest,
  InspectionMarkResponse,
  InspectionReportResponse,
} from './inspection.js';
import {
  CuboidsRequest,
  CuboidsResponse,
  LidarFramesResponse,
  type PointColorBy,
  type PointsPayload,
  ProjectionsResponse,
  SensorsResponse,
} from './lidar.js';
import { OverviewResponse } from './overview.js';
import { PatchesRequest, PatchesResponse } from './patches.js';
import { ProjectResponse } from './project.js';
import {
  EditsRequest,
  EditsResponse,
  HistoryResponse,
  ReviewQueueRequest,
  ReviewQueueResponse,
  UndoRequest,
  UndoResponse,
} from './review.js';
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

  /** A GET answered with bytes (errors are JSON as everywhere). */
  async function binary(path: string, query: Record<string, string | undefined>, signal?: AbortSignal) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
    const init: RequestInit = { headers: headers(false) };
    if (signal) init.signal = signal;
    const res = await doFetch(`${base}${path}${q.size > 0 ? `?${q}` : ''}`, init);
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(await res.json().catch(() => undefined));
      throw new ApiError(
        res.status,
        parsed.success ? parsed.data.error : { code: 'INTERNAL', message: `HTTP ${res.status} from ${path}` },
      );
    }
    return res.arrayBuffer();
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
    attributeFacets: (req: AttributeFacetsRequest, signal?: AbortSignal) =>
      call(AttributeFacetsResponse, '/api/facets/attributes', AttributeFacetsRequest.parse(req), signal),
    annotations: (req: AnnotationsRequest, signal?: AbortSignal) =>
      call(AnnotationsResponse, '/api/annotations', AnnotationsRequest.parse(req), signal),
    embeddingMap: (req: { model?: string; method?: string } = {}, signal?: AbortSignal) => {
      const q = new URLSearchParams();
      if (req.model) q.set('model', req.model);
      if (req.method) q.set('method', req.method);
      const s = q.toString();
      return call(EmbeddingMapResponse, `/api/embedding-map${s ? `?${s}` : ''}`, undefined, signal);
    },
    /** The map's points as typed arrays (binary answer; see MapPointsHeader). */
    mapPoints: async (req: { model?: string; method?: string } = {}, signal?: AbortSignal) => {
      const { header, next } = decodeColumns(await binary('/api/embedding-map/points', req, signal));
      const h = MapPointsHeader.parse(header);
      const ids = next(Int32Array, h.count, 4);
      const x = next(Float32Array, h.count, 4);
      const y = next(Float32Array, h.count, 4);
      return { ...h, ids, x, y };
    },
    /** One colour category per map point for `by` (binary answer; see MapColoursHeader). */
    mapColours: async (req: { model?: string; method?: string; by: string }, signal?: AbortSignal) => {
      const { header, next } = decodeColumns(await binary('/api/embedding-map/colours', req, signal));
      const h = MapColoursHeader.parse(header);
      return { ...h, category: next(Uint8Array, h.count, 1) };
    },
    patches: (req: PatchesRequest, signal?: AbortSignal) =>
      call(PatchesResponse, '/api/patches', PatchesRequest.parse(req), signal),
    reviewQueue: (req: ReviewQueueRequest, signal?: AbortSignal) =>
      call(ReviewQueueResponse, '/api/review/queue', ReviewQueueRequest.parse(req), signal),
    history: (sampleId: number, signal?: AbortSignal) =>
      call(HistoryResponse, `/api/samples/${sampleId}/history`, undefined, signal),
    /** Writes: refused with 409 CONFLICT when the project moved past `expected_revision`. */
    edit: (req: EditsRequest) => call(EditsResponse, '/api/edits', EditsRequest.parse(req)),
    undo: (req: UndoRequest) => call(UndoResponse, '/api/edits/undo', UndoRequest.parse(req)),
    inspection: (query: { pending?: boolean; offset?: number; limit?: number } = {}, signal?: AbortSignal) =>
      call(
        InspectionItemsResponse,
        `/api/inspection?pending=${query.pending ? 1 : 0}&offset=${query.offset ?? 0}&limit=${query.limit ?? 100}`,
        undefined,
        signal,
      ),
    inspectionReport: (signal?: AbortSignal) =>
      call(InspectionReportResponse, '/api/inspection/report', undefined, signal),
    inspectionMark: (req: InspectionMarkRequest) =>
      call(InspectionMarkResponse, '/api/inspection/mark', InspectionMarkRequest.parse(req)),
    lidarFrames: (signal?: AbortSignal) => call(LidarFramesResponse, '/api/lidar/frames', undefined, signal),
    lidarSensors: (signal?: AbortSignal) => call(SensorsResponse, '/api/lidar/sensors', undefined, signal),
    cuboids: (req: CuboidsRequest, signal?: AbortSignal) =>
      call(CuboidsResponse, '/api/lidar/cuboids', CuboidsRequest.parse(req), signal),
    projections: (id: number, signal?: AbortSignal) =>
      call(ProjectionsResponse, `/api/lidar/projections/${id}`, undefined, signal),
    /** A sweep's points, decimated to at most `max`, with one attribute per point (binary, see PointsQuery). */
    points: async (
      id: number,
      max: number,
      color: PointColorBy,
      signal?: AbortSignal,
    ): Promise<PointsPayload> => {
      const init: RequestInit = { headers: headers(false) };
      if (signal) init.signal = signal;
      const res = await doFetch(`${base}/api/lidar/points/${id}?max=${max}&color=${color}`, init);
      if (!res.ok) {
        const parsed = ErrorBody.safeParse(await res.json().catch(() => undefined));
        throw new ApiError(
          res.status,
          parsed.success
            ? parsed.data.error
            : { code: 'INTERNAL', message: `HTTP ${res.status} from points` },
        );
      }
      const data = new Float32Array(await res.arrayBuffer());
      const count = Number(res.headers.get('x-point-count') ?? data.length / 4);
      const origin = (res.headers.get('x-point-origin') ?? '').split(',').map(Number);
      return {
        count,
        total: Number(res.headers.get('x-point-total') ?? count),
        attribute: (res.headers.get('x-point-attribute') ?? 'height') as PointColorBy,
        origin:
          origin.length === 3 && origin.every(Number.isFinite) ? [origin[0]!, origin[1]!, origin[2]!] : null,
        positions: data.subarray(0, count * 3),
        values: data.subarray(count * 3, count * 4),
      };
    },
    /** URLs for <img src> (the token goes in the query: an <img> cannot send headers). */
    thumbUrl: (id: number, size = 256) =>
      `${base}/api/media/${id}/thumb?size=${size}${tokenQuery ? `&${tokenQuery.slice(1)}` : ''}`,
    fullUrl: (id: number) => `${base}/api/media/${id}/full${tokenQuery}`,
    eventsUrl: () => `${base}/api/events${tokenQuery}`,
  };
}
export type AssayClient = ReturnType<typeof createClient>;
