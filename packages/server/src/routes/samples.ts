import {
  type SampleDetail,
  SamplesQueryRequest,
  type SamplesQueryResponse,
  SimilarQuery,
  type SimilarResponse,
} from '@assay/api';
import { AssayError } from '@assay/core/errors';
import { indexSamplePage } from '@assay/core/node/browse/index-sample-page';
import { sampleDetail } from '@assay/core/node/browse/sample-detail';
import { samplePage } from '@assay/core/node/browse/sample-page';
import {
  type EmbeddingMatrix,
  listEmbeddingModels,
  loadEmbeddingMatrix,
} from '@assay/core/node/embeddings/embedding-store';
import { defaultEmbeddingModel, similarSamples } from '@assay/core/node/embeddings/similar-samples';
import { VectorSearch } from '@assay/core/node/embeddings/vector-search';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

/** A path parameter that must be a sample id. */
export function parseId(text: string): number {
  const id = Number(text);
  if (!/^\d{1,10}$/.test(text) || !Number.isSafeInteger(id)) {
    throw new AssayError('INVALID_INPUT', 'A sample id is a whole number.', {
      hint: 'Sample ids come from POST /api/samples/query.',
      details: { id: text },
    });
  }
  return id;
}

export function sampleRoutes(ctx: ServerContext): Hono {
  // one model's vectors, kept until the project changes (loading them is the slow part of a query)
  let vectors:
    | { change: number; model: string; matrix: Promise<EmbeddingMatrix>; search: Promise<VectorSearch> }
    | undefined;
  ctx.closers.push(async () => {
    const last = vectors;
    vectors = undefined;
    await last?.search.then((v) => v.close()).catch(() => undefined);
  });
  return new Hono()
    .post('/samples/query', async (c) => {
      const req = await readBody(c, SamplesQueryRequest);
      const body: SamplesQueryResponse = await ctx.handle.use(async (db) => {
        const names = await ctx.names.get(db);
        // The first page after a start or change does not wait for the index; later pages use it.
        const index = ctx.names.readyIndex();
        if (!index) return samplePage(db, names, req);
        // the same selection as the facet counts of this filter (BrowseCache.selection)
        return indexSamplePage(
          db,
          index,
          names,
          req,
          await ctx.names.selection(db, index, names, req.filter),
        );
      });
      return c.json(body);
    })
    .get('/samples/:id/similar', async (c) => {
      const id = parseId(c.req.param('id'));
      const parsed = SimilarQuery.safeParse({ k: c.req.query('k'), model: c.req.query('model') });
      if (!parsed.success) {
        throw new AssayError('INVALID_INPUT', 'The similar-samples query is invalid.', {
          hint: 'k is a whole number from 1 to 200; model names a stored embedding model.',
          details: { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        });
      }
      const body: SimilarResponse = await ctx.handle.use(async (db) => {
        const change = ctx.handle.change;
        // No vectors at all (no `assay embed` yet) is the usual state, not an error: an empty answer.
        if (parsed.data.model === undefined && !(await listEmbeddingModels(db)).some((m) => m.count > 0))
          return { model: null, sample: null, similar: [] };
        const model = parsed.data.model ?? (await defaultEmbeddingModel(db));
        if (vectors?.change !== change || vectors.model !== model) {
          const old = vectors;
          void old?.search.then((v) => v.close()).catch(() => undefined);
          const loading = loadEmbeddingMatrix(db, model);
          loading.catch(() => {
            vectors = undefined;
          });
          // the search runs on a worker thread (an exact search of 1M vectors, or an index build, would
          // stall every other request)
          vectors = { change, model, matrix: loading, search: loading.then((m) => new VectorSearch(m)) };
        }
        const search = await vectors.search;
        return similarSamples(db, id, {
          k: parsed.data.k,
          model,
          matrix: await vectors.matrix,
          search: (query, k) => search.search(query, k),
        });
      });
      return c.json(body);
    })
    .get('/samples/:id', async (c) => {
      const id = parseId(c.req.param('id'));
      const body: SampleDetail = await ctx.handle.use(async (db) =>
        sampleDetail(db, await ctx.names.get(db), id),
      );
      return c.json(body);
    });
}
