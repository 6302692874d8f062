import {
  EditsRequest,
  type EditsResponse,
  type ReviewEdit,
  UndoRequest,
  type UndoResponse,
} from '@assay/api';
import type { Edit } from '@assay/core';
import { applyEdits, undoEdits } from '@assay/core/node';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody } from '../read-body.js';

/** Shoelace area of rings (the first the outline, the others holes). */
function polygonArea(rings: readonly (readonly [number, number])[][]): number {
  let total = 0;
  for (const [k, ring] of rings.entries()) {
    let a = 0;
    for (let i = 0; i < ring.length; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[(i + 1) % ring.length]!;
      a += x0 * y1 - x1 * y0;
    }
    total += (k === 0 ? 1 : -1) * Math.abs(a / 2);
  }
  return Math.max(0, total);
}

/** An edit of the app as core's Edit (a box also sets its area). */
export function toEdit(e: ReviewEdit): Edit {
  const answers = { ...(e.reason ? { reason: e.reason } : {}) };
  switch (e.op) {
    case 'add':
      return {
        op: 'add',
        sampleId: e.sample_id,
        source: e.source ?? 'ground_truth',
        kind: 'bbox',
        shape: { label: e.class, bbox: e.bbox, area: e.bbox[2] * e.bbox[3] },
        ...answers,
        ...(e.issue_id === undefined ? {} : { issueId: e.issue_id }),
      };
    case 'update':
      return {
        op: 'update',
        annotationId: e.annotation_id,
        set: {
          ...(e.class === undefined ? {} : { label: e.class }),
          ...(e.bbox === undefined ? {} : { bbox: e.bbox, area: e.bbox[2] * e.bbox[3] }),
          ...(e.polygon === undefined
            ? {}
            : { points: e.polygon.map((ring) => ring.flat()), area: polygonArea(e.polygon) }),
        },
        ...answers,
        ...(e.issue_id === undefined ? {} : { issueId: e.issue_id }),
      };
    case 'delete':
      return {
        op: 'delete',
        annotationId: e.annotation_id,
        ...answers,
        ...(e.issue_id === undefined ? {} : { issueId: e.issue_id }),
      };
    case 'issue_status':
      return { op: 'issue_status', id: e.issue_id, status: e.status, ...answers };
  }
}

/**
 * The app's writes: one batch of edits, or the undo of a batch, through core's applyEdits / undoEdits on
 * the project opened for writing (ProjectHandle.write). `expected_revision` is the project revision the
 * reviewer saw: when another edit landed since, nothing is applied and the answer is 409 CONFLICT.
 */
export function editRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .post('/edits', async (c) => {
      const req = await readBody(c, EditsRequest);
      const body: EditsResponse = await ctx.handle.write((project) =>
        applyEdits(project, req.edits.map(toEdit), {
          author: req.author,
          expectedRevision: req.expected_revision,
        }),
      );
      return c.json(body);
    })
    .post('/edits/undo', async (c) => {
      const req = await readBody(c, UndoRequest);
      const body: UndoResponse = await ctx.handle.write((project) =>
        undoEdits(
          project,
          { batch: req.batch },
          { author: req.author, expectedRevision: req.expected_revision },
        ),
      );
      return c.json(body);
    });
}
