import { type HistoryResponse, ReviewQueueRequest, type ReviewQueueResponse } from '@assay/api';
import { projectRevision } from '@assay/core/node/edits/apply-edits';
import { sampleHistory } from '@assay/core/node/edits/sample-history';
import { reviewQueue } from '@assay/core/node/review/review-queue';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';
import { parseId } from './samples.js';

/** The review queue (issues under a filter) and a sample's edit history. */
export function reviewRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .post('/review/queue', async (c) => {
      const req = await readBody(c, ReviewQueueRequest);
      const body: ReviewQueueResponse = await ctx.handle.use((db) =>
        reviewQueue(db, req.filter, { offset: req.offset, limit: req.limit }),
      );
      return c.json(body);
    })
    .get('/samples/:id/history', async (c) => {
      const id = parseId(c.req.param('id'));
      const body: HistoryResponse = await ctx.handle.use(async (_db, project) => {
        const h = await sampleHistory(project, String(id));
        return {
          sample_id: h.sample.id,
          revision: await projectRevision(project),
          edits: h.edits
            .map((e) => ({
              seq: e.seq,
              batch: e.batch,
              kind: e.kind,
              author: e.author,
              time: e.time,
              reason: e.reason,
              issue_id: e.issueId,
              annotation_id: e.annotationId,
              undoes: e.undoes,
              before: e.before,
              after: e.after,
            }))
            .reverse(),
        };
      });
      return c.json(body);
    });
}
