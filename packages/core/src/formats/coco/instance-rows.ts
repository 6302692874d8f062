import type { AnnotationColumnBatch } from '../define-format.js';
import type { TextBytes } from '../text-bytes.js';
import { plainInstanceBytes, polygonInstanceBytes } from './plain-box-bytes.js';

// The `annotations` items of one COCO instances file from a column batch (write-batches.ts), as a job that
// holds only numbers, bytes and strings: it can be formatted on another thread (FormatIO.instanceRows: the
// node IO formats jobs on worker threads, issue 12) or here, with the same bytes.

/** What every job of one instances file shares (sent once to a thread). */
export interface InstanceRowsContext {
  /** The image id of each sample position (AnnotationColumnBatch.sampleIndex). */
  imageIdAt: Float64Array;
  /** The instances file (index) of each sample position. */
  fileAt: Int32Array;
  /** The file these jobs write. */
  fileIndex: number;
  /** Ids are the rows' own (originalId); else they count the writable rows from 1, over every file. */
  keptIds: boolean;
}

/** Row kinds of InstanceRowsJob.objects. */
export const PLAIN_ROW = 0;
/** A row given as its object that is not written and does not count for the ids. */
export const OBJECT_SKIPPED = 1;
/** A row given as its object that counts for the ids but belongs to another file. */
export const OBJECT_COUNTED = 2;
/** A row given as its object, written as `texts[i]`. */
export const OBJECT_WRITTEN = 3;

/** One batch of rows: its columns, what the caller decided for rows given as objects, and the id count so far. */
export interface InstanceRowsJob
  extends Pick<
    AnnotationColumnBatch,
    | 'n'
    | 'sampleIndex'
    | 'source'
    | 'label'
    | 'x'
    | 'y'
    | 'w'
    | 'h'
    | 'area'
    | 'iscrowd'
    | 'score'
    | 'originalId'
    | 'polygons'
  > {
  /** Per row: PLAIN_ROW, or what became of the row's object (OBJECT_*). */
  objects: Uint8Array;
  /** The JSON text of each OBJECT_WRITTEN row (other rows: undefined). */
  texts: (string | undefined)[];
  /** Per source index: 1 for a prediction source (its rows are not instances). */
  prediction: Uint8Array;
  /** Per label index: the JSON text of its category id (undefined: no label). */
  categories: (Uint8Array | undefined)[];
  /** Writable rows (counted for the ids) before this batch, in every file's pass. */
  counted: number;
}

/** The job of a column batch (its columns shared, not copied). */
export function instanceRowsJob(
  b: AnnotationColumnBatch,
  objects: Uint8Array,
  texts: (string | undefined)[],
  prediction: Uint8Array,
  categories: (Uint8Array | undefined)[],
  counted: number,
): InstanceRowsJob {
  const job: InstanceRowsJob = {
    n: b.n,
    sampleIndex: b.sampleIndex,
    label: b.label,
    x: b.x,
    y: b.y,
    w: b.w,
    h: b.h,
    area: b.area,
    iscrowd: b.iscrowd,
    score: b.score,
    originalId: b.originalId,
    objects,
    texts,
    prediction,
    categories,
    counted,
    source: b.source,
  };
  if (b.polygons) job.polygons = b.polygons;
  return job;
}

const COMMA = 44;

/**
 * Writes the job's items of the context's file into `out`, each preceded by a comma (the caller drops the
 * list's first one); returns how many were written. Plain rows as writeCocoBatches' instanceOf wrote them.
 */
export function instanceRowsBytes(out: TextBytes, job: InstanceRowsJob, c: InstanceRowsContext): number {
  let index = job.counted;
  let written = 0;
  const b = job as unknown as AnnotationColumnBatch;
  for (let i = 0; i < job.n; i++) {
    const kind = job.objects[i]!;
    if (kind !== PLAIN_ROW) {
      if (kind === OBJECT_SKIPPED) continue;
      index++;
      if (kind === OBJECT_WRITTEN) {
        out.byte(COMMA);
        out.text(job.texts[i]!);
        written++;
      }
      continue;
    }
    const l = job.label[i]!;
    if (l < 0 || job.prediction[job.source[i]!] === 1) continue;
    const category = job.categories[l];
    if (category === undefined) continue;
    const id = c.keptIds ? job.originalId[i]! : index + 1;
    index++;
    const sample = job.sampleIndex[i]!;
    if (c.fileAt[sample] !== c.fileIndex) continue;
    written++;
    out.byte(COMMA);
    const polygons = job.polygons;
    if (polygons !== undefined && polygons.start[i + 1]! > polygons.start[i]!)
      polygonInstanceBytes(out, b, i, id, c.imageIdAt[sample]!, category);
    else plainInstanceBytes(out, b, i, id, c.imageIdAt[sample]!, category);
  }
  return written;
}

/** Formats jobs of one instances file, in order (FormatIO.instanceRows: on other threads). */
export interface InstanceRowsRun {
  /** The job's bytes (items each after a comma) and how many items; results come in the order asked. */
  format(job: InstanceRowsJob): Promise<{ bytes: Uint8Array; written: number }>;
  /** Stops the run (after the last result, or to abandon it). */
  close(): Promise<void>;
}
