import {
  EditsRequest,
  type EditsResponse,
  type ReviewEdit,
  UndoRequest,
  type UndoResponse,
} from '@assay/api';
import type { Edit } from '@assay/core';
import { AssayError } from '@assay/core/errors';
import { applyEdits } from '@assay/core/node/edits/apply-edits';
import { undoEdits } from '@assay/core/node/edits/undo-edits';
import type { Project } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
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

/** An edit of the app as core's Edit (a box also sets its area); tag edits go through tagEdits. */
export function toEdit(e: Exclude<ReviewEdit, { op: 'tag' }>): Edit {
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

/** The request's edits as core's, in order; a tag edit becomes one sample edit per sample it changes. */
async function toEdits(project: Project, edits: ReviewEdit[]): Promise<Edit[]> {
  const out: Edit[] = [];
  for (const e of edits) {
    if (e.op !== 'tag') out.push(toEdit(e));
    else out.push(...(await tagEdits(project, e)));
  }
  if (out.length === 0)
    throw new AssayError('USAGE', 'The edits change nothing: every sample already has (or lacks) that tag.', {
      hint: 'Pick samples without the tag, or another tag.',
    });
  return out;
}

/** Sample edits setting each sample's tags with `tag` added (or removed); `expect` holds the tags read. */
async function tagEdits(project: Project, e: Extract<ReviewEdit, { op: 'tag' }>): Promise<Edit[]> {
  const db = storeDb(project.store);
  const ids = [...new Set(e.sample_ids)];
  const found = new Map<number, string[]>();
  for (let from = 0; from < ids.length; from += 10_000) {
    const part = ids.slice(from, from + 10_000); // integers (the schema says so): safe in the SQL text
    for (const r of await db.all<{ id: number; tags: string[] | null }>(
      `SELECT id, tags FROM samples WHERE id IN (${part.join(', ')})`,
    ))
      found.set(r.id, r.tags ?? []);
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new AssayError('NOT_FOUND', `The project has no sample with id ${missing[0]}.`, {
      hint: 'Reload the page: the samples may have been removed by another command.',
      details: { missing: missing.slice(0, 20) },
    });
  const out: Edit[] = [];
  for (const id of ids) {
    const tags = found.get(id)!;
    const has = tags.includes(e.tag);
    if (has !== Boolean(e.remove)) continue;
    const next = e.remove ? tags.filter((t) => t !== e.tag) : [...tags, e.tag];
    out.push({
      op: 'sample',
      sampleId: id,
      set: { tags: next.length > 0 ? next : null },
      expect: { tags: tags.length > 0 ? tags : null },
      ...(e.reason ? { reason: e.reason } : {}),
    });
  }
  return out;
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
      const body: EditsResponse = await ctx.handle.write(async (project) =>
        applyEdits(project, await toEdits(project, req.edits), {
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
