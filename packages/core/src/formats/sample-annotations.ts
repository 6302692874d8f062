import type { SampleAnnotations, WriteInput } from './define-format.js';
import { groupBySample } from './group-by-sample.js';

/** Every sample to write with its annotations, in order: from `input.batches` when given, else the dataset. */
export async function* eachSampleAnnotations(input: WriteInput): AsyncGenerator<SampleAnnotations> {
  if (input.batches) {
    for await (const batch of input.batches.bySample()) yield* batch;
    return;
  }
  const bySample = groupBySample(input.dataset.annotations);
  for (const sample of input.dataset.samples) yield { sample, annotations: bySample.get(sample.key) ?? [] };
}
