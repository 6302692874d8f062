import type { Annotation } from '../model/annotation.js';
import type { Sample } from '../model/sample.js';
import type { AnnotationColumnBatch, DatasetBatches, WriteInput } from './define-format.js';
import { eachSampleAnnotations } from './sample-annotations.js';

/** A batch whose every row is given as its object (no plain-box columns to read). */
export function objectBatch(annotations: Annotation[]): AnnotationColumnBatch {
  const n = annotations.length;
  const none = new Float64Array(n).fill(Number.NaN);
  return {
    n,
    objects: annotations,
    sampleIndex: new Int32Array(n).fill(-1),
    source: new Int32Array(n),
    label: new Int32Array(n).fill(-1),
    x: none,
    y: none,
    w: none,
    h: none,
    area: none,
    iscrowd: new Uint8Array(n),
    score: none,
    originalId: none,
    sourceNames: [],
    labelNames: [],
  };
}

/**
 * The annotations of these sources (all when absent) as column batches: the project's column reader when
 * the batches have one, else every annotation as its object.
 */
export async function* annotationColumnBatches(
  batches: DatasetBatches,
  sources?: string[],
  /** false: the objects may carry only source, kind, label and original id (DatasetBatches.annotationColumns). */
  geometry = true,
  /** true: plain polygons may come as columns (AnnotationColumnBatch.polygons) rather than objects. */
  polygons = false,
): AsyncGenerator<AnnotationColumnBatch> {
  if (batches.annotationColumns) {
    yield* batches.annotationColumns(sources, 'id', geometry, polygons);
    return;
  }
  for await (const batch of batches.annotations(sources)) yield objectBatch(batch);
}

/** Rows `from` to `to` (exclusive) of a column batch. */
export interface RowRange {
  batch: AnnotationColumnBatch;
  from: number;
  to: number;
}

/** A sample with the rows of its annotations (in their order), in one or more column batches. */
export interface SampleRows {
  sample: Sample;
  rows: RowRange[];
  /** How many annotations the sample has. */
  count: number;
}

/**
 * Every sample to write in order with its annotations as column rows: from `input.batches` (the samples
 * merged with the annotation columns by sample) when it gives columns, else each sample's annotations
 * (eachSampleAnnotations) as one batch of objects.
 */
export async function* eachSampleRows(
  input: WriteInput,
  /** true: plain polygons may come as columns (AnnotationColumnBatch.polygons) rather than objects. */
  polygons = false,
): AsyncGenerator<SampleRows> {
  const columns = input.batches?.annotationColumns;
  if (!input.batches || !columns) {
    for await (const { sample, annotations } of eachSampleAnnotations(input)) {
      const count = annotations.length;
      yield {
        sample,
        rows: count > 0 ? [{ batch: objectBatch(annotations), from: 0, to: count }] : [],
        count,
      };
    }
    return;
  }
  const stream = columns.call(input.batches, undefined, 'sample', true, polygons)[Symbol.asyncIterator]();
  let batch: AnnotationColumnBatch | undefined;
  let at = 0;
  let done = false;
  let position = 0;
  for await (const samples of input.batches.labelSamples?.() ?? input.batches.samples()) {
    for (const sample of samples) {
      const rows: RowRange[] = [];
      let count = 0;
      for (;;) {
        if (batch === undefined || at === batch.n) {
          if (done) break;
          const next = await stream.next();
          if (next.done) {
            done = true;
            break;
          }
          batch = next.value;
          at = 0;
          continue;
        }
        if (batch.sampleIndex[at]! > position) break;
        let end = at;
        while (end < batch.n && batch.sampleIndex[end]! <= position) end++;
        rows.push({ batch, from: at, to: end });
        count += end - at;
        at = end;
      }
      position++;
      yield { sample, rows, count };
    }
  }
  if (!done) await stream.return?.();
}

/** A plain-box row as its annotation (for the rare writer path that needs the object). */
export function plainAnnotation(b: AnnotationColumnBatch, i: number, sample: string): Annotation {
  const l = b.label[i]!;
  const label = l < 0 ? undefined : b.labelNames[l];
  const a: Annotation = {
    sample,
    source: b.sourceNames[b.source[i]!] ?? '',
    kind: 'bbox',
    bbox: [b.x[i]!, b.y[i]!, b.w[i]!, b.h[i]!],
  };
  if (label !== undefined) a.label = label;
  if (!Number.isNaN(b.area[i]!)) a.area = b.area[i]!;
  if (b.iscrowd[i] === 1) a.iscrowd = true;
  if (!Number.isNaN(b.score[i]!)) a.score = b.score[i]!;
  return a;
}

/** Whether row `i` is a plain polygon given as columns (its rings in `b.polygons`). */
export function isPolygonRow(b: AnnotationColumnBatch, i: number): boolean {
  return b.polygons !== undefined && b.polygons.start[i + 1]! > b.polygons.start[i]!;
}
