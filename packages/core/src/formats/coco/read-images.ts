import type { Sample } from '../../model/sample.js';
import { baseName, relativeInside } from '../paths.js';
import { nestedDeeperThan, previewJson } from '../preview-json.js';
import type { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { type FilesByName, foreignPath, matchForeign } from './foreign-names.js';
import { isCocoId } from './read-geometry.js';
import { type CocoId, isRecord } from './schema.js';

export interface ImageTable {
  samples: Sample[];
  /** COCO image id → sample key. */
  keyById: Map<CocoId, string>;
  /** Sample key → sample, for captions. */
  sampleByKey: Map<string, Sample>;
  /** Folder the keys are relative to: an absolute file_name inside it is made relative. */
  imagesRoot?: string;
  /** Absolute paths outside the images root and URLs read as their file names (see foreignKey). */
  foreign: { count: number; examples: string[] };
  /** Files under the images root by file name, when file_names are foreign (see foreign-names.ts). */
  files?: FilesByName;
  /** Foreign file_names whose longest matching end names several files: read as their file names. */
  ambiguous: { count: number; examples: string[] };
}

const RESERVED = new Set(['id', 'file_name', 'width', 'height']);

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Deepest nesting kept of an extra image field (it is stored as JSON text). */
const MAX_EXTRA_DEPTH = 32;

/**
 * Everything but id/file_name/width/height (license, coco_url, date_captured...), or undefined; and
 * the fields left out for nesting deeper than MAX_EXTRA_DEPTH (serialising them would blow the stack).
 */
function extraFields(raw: Record<string, unknown>): {
  metadata?: Record<string, unknown>;
  dropped: string[];
} {
  let metadata: Record<string, unknown> | undefined;
  const dropped: string[] = [];
  for (const key in raw) {
    if (RESERVED.has(key)) continue;
    const value = raw[key];
    if (typeof value === 'object' && nestedDeeperThan(value, MAX_EXTRA_DEPTH)) {
      dropped.push(key);
      continue;
    }
    metadata ??= {};
    metadata[key] = value;
  }
  return metadata ? { metadata, dropped } : { dropped };
}

/** Sets the declared size; returns a warning when it is unusable. */
function readSize(sample: Sample, raw: Record<string, unknown>): string | undefined {
  const { width, height } = raw;
  if (width === undefined && height === undefined) return undefined;
  if (isSize(width) && isSize(height)) {
    sample.width = width;
    sample.height = height;
    return undefined;
  }
  return (
    `width/height must be positive numbers; got ${previewJson(width)} × ${previewJson(height)}. ` +
    'The sample is kept without a declared size (scan reads it from the image).'
  );
}

export function newImageTable(imagesRoot?: string, files?: FilesByName): ImageTable {
  return {
    samples: [],
    keyById: new Map(),
    sampleByKey: new Map(),
    ...(imagesRoot === undefined ? {} : { imagesRoot }),
    foreign: { count: 0, examples: [] },
    ...(files === undefined ? {} : { files }),
    ambiguous: { count: 0, examples: [] },
  };
}

/**
 * The key of a file_name that is no relative path, as tools write them on the machine that made the
 * file (`C:\\Users\\me\\data\\img1.jpg`, `/home/me/data/img1.jpg`, `http://host/img1.jpg`): an
 * absolute path inside the images root is made relative to it; any other absolute path or URL is
 * read by the end of its path naming a file under the images root (`sub/img1.jpg`, see
 * foreign-names.ts), else as its file name, to be found in the images folder (`foreign`: one warning
 * says so). Undefined when the name cannot be used at all (`..`, empty).
 */
function foreignKey(table: ImageTable, fileName: string): { key: string; foreign: boolean } | undefined {
  const foreign = foreignPath(fileName);
  if (!foreign) return undefined;
  const { imagesRoot } = table;
  const inside =
    foreign.absolute && imagesRoot !== undefined ? relativeInside(imagesRoot, foreign.path) : undefined;
  const relative = inside ? toSampleKey(inside) : undefined;
  if (relative && 'key' in relative) return { key: relative.key, foreign: false };
  const match = table.files ? matchForeign(table.files, foreign.path) : undefined;
  if (match && 'ambiguous' in match) {
    table.ambiguous.count++;
    if (table.ambiguous.examples.length < 2)
      table.ambiguous.examples.push(`"${fileName}" (${match.ambiguous.slice(0, 3).join(', ')})`);
  }
  const found = match && 'file' in match ? toSampleKey(match.file) : undefined;
  if (found && 'key' in found) return { key: found.key, foreign: true };
  const name = toSampleKey(baseName(foreign.path));
  return 'key' in name ? { key: name.key, foreign: true } : undefined;
}

/** The sample key of an image record's file_name, or the reason it cannot be one. */
function imageKey(
  table: ImageTable,
  fileName: string,
): { key: string; foreign: boolean } | { refused: string } {
  const key = toSampleKey(fileName);
  if ('key' in key) return { key: key.key, foreign: false };
  return foreignKey(table, fileName) ?? key;
}

/**
 * One warning for the file_names read by the end of their path or as their file names (absolute
 * elsewhere, or URLs), and one for those whose end named several files.
 */
export function warnForeignKeys(table: ImageTable, file: string, problems: ProblemList): void {
  const { count, examples } = table.foreign;
  if (count === 0) return;
  const one = count === 1;
  const where = table.imagesRoot ?? 'the images folder';
  const how = table.files
    ? `read as the file under ${where} that ends ${one ? 'its path' : 'their paths'} the longest (else as ${one ? 'its file name' : 'their file names'})`
    : `read as ${one ? 'its file name' : 'their file names'}, looked for in ${where}`;
  problems.warn(
    file,
    'images',
    `${one ? '1 file_name is' : `${count.toLocaleString('en-US')} file_names are`} an absolute path outside the images folder or a URL (e.g. ${examples.join(', ')}); ${how}`,
    'Pass --images with the folder holding the images; `assay scan` reports any not found there.',
  );
  const ambiguous = table.ambiguous;
  if (ambiguous.count === 0) return;
  problems.warn(
    file,
    'images',
    `${ambiguous.count === 1 ? '1 file_name' : `${ambiguous.count.toLocaleString('en-US')} file_names`} could name several files under ${where} (e.g. ${ambiguous.examples.join('; ')}); read as ${ambiguous.count === 1 ? 'its file name' : 'their file names'}`,
    'Pass --images with the folder the file_names are relative to, or make them relative to one images folder.',
  );
}

/**
 * Reads one record of `images` into the table. An image whose id is missing or repeated, or whose
 * file_name is not a safe relative path (absolute, URL, `..`), is skipped with a problem. A bad
 * width/height is a warning: the sample is kept without a declared size. Other fields go to
 * Sample.metadata for export.
 */
export function addImage(
  table: ImageTable,
  raw: unknown,
  index: number,
  file: string,
  problems: ProblemList,
): void {
  if (!isRecord(raw) || !isCocoId(raw.id)) {
    problems.skip(file, `images[${index}]`, 'an image needs an id (integer) and a file_name');
    return;
  }
  const record = `images[${index}] (id ${raw.id})`;
  if (table.keyById.has(raw.id)) {
    problems.skip(
      file,
      record,
      `image id ${raw.id} appears twice; kept the first`,
      'Give each image its own id.',
    );
    return;
  }
  if (typeof raw.file_name !== 'string') {
    problems.skip(file, record, `file_name must be a string; got ${previewJson(raw.file_name)}`);
    return;
  }
  const key = imageKey(table, raw.file_name);
  if ('refused' in key) {
    problems.skip(file, record, key.refused, 'Use file names relative to the images folder.');
    return;
  }
  const existing = table.sampleByKey.get(key.key);
  if (existing && key.foreign) {
    problems.skip(
      file,
      record,
      `file_name "${raw.file_name}" read as ${key.key}, which is also image ${existing.originalId}'s file name`,
      'Two images of one name in different folders: give file_names relative to one images folder.',
    );
    return;
  }
  if (key.foreign) {
    table.foreign.count++;
    if (table.foreign.examples.length < 2) table.foreign.examples.push(`"${raw.file_name}" → ${key.key}`);
  }
  if (existing) {
    problems.warn(file, record, `file_name "${key.key}" is also image ${existing.originalId}; merged`);
    table.keyById.set(raw.id, key.key);
    return;
  }
  const sample: Sample = { key: key.key, originalId: raw.id };
  const warning = readSize(sample, raw);
  if (warning) problems.warn(file, record, warning);
  const { metadata, dropped } = extraFields(raw);
  if (metadata) sample.metadata = metadata;
  if (dropped.length > 0)
    problems.warn(
      file,
      record,
      `${dropped.join(', ')} nested more than ${MAX_EXTRA_DEPTH} levels deep; left out`,
    );
  table.samples.push(sample);
  table.keyById.set(raw.id, key.key);
  table.sampleByKey.set(key.key, sample);
}
