/**
 * One label source's annotations as typed columns (one row per annotation, in id order): what the
 * analyses that need every row read instead of one object per annotation. A 7M-row column set is a
 * few hundred MB; the same rows as objects are gigabytes.
 */
export interface AnnotationColumns {
  n: number;
  /** Annotation ids. */
  id: Float64Array;
  sampleId: Int32Array;
  /** Class id, -1 without a class. */
  classId: Int32Array;
  /** 1-based position of the kind in ANNOTATION_KINDS; 0 for any other kind. */
  kind: Uint8Array;
  /** Box columns: NaN where NULL; `hasBox` is 1 when all four are set (NaN may be a stored value). */
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  hasBox: Uint8Array;
  /** Stored area (NaN where NULL; `hasArea` tells a NULL from a stored NaN). */
  area: Float64Array;
  hasArea: Uint8Array;
  iscrowd: Uint8Array;
  /** Score, NaN where NULL. */
  score: Float64Array;
  /**
   * Class probabilities, when read (`probs: true`): row i's are probs[probsStart[i] .. probsStart[i + 1]);
   * `hasProbs` is 0 where the row has none (NULL).
   */
  probsStart?: Int32Array;
  probs?: Float64Array;
  hasProbs?: Uint8Array;
}

/** Which of a source's annotations to read (default all, in id order). */
export interface AnnotationColumnsQuery {
  probs?: boolean;
  /**
   * Only the samples at positions [from, to) of the temp table `eval_image_order` (ProjectStore.writeEvalImageOrder),
   * ordered by that position, then id.
   */
  images?: {
    from: number;
    to: number;
    /** The smallest and largest sample id of those positions (lets DuckDB skip row groups). */
    sampleIds?: [number, number];
  };
  /** Only the samples with ids in [from, to), ordered by sample id, then id (the label checks' batches). */
  samples?: { from: number; to: number };
  /**
   * Read into these arrays (grown as needed) instead of new ones, without counting the rows first: the
   * columns returned are views of them, valid until the buffer's next read (batch after batch; not
   * with `probs`).
   */
  reuse?: AnnotationColumnsBuffer;
}

/** The typed columns of AnnotationColumns (all but the optional probs). */
export const COLUMN_FIELDS = [
  'id',
  'sampleId',
  'classId',
  'kind',
  'x',
  'y',
  'w',
  'h',
  'hasBox',
  'area',
  'hasArea',
  'iscrowd',
  'score',
] as const satisfies readonly (keyof AnnotationColumns)[];

type Column = AnnotationColumns[(typeof COLUMN_FIELDS)[number]];

/**
 * One set of column arrays that reads batch after batch (issue 12: the eval's batches allocated ~70
 * bytes a row of new arrays twice per batch, and counted each batch's rows with a query of its own):
 * grown by half again when a batch needs more room, never shrunk.
 */
export class AnnotationColumnsBuffer {
  columns: AnnotationColumns = allocAnnotationColumns(0);

  /** Room for at least `n` rows; the first `keep` rows are kept when the arrays grow. */
  ensure(n: number, keep: number): AnnotationColumns {
    const have = this.columns.id.length;
    if (n <= have) return this.columns;
    const next = allocAnnotationColumns(Math.max(n, Math.ceil(1.5 * have), 1024));
    for (const f of COLUMN_FIELDS) (next[f] as Column).set((this.columns[f] as Column).subarray(0, keep));
    this.columns = next;
    return next;
  }

  /** The first `n` rows as columns of their own length (views of the arrays). */
  view(n: number): AnnotationColumns {
    const out = { n } as AnnotationColumns;
    for (const f of COLUMN_FIELDS)
      (out as unknown as Record<string, Column>)[f] = this.columns[f].subarray(0, n);
    return out;
  }
}

/** Empty columns of n rows. */
export function allocAnnotationColumns(n: number): AnnotationColumns {
  return {
    n,
    id: new Float64Array(n),
    sampleId: new Int32Array(n),
    classId: new Int32Array(n),
    kind: new Uint8Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    w: new Float64Array(n),
    h: new Float64Array(n),
    hasBox: new Uint8Array(n),
    area: new Float64Array(n),
    hasArea: new Uint8Array(n),
    iscrowd: new Uint8Array(n),
    score: new Float64Array(n),
  };
}
