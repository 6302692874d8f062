import type { AnnotationKind, AttributeValue } from '../model/annotation.js';

/** What an annotation looks like to an edit: its class and shape (the fields an edit may change). */
export interface AnnotationShape {
  label?: string;
  bbox?: [number, number, number, number];
  points?: number[][];
  area?: number;
  attributes?: Record<string, AttributeValue>;
}

/** Fields an update sets; null (or undefined) clears one. */
export type AnnotationShapeUpdate = { [K in keyof AnnotationShape]?: AnnotationShape[K] | null };

/** One annotation as the fix rules, history and diffs see it. */
export interface AnnotationState extends AnnotationShape {
  id: number;
  sampleId: number;
  source: string;
  kind: AnnotationKind;
  score?: number;
}

/** An issue status a person can give. */
export type IssueStatus = 'open' | 'confirmed' | 'ignored' | 'fixed';
export const ISSUE_STATUSES: readonly IssueStatus[] = ['open', 'confirmed', 'ignored', 'fixed'];

interface EditBase {
  /** Why (shown in history). */
  reason?: string;
  /** The issue this edit answers. */
  issueId?: number;
}

/**
 * One change. `revision` (optional) is the annotation's revision the editor saw (`AnnotationRevision.seq`,
 * 0 for the imported version): when the annotation has changed since, the edit is refused (CONFLICT).
 */
export type Edit =
  | (EditBase & {
      op: 'add';
      sampleId: number;
      /** Label source (default `ground_truth`). */
      source?: string;
      kind?: 'bbox' | 'polygon' | 'classification';
      shape: AnnotationShape;
    })
  | (EditBase & { op: 'delete'; annotationId: number; revision?: number; expect?: AnnotationShapeUpdate })
  | (EditBase & {
      op: 'update';
      annotationId: number;
      revision?: number;
      set: AnnotationShapeUpdate;
      /** Refuse (CONFLICT) unless these fields hold these values now (what undo checks). */
      expect?: AnnotationShapeUpdate;
    })
  /** Brings back the version edit `seq` deleted (what undoing a delete does). */
  | (EditBase & { op: 'restore'; annotationId: number; seq: number })
  | (EditBase & { op: 'issue_status'; id: number; status: IssueStatus })
  /** A sample's split or tags (null clears); `expect` as for updates. */
  | (EditBase & { op: 'sample'; sampleId: number; set: SampleUpdate; expect?: SampleUpdate })
  /** Takes a sample out of the dataset: its annotations are deleted and its open issues marked fixed (edits of their own, same batch). */
  | (EditBase & { op: 'exclude'; sampleId: number })
  /** Brings back the sample edit `seq` excluded (what undoing an exclusion does). */
  | (EditBase & { op: 'include'; sampleId: number; seq: number });

/** Sample fields an edit may set. */
export interface SampleUpdate {
  split?: string | null;
  tags?: string[] | null;
}

/** The kinds recorded in the `edits` table. */
export type EditKind =
  | 'add'
  | 'delete'
  | 'update'
  | 'restore'
  | 'issue_status'
  | 'sample'
  | 'exclude'
  | 'include';

/** A stored edit (table `edits`). `before`/`after` are the changed fields (whole rows for add/delete). */
export interface EditRecord {
  seq: number;
  batch: number;
  kind: EditKind;
  author: string;
  time: string;
  reason: string | null;
  issueId: number | null;
  rule: string | null;
  sampleId: number | null;
  annotationId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  undoes: number | null;
}

export interface ApplyEditsOptions {
  /** Who (default: the OS user). */
  author?: string;
  /**
   * The project revision (last edit seq) the caller saw: when edits were made since, nothing is applied
   * (CONFLICT). Per-annotation `revision` on each edit is the finer check.
   */
  expectedRevision?: number;
  /** The rule that produced these edits, recorded with each. */
  rule?: string;
  /** Edits this batch reverts (same order as `edits`), for undo. */
  undoes?: (number | null)[];
}

export interface ApplyEditsResult {
  batch: number;
  /** The seq of each edit, in order. */
  seqs: number[];
  /** The project revision after the batch. */
  revision: number;
  /** Ids of annotations the `add` edits created, in order. */
  added: number[];
}
