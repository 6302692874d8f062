import type { Annotation } from '../../model/annotation.js';
import type { Dataset } from '../dataset.js';
import type { FormatIO } from '../format-io.js';
import { cocoIdTables } from './coco-ids.js';
import type { CocoResult } from './schema.js';
import { toCocoResult } from './to-coco-annotation.js';

export interface CocoResultsOptions {
  /** Only annotations of this label source (e.g. `prediction:yolov8`). Default: every annotation. */
  source?: string;
}

export interface CocoResults {
  results: CocoResult[];
  /** Annotations left out: no label, or a label / sample the dataset does not list. */
  skipped: number;
}

/**
 * The annotations of a dataset as a COCO results list. Image and category ids are those
 * `writeCoco` gives the same dataset (coco-ids.ts), so the two files evaluate together.
 */
export function toCocoResults(dataset: Dataset, options: CocoResultsOptions = {}): CocoResults {
  const { imageIdByKey, categoryIdByName } = cocoIdTables(dataset);
  const results: CocoResult[] = [];
  let skipped = 0;
  for (const a of dataset.annotations) {
    if (options.source !== undefined && a.source !== options.source) continue;
    if (a.kind === 'classification') {
      skipped++;
      continue;
    }
    const imageId = imageIdByKey.get(a.sample);
    const categoryId = a.label === undefined ? undefined : categoryIdByName.get(a.label);
    if (imageId === undefined || categoryId === undefined) skipped++;
    else results.push(toCocoResult(a, imageId, categoryId));
  }
  return { results, skipped };
}

export interface WriteCocoResultsInput extends CocoResultsOptions {
  dataset: Dataset;
  /** Absolute path of the results file to write. */
  path: string;
  io: FormatIO;
}

/** Writes `toCocoResults` as a JSON list to `path`; returns the counts. */
export async function writeCocoResults(input: WriteCocoResultsInput): Promise<CocoResults> {
  const out = toCocoResults(input.dataset, input);
  await input.io.writeText(input.path, `${JSON.stringify(out.results)}\n`);
  return out;
}

/** `results_<model>.json` for a `prediction:<model>` source, with unsafe characters replaced. */
export function resultsFileName(source: string): string {
  const model = source.replace(/^prediction:/, '').replace(/[^\w.@+-]/g, '_');
  return `results_${model}.json`;
}

export function isPrediction(a: Annotation): boolean {
  return a.source.startsWith('prediction:');
}
