import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { mergeSplitReads } from '../merge-split-reads.js';
import { normalizePath } from '../paths.js';
import { ProblemList } from '../problems.js';
import type { CocoRead } from './coco-read.js';
import { filesByName, foreignPath } from './foreign-names.js';
import { type CocoFile, defaultImagesRoot, findCocoFiles } from './locate.js';
import { checkFirstResult, notCocoTopLevel, notCocoWithoutImages } from './not-coco.js';
import { parseJson } from './parse-json.js';
import { readInstances } from './read-instances.js';
import { readLicences } from './read-licences.js';
import { ResultsReader } from './read-results.js';
import { streamCoco } from './read-stream.js';
import { isRecord } from './schema.js';
import { readTrailingCategories } from './trailing-categories.js';

/** Files larger than this are read as a stream, record by record (V8 strings stop near 512 MB). */
export const COCO_STREAM_THRESHOLD = 256 * 1024 * 1024;
/**
 * With a sink (import), files larger than this are read as a stream whose annotations are handed over
 * while reading, in chunks small enough that the writes waiting on this thread get their turns.
 */
export const COCO_SINK_THRESHOLD = 4 * 1024 * 1024;
const SINK_CHUNK_SIZE = 128 * 1024;

export interface ReadCocoOptions {
  /** Files of more bytes than this are parsed as a stream (default COCO_STREAM_THRESHOLD). */
  streamAbove?: number;
  /** Bytes per chunk when streaming (default: FormatIO.readChunks's, 1 MiB for Node). */
  chunkSize?: number;
}

/** Parses the whole file as one string: for files below the streaming threshold. */
/** The first file_name of `images` that is an absolute path or a URL, if any. */
function firstForeignName(images: unknown[]): string | undefined {
  for (const image of images) {
    const name = isRecord(image) ? image.file_name : undefined;
    if (typeof name === 'string' && foreignPath(name)) return name;
  }
  return undefined;
}

async function readWhole(file: string, input: ReadInput, imagesRoot: string): Promise<CocoRead> {
  const text = await input.io.readText(file);
  input.signal?.throwIfAborted();
  const { value, nonFinite } = parseJson(text, file);
  const problems = new ProblemList();
  if (Array.isArray(value)) {
    if (value.length > 0) checkFirstResult(value[0], file);
    const reader = new ResultsReader(file, input.source, problems, input.lookup);
    for (let i = 0; i < value.length; i++) reader.add(value[i], i);
    const dataset = reader.finish();
    return { ...dataset, notes: [reader.note()], problems, nonFinite, isResults: true };
  }
  if (!isRecord(value)) throw notCocoTopLevel(file, value);
  if (!Array.isArray(value.images)) throw notCocoWithoutImages(file, Object.keys(value));
  const files = await filesByName(input.io, imagesRoot, firstForeignName(value.images));
  const instances = readInstances(value, file, input.source, problems, imagesRoot, files);
  return { ...instances, problems, nonFinite, licences: readLicences(value.licenses, file, problems) };
}

/**
 * Reads a COCO instances-style file (see read-instances.ts) or a results list (read-results.ts).
 * Every annotation gets `input.source` as its label source. Images root: `input.images`, else the
 * rule in locate.ts `defaultImagesRoot`. Files above `options.streamAbove` bytes are read as a
 * stream (read-stream.ts), with the same result.
 */
export async function readCoco(input: ReadInput, options: ReadCocoOptions = {}): Promise<ReadResult> {
  const notes: string[] = [];
  const files = await findCocoFiles(input.path, input.io, notes);
  const only = files.length === 1 ? files[0] : undefined;
  if (only && only.split === undefined) {
    const read = await readCocoFile(normalizePath(only.file), input, options);
    return notes.length > 0 ? { ...read, notes: [...notes, ...(read.notes ?? [])] } : read;
  }
  // One file per split: read each whole (no sink), then merge with each file's split on its samples.
  const { sink: _sink, ...whole } = input;
  const reads: { file: CocoFile; read: ReadResult }[] = [];
  for (const file of files) {
    const path = normalizePath(file.file);
    reads.push({ file: { ...file, file: path }, read: await readCocoFile(path, whole, options) });
  }
  return mergeSplitReads(reads, notes);
}

async function readCocoFile(file: string, input: ReadInput, options: ReadCocoOptions): Promise<ReadResult> {
  const size = await input.io.fileSize(file);
  const sink = input.sink !== undefined;
  const above =
    options.streamAbove ?? (sink ? (input.sinkSizes?.above ?? COCO_SINK_THRESHOLD) : COCO_STREAM_THRESHOLD);
  const stream = size !== undefined && size > above;
  const imagesRoot = input.images ? normalizePath(input.images) : await defaultImagesRoot(file, input.io);
  const chunkSize = options.chunkSize ?? (sink ? (input.sinkSizes?.chunkSize ?? SINK_CHUNK_SIZE) : undefined);
  // With a sink, categories written last (as in the official files) are read ahead from the tail.
  const ahead =
    stream && sink && size !== undefined
      ? await readTrailingCategories(file, size, input.io, input.sinkSizes?.above)
      : undefined;
  const read = stream
    ? await streamCoco(file, input, imagesRoot, chunkSize, ahead)
    : await readWhole(file, input, imagesRoot);
  const problems = new ProblemList();
  if (read.nonFinite > 0) {
    problems.warn(
      file,
      undefined,
      `${read.nonFinite} NaN/Infinity values (not valid JSON) were read as null`,
      'The records holding them are reported below; fix the tool that wrote the file.',
    );
  }
  for (const problem of read.problems.items) problems.items.push(problem);
  const { classes, samples, annotations, notes, licences } = read;
  const probsOrder = read.isResults ? undefined : classes.map((c) => c.name);
  return {
    classes,
    samples,
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
    ...(probsOrder ? { probsOrder } : {}),
    ...(licences?.length ? { licences } : {}),
  };
}
