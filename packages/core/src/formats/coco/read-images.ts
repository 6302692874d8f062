import type { Sample } from '../../model/sample.js';
import type { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { isCocoId } from './read-geometry.js';
import { type CocoId, isRecord } from './schema.js';

export interface ImageTable {
  samples: Sample[];
  /** COCO image id → sample key. */
  keyById: Map<CocoId, string>;
  /** Sample key → sample, for captions. */
  sampleByKey: Map<string, Sample>;
}

const RESERVED = new Set(['id', 'file_name', 'width', 'height']);

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Everything but id/file_name/width/height (license, coco_url, date_captured...), or undefined. */
function extraFields(raw: Record<string, unknown>): Record<string, unknown> | undefined {
  let metadata: Record<string, unknown> | undefined;
  for (const key in raw) {
    if (RESERVED.has(key)) continue;
    metadata ??= {};
    metadata[key] = raw[key];
  }
  return metadata;
}

function readSize(sample: Sample, raw: Record<string, unknown>, warn: (reason: string) => void): void {
  const { width, height } = raw;
  if (width === undefined && height === undefined) return;
  if (isSize(width) && isSize(height)) {
    sample.width = width;
    sample.height = height;
    return;
  }
  warn(
    `width/height must be positive numbers; got ${JSON.stringify(width)} × ${JSON.stringify(height)}. ` +
      'The sample is kept without a declared size (scan reads it from the image).',
  );
}

/**
 * Reads `images` into samples. An image whose id is missing or repeated, or whose file_name is not a
 * safe relative path (absolute, URL, `..`), is skipped with a problem. A bad width/height is a warning:
 * the sample is kept without a declared size. Other fields go to Sample.metadata for export.
 */
export function readImages(images: unknown[], file: string, problems: ProblemList): ImageTable {
  const table: ImageTable = { samples: [], keyById: new Map(), sampleByKey: new Map() };
  for (let i = 0; i < images.length; i++) {
    const raw = images[i];
    if (!isRecord(raw) || !isCocoId(raw.id)) {
      problems.skip(file, `images[${i}]`, 'an image needs an id (integer) and a file_name');
      continue;
    }
    const record = `images[${i}] (id ${raw.id})`;
    if (table.keyById.has(raw.id)) {
      problems.skip(
        file,
        record,
        `image id ${raw.id} appears twice; kept the first`,
        'Give each image its own id.',
      );
      continue;
    }
    if (typeof raw.file_name !== 'string') {
      problems.skip(file, record, `file_name must be a string; got ${JSON.stringify(raw.file_name)}`);
      continue;
    }
    const key = toSampleKey(raw.file_name);
    if ('refused' in key) {
      problems.skip(file, record, key.refused, 'Use file names relative to the images folder.');
      continue;
    }
    const existing = table.sampleByKey.get(key.key);
    if (existing) {
      problems.warn(file, record, `file_name "${key.key}" is also image ${existing.originalId}; merged`);
      table.keyById.set(raw.id, key.key);
      continue;
    }
    const sample: Sample = { key: key.key, originalId: raw.id };
    readSize(sample, raw, (reason) => problems.warn(file, record, reason));
    const metadata = extraFields(raw);
    if (metadata) sample.metadata = metadata;
    table.samples.push(sample);
    table.keyById.set(raw.id, key.key);
    table.sampleByKey.set(key.key, sample);
  }
  return table;
}
