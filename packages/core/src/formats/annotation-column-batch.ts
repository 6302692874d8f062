import type { Annotation } from '../model/annotation.js';
import type { AnnotationColumnBatch, DatasetBatches } from './define-format.js';

/** A batch whose every row is given as its object (no plain-box columns to read). */
export function objectBatch(annotations: Annotation[]): AnnotationColumnBatch {
  const n = annotations.length;
  const none = new Float64Array(n).fill(Number.NaN);
  return {
    n,
    objects: annotations,
    sampleIndex: new Int32Array(n),
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
): AsyncGenerator<AnnotationColumnBatch> {
  if (batches.annotationColumns) {
    yield* batches.annotationColumns(sources);
    return;
  }
  for await (const batch of batches.annotations(sources)) yield objectBatch(batch);
}
