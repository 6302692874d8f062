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
