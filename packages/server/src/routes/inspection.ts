import {
  type InspectionItemsResponse,
  InspectionMarkRequest,
  type InspectionMarkResponse,
  type InspectionReportResponse,
} from '@assay/api';
import { inspectionItems, inspectionReport } from '@assay/core/node/inspect/inspection-report';
import { markInspection } from '@assay/core/node/inspect/mark-inspection';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

function whole(text: string | undefined, fallback: number, max: number): number {
  const n = Number(text);
  return text !== undefined && /^\d{1,9}$/.test(text) ? Math.min(n, max) : fallback;
}

/** Sampled inspection in the app: the latest inspection's items, its report, and a verdict per item. */
export function inspectionRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .get('/inspection', async (c) => {
      const body: InspectionItemsResponse = await ctx.handle.use((db) =>
        inspectionItems(db, {
          pendingOnly: c.req.query('pending') === '1',
          offset: whole(c.req.query('offset'), 0, 1e9),
          limit: whole(c.req.query('limit'), 100, 500),
        }),
      );
      return c.json(body);
    })
    .get('/inspection/report', async (c) => {
      const body: InspectionReportResponse = await ctx.handle.use((db) => inspectionReport(db));
      return c.json(body);
    })
    .post('/inspection/mark', async (c) => {
      const req = await readBody(c, InspectionMarkRequest);
      const body: InspectionMarkResponse = await ctx.handle.write((project) =>
        markInspection(project, {
          item: req.item,
          verdict: req.verdict,
          author: req.author,
          ...(req.inspection === undefined ? {} : { inspection: req.inspection }),
          ...(req.error === undefined ? {} : { error: req.error }),
          ...(req.note === undefined ? {} : { note: req.note }),
        }),
      );
      return c.json(body);
    });
}
