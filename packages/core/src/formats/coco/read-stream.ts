import { type ReadInput, RestartWithoutSink } from '../define-format.js';
import { type JsonStreamHandler, type JsonTopKind, scanJsonStream } from '../json-stream.js';
import { ProblemList } from '../problems.js';
import type { CocoRead } from './coco-read.js';
import { type FilesByName, filesByName } from './foreign-names.js';
import { fileNameInHead, HEAD_BYTES } from './locate.js';
import { checkFirstResult, notCocoTopLevel, notCocoWithoutImages } from './not-coco.js';
import { parseJsonAt } from './parse-json.js';
import { type InstancesList, InstancesReader } from './read-instances.js';
import { readLicences } from './read-licences.js';
import { ResultsReader } from './read-results.js';
import { isRecord } from './schema.js';

const LISTS: ReadonlySet<string> = new Set<InstancesList>(['images', 'categories', 'annotations']);

/**
 * Annotations handed to a sink at a time: small, so that they become rows before the next young-
 * generation GC (4,096 kept ~40% more of them alive through one, and the GC time with them).
 */
const STREAM_BATCH = 256;

/** JSON equality of two parsed values; a value nested too deeply to serialise is not the same. */
function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** Feeds the scanner's elements and members to the reader the top level calls for. */
class CocoStreamHandler implements JsonStreamHandler {
  readonly problems = new ProblemList();
  results: ResultsReader | undefined;
  instances: InstancesReader | undefined;
  /** Top-level keys in file order, and whether `images` was a list. */
  readonly keys: string[] = [];
  sawImages = false;
  /** The top-level `licenses` value, if any (parsed whole: it is not streamed). */
  licences: unknown;
  private sawCategories = false;
  /** Annotations are being handed to input.sink (see streamAnnotations). */
  private streaming = false;

  /** Categories read ahead from the file's tail (see trailing-categories.ts), and how many were met. */
  private ahead: unknown[] | undefined;
  private aheadMet = -1;

  constructor(
    private readonly file: string,
    private readonly input: ReadInput,
    private readonly imagesRoot: string,
    categoriesAhead?: unknown[],
    private readonly files?: FilesByName,
  ) {
    this.ahead = categoriesAhead;
  }

  start(kind: JsonTopKind): void {
    const { file, input } = this;
    if (kind !== 'object') this.ahead = undefined; // only an object has top-level categories
    if (kind === 'array') this.results = new ResultsReader(file, input.source, this.problems, input.lookup);
    else if (kind === 'object') {
      this.instances = new InstancesReader(file, input.source, this.imagesRoot, this.files);
      if (this.ahead) {
        for (const [i, category] of this.ahead.entries()) this.instances.add('categories', category, i);
        this.sawCategories = true;
      }
    }
  }

  element(key: string | undefined, index: number, value: unknown): void {
    if (this.results) {
      if (index === 0) checkFirstResult(value, this.file);
      this.results.add(value, index);
      if (this.input.sink) this.streamResults();
    } else if (key === 'categories' && this.ahead) {
      this.meetAhead(value, index);
    } else if (this.instances) {
      this.instances.add(key as InstancesList, value, index);
      if (key === 'annotations' && this.input.sink) this.streamAnnotations(value);
    }
  }

  /**
   * Hands a results list's detections to input.sink in batches from the start: its samples and
   * classes are the project's, each given with the first batch that refers to it.
   */
  private streamResults(): void {
    const { results, input } = this;
    const sink = input.sink;
    if (!results || !sink) return;
    if (!this.streaming) {
      sink.start({ classes: [], samples: [], imagesRoot: this.imagesRoot });
      this.streaming = true;
    }
    if (results.waiting >= STREAM_BATCH) this.drainResults();
  }

  private drainResults(): void {
    const { annotations, samples, classes } = (this.results as ResultsReader).drain();
    if (annotations.length > 0 || samples.length > 0 || classes.length > 0) {
      this.input.sink?.annotations(annotations, { samples, classes });
    }
  }

  /** A record of the real `categories` list, when they were read ahead: it must be the same. */
  private meetAhead(value: unknown, index: number): void {
    const ahead = this.ahead as unknown[];
    if (index >= ahead.length || !sameJson(value, ahead[index])) {
      throw new RestartWithoutSink(`categories[${index}] differs from the one read ahead`);
    }
    this.aheadMet = index + 1;
  }

