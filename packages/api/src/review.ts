import { z } from 'zod';

const names = z.array(z.string().max(500)).max(1000);
const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** Which issues the review queue walks (AND across fields, OR within a list). */
export const ReviewFilter = z
  .object({
    types: names.optional(),
    severities: names.optional(),
    /** Issue statuses (default: open). */
    statuses: names.optional(),
    /** Class of the issue's annotation (issues without one never match a class). */
    classes: names.optional(),
    /** Source of the issue's annotation. */
    sources: names.optional(),
    /** Case-insensitive substring of the sample's path. */
    path: z.string().max(1000).optional(),
  })
  .strict();
export type ReviewFilter = z.infer<typeof ReviewFilter>;

/** POST /api/review/queue */
export const ReviewQueueRequest = z.object({
  filter: ReviewFilter,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type ReviewQueueRequest = z.infer<typeof ReviewQueueRequest>;

export const ReviewItem = z.object({
  issue_id: z.number().int(),
  type: z.string(),
  severity: z.string(),
  score: z.number(),
  reason: z.string(),
  status: z.string(),
  sample_id: z.number().int(),
  path: z.string(),
  annotation_id: z.number().int().nullable(),
  /** The class and source of the issue's annotation (null when it has none or it was deleted). */
  class: z.string().nullable(),
  source: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewQueueResponse = z.object({
  total: z.number().int(),
  /** The project revision (last edit seq) this page was read at: send it back as `expected_revision`. */
  revision: z.number().int(),
  /** Issue counts per type under the filter without its `types`. */
  types: z.array(z.object({ value: z.string(), count: z.number().int() })),
  items: z.array(ReviewItem),
});
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponse>;

const editBase = {
  /** The issue this edit answers (kept in history). */
  issue_id: z.number().int().optional(),
  reason: z.string().max(2000).optional(),
};

/** One change from the app; each becomes an edit with author, time and reason (core applyEdits). */
export const ReviewEdit = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('add'),
    sample_id: z.number().int(),
    class: z.string().min(1).max(500),
    bbox: box,
    /** Label source (default ground_truth). */
    source: z.string().max(500).optional(),
    ...editBase,
  }),
  z
    .object({
      op: z.literal('update'),
      annotation_id: z.number().int(),
      class: z.string().min(1).max(500).optional(),
      bbox: box.optional(),
      /** New polygon rings [[x,y],...] (a polygon's box handles refit its vertices). */
      polygon: z
        .array(z.array(z.tuple([z.number(), z.number()])).max(100_000))
        .max(100)
        .optional(),
      ...editBase,
    })
    .refine((e) => e.class !== undefined || e.bbox !== undefined, 'an update sets a class or a box'),
  z.object({ op: z.literal('delete'), annotation_id: z.number().int(), ...editBase }),
  /** Adds `tag` to the samples (or removes it with `remove`); samples that already have it are skipped. */
  z.object({
    op: z.literal('tag'),
    sample_ids: z.array(z.number().int()).min(1).max(1_000_000),
    tag: z.string().trim().min(1).max(200),
    remove: z.boolean().optional(),
    reason: z.string().max(2000).optional(),
  }),
  z.object({
    op: z.literal('issue_status'),
    issue_id: z.number().int(),
    status: z.enum(['open', 'confirmed', 'ignored', 'fixed']),
    reason: z.string().max(2000).optional(),
  }),
]);
export type ReviewEdit = z.infer<typeof ReviewEdit>;

const author = z.string().trim().min(1).max(100);

/** POST /api/edits: one batch, applied only when the project is still at `expected_revision` (else 409). */
export const EditsRequest = z.object({
  author,
  expected_revision: z.number().int().min(0),
  edits: z.array(ReviewEdit).min(1).max(1000),
});
export type EditsRequest = z.infer<typeof EditsRequest>;

export const EditsResponse = z.object({
  batch: z.number().int(),
  seqs: z.array(z.number().int()),
  revision: z.number().int(),
  /** Ids of the annotations `add` edits created. */
  added: z.array(z.number().int()),
});
export type EditsResponse = z.infer<typeof EditsResponse>;

/** POST /api/edits/undo: reverts a batch as a new batch (409 when a later edit touched the same things). */
export const UndoRequest = z.object({
  author,
  expected_revision: z.number().int().min(0),
  batch: z.number().int().min(1),
});
export type UndoRequest = z.infer<typeof UndoRequest>;

export const UndoResponse = EditsResponse.extend({ undone: z.array(z.number().int()) });
export type UndoResponse = z.infer<typeof UndoResponse>;

export const HistoryEdit = z.object({
  seq: z.number().int(),
  batch: z.number().int(),
  kind: z.string(),
  author: z.string(),
  time: z.string(),
  reason: z.string().nullable(),
  issue_id: z.number().int().nullable(),
  annotation_id: z.number().int().nullable(),
  undoes: z.number().int().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type HistoryEdit = z.infer<typeof HistoryEdit>;

/** GET /api/samples/:id/history: every edit of the sample's annotations and issues, newest first. */
export const HistoryResponse = z.object({
  sample_id: z.number().int(),
  revision: z.number().int(),
  edits: z.array(HistoryEdit),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;