  /** The file is read: the categories read ahead must have been its list, whole. */
  checkAhead(): void {
    if (this.ahead && this.aheadMet !== this.ahead.length) {
      throw new RestartWithoutSink('the categories read ahead were not the file’s list');
    }
  }

  /**
   * Hands the annotations to input.sink in batches once images and categories are complete (they come
   * before annotations in most files); otherwise, and for captions files, they wait for `finish`.
   */
  private streamAnnotations(record: unknown): void {
    const { instances, input } = this;
    const sink = input.sink;
    if (!instances || !sink) return;
    if (this.streaming) {
      if (instances.waiting >= STREAM_BATCH) sink.annotations(instances.drain());
      return;
    }
    if (!this.sawImages || !this.sawCategories || (isRecord(record) && 'caption' in record)) return;
    const { classes, samples, first } = instances.startStreaming();
    const probsOrder = classes.map((c) => c.name);
    sink.start({ classes, samples, imagesRoot: this.imagesRoot, probsOrder });
    this.streaming = true;
    if (first.length > 0) sink.annotations(first);
  }

  member(key: string | undefined, value: unknown): void {
    if (key === undefined) throw notCocoTopLevel(this.file, value);
    this.keys.push(key);
    if (key === 'licenses') this.licences = value;
    // images, categories, annotations that are lists come as elements: these are not lists.
    if (key === 'categories' && this.ahead) throw new RestartWithoutSink('categories is not a list');
    if (key === 'categories' || key === 'annotations') this.instances?.notAList(key);
  }

  listEnd(key: string | undefined): void {
    if (key === undefined) {
      if (this.results && this.streaming) this.drainResults();
      return;
    }
    this.keys.push(key);
    if (key === 'images') this.sawImages = true;
    if (key === 'categories') {
      this.sawCategories = true;
      if (this.ahead) this.aheadMet = Math.max(this.aheadMet, 0);
    }
    if (key === 'annotations' && this.streaming && this.instances && this.instances.waiting > 0) {
      this.input.sink?.annotations(this.instances.drain());
    }
  }
}

/**
 * The first chunks of a file, until they hold a `file_name` or HEAD_BYTES: whether the file_names are
 * absolute paths from another machine (foreign-names.ts) is known before the first image is read. The
 * chunks are handed to the parser after, so the file is read once.
 */
async function readHead(source: AsyncIterator<Uint8Array>): Promise<{ chunks: Uint8Array[]; text: string }> {
  const chunks: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < HEAD_BYTES && fileNameInHead(text) === undefined) {
    const next = await source.next();
    if (next.done) break;
    chunks.push(next.value);
    text += decoder.decode(next.value, { stream: true });
  }
  return { chunks, text };
}

/**
 * Reads a COCO file as a stream of chunks, parsing one record of `images`, `categories`,
 * `annotations` (or of a results list) at a time and handing it to the same readers the whole-file
 * path uses, so the result is the same. Other top-level members (info, licenses) are parsed whole.
 */
export async function streamCoco(
  file: string,
  input: ReadInput,
  imagesRoot: string,
  chunkSize?: number,
  categoriesAhead?: unknown[],
): Promise<CocoRead> {
  const source = input.io.readChunks(file, chunkSize)[Symbol.asyncIterator]();
  const head = await readHead(source);
  const files = await filesByName(input.io, imagesRoot, fileNameInHead(head.text));
  const handler = new CocoStreamHandler(file, input, imagesRoot, categoriesAhead, files);
  let nonFinite = 0;
  const parse = (text: string, offset: number): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      const parsed = parseJsonAt(text, file, offset);
      nonFinite += parsed.nonFinite;
      return parsed.value;
    }
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield* head.chunks;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  const { signal, sink } = input;
  const pause = sink?.ready ? () => sink.ready?.() : undefined;
  await scanJsonStream(chunks(), handler, {
    file,
    streamKeys: LISTS,
    parse,
    ...(signal ? { signal } : {}),
    ...(pause ? { pause } : {}),
  });
  handler.checkAhead();
  const { problems, results, instances } = handler;
  if (results) {
    const dataset = results.finish();
    return { ...dataset, notes: [results.note()], problems, nonFinite, isResults: true };
  }
  if (!instances || !handler.sawImages) throw notCocoWithoutImages(file, handler.keys);
  const read = instances.finish(problems);
  return { ...read, problems, nonFinite, licences: readLicences(handler.licences, file, problems) };
}
