import { AssayError } from '../../errors.js';
import { extractCountsStrings } from '../../eval/coco/counts-strings.js';
import { dropJsonValues } from '../../eval/coco/drop-json-values.js';
import { type CocoClassResult, evaluateCoco } from '../../eval/coco/evaluate-coco.js';
import { loadCocoDetections } from '../../eval/coco/load-detections.js';
import { loadCocoGroundTruth } from '../../eval/coco/load-ground-truth.js';
import { readCocoDetectionsBytes, readCocoGroundTruthBytes } from '../../eval/coco/read-coco-bytes.js';
import type {
  CocoAccumulated,
  CocoEvalDataset,
  CocoEvalParams,
  CocoIouType,
  CocoSummary,
} from '../../eval/coco/types.js';
import { WasmJsonRecords } from '../../eval/coco/wasm/wasm-json-records.js';
import { type DetectionAnalyses, detectionAnalyses } from '../../eval/detection-analyses.js';
import { decodeText, readFileBytes, readTextFile } from '../read-text-file.js';
import { evaluateBoxFiles, readBoxFiles } from './evaluate-box-files.js';
import { BUFFER_LIMIT, fileSize, JSON_STRING_LIMIT, readJsonStreamed } from './read-json-streamed.js';

export interface EvaluateCocoFilesOptions {
  gt: string;
  dt: string;
  iouType?: CocoIouType;
  useCats?: boolean;
  signal?: AbortSignal;
  /** Precision and scores at the last maxDets only (see AccumulateOptions): all the summary reads. */
  lastMaxDetsCurves?: boolean;
  /**
   * Files bigger than this (bytes) are parsed element by element instead of as one string (default:
   * JSON_STRING_LIMIT, V8's longest string; tests make it 0). A clean box file up to 2 GiB is still
   * read from its bytes (read-coco-bytes.ts), which needs no string either.
   */
  streamAbove?: number;
  /**
   * A box evaluation (useCats) of files bigger than this in all (bytes) is read into buckets of images
   * and evaluated a bucket at a time, one per this many bytes (default 64 MiB; tests make it small):
   * issue 12, a file pair of a million images in bounded memory (evaluate-box-files.ts).
   */
  batchBytes?: number;
  /** Also the analyses beyond pycocotools (detectionAnalyses' defaults) at this IoU (default 0.5). */
  analyses?: { iou?: number };
  /**
   * The caller reads none of `accumulated`'s arrays (the summary, the per-class table and the PR curves
   * are made from them): they come back empty, and their kernel memory serves the analyses' kernels.
   */
  releaseCurves?: boolean;
}

export interface CocoFilesEvaluation {
  params: CocoEvalParams;
  /** Its arrays are empty with `releaseCurves` (and analyses). */
  accumulated: CocoAccumulated;
  summary: CocoSummary;
  perClass: CocoClassResult[];
  counts: { images: number; categories: number; gt: number; dt: number };
  /** The categories' names, in the evaluation's order. */
  categoryNames: string[];
  /** TIDE, the confusion matrix, the PR curves and calibration (when `analyses` is asked for). */
  analyses?: DetectionAnalyses;
  /** Loading warnings of both files (each names examples); printed on stderr by the CLI. */
  warnings: string[];
  /** Wall time in seconds: reading + parsing + loading both files, and evaluate+accumulate+summarize. */
  timings: { load: number; eval: number };
}

function readText(path: string, role: string): Promise<string> {
  return readTextFile(path, `${role} file`);
}

/** Parses `lighter` (a cheaper equivalent of the text) when given, else the text, whose errors are reported. */
function parseText(text: string, path: string, role: string, lighter?: string): unknown {
  if (lighter !== undefined) {
    try {
      return JSON.parse(lighter);
    } catch {
      // Parsed again below, for the error of the text as it is.
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const nan = /(?<![\w"])(NaN|-?Infinity)(?![\w"])/.exec(text);
    throw new AssayError(
      'PARSE_ERROR',
      `The ${role} file ${path} is not valid JSON: ${(error as Error).message}.`,
      {
        hint: nan
          ? `It contains ${nan[1]} (Python's json writes it for float('nan'/'inf')), which JSON does not allow: drop or fix those values.`
          : 'Check the file is complete and is JSON.',
        cause: error,
      },
    );
  }
}

/**
 * Reads and parses a JSON file, with errors that name it (and explain NaN, which JSON cannot hold).
 * `unused`: a member whose values the caller does not read; they are parsed as null (see
 * dropJsonValues), errors are those of the whole text.
 */
export async function readJsonFile(
  path: string,
  role: string,
  unused?: string,
  streamAbove = JSON_STRING_LIMIT,
): Promise<unknown> {
  if ((await sizeOf(path, role)) > streamAbove)
    return readJsonStreamed(path, unused === undefined ? {} : { unused });
  const text = await readText(path, role);
  return parseText(text, path, role, unused === undefined ? undefined : dropJsonValues(text, unused));
}

/** The size of a file a user named, with readFileBytes' checks and errors (a regular file that exists). */
async function sizeOf(path: string, role: string): Promise<number> {
  const size = await fileSize(path);
  if (size === undefined) await readFileBytes(path, `${role} file`); // throws the error that says why
  return size ?? 0;
}

/** readJsonFile that leaves RLE counts strings in the text (see extractCountsStrings). */
async function readResultsWithCounts(path: string, role: string, streamAbove: number) {
  if ((await sizeOf(path, role)) > streamAbove)
    return { json: await readJsonStreamed(path), countsStrings: undefined };
  const text = await readText(path, role);
  const extracted = extractCountsStrings(text);
  // When the lighter text does not parse, the text itself fails too and its error is thrown.
  const json = parseText(text, path, role, extracted?.json);
  return { json, countsStrings: extracted?.counts };
}

/**
 * Reads and loads both files; the parsed JSON stays local to this call, so it can be collected before
 * the evaluation (only the segmentations masks are made from are kept, until they are made).
 */
async function loadFiles(options: EvaluateCocoFilesOptions, iouType: CocoIouType) {
  if (iouType === 'bbox') return loadBoxFiles(options);
  const segm = iouType === 'segm';
  const limit = options.streamAbove ?? JSON_STRING_LIMIT;
  const [gtJson, dt] = await Promise.all([
    // Only a mask evaluation reads ground-truth segmentations (results decide their kind by them).
    readJsonFile(options.gt, 'ground-truth', segm ? undefined : 'segmentation', limit),
    segm
      ? readResultsWithCounts(options.dt, 'results', limit)
      : readJsonFile(options.dt, 'results', undefined, limit).then((json) => ({
          json,
          countsStrings: undefined,
        })),
  ]);
  const dataset = loadCocoGroundTruth(gtJson, { iouType, file: options.gt });
  const detections = loadCocoDetections(dt.json, dataset, {
    iouType,
    file: options.dt,
    ...(dt.countsStrings ? { countsStrings: dt.countsStrings } : {}),
  });
  return { dataset, detections };
}

/**
 * A buffer in the memory of a kernel of its own for a file of `size` bytes (json-records.wat reads it
 * there, without a copy), or undefined (kernels off, or a file too big for it).
 */
function kernelInput(size: number): Buffer | undefined {
  const input = WasmJsonRecords.forFile(size)?.input;
  return input && Buffer.from(input.buffer, input.byteOffset, input.length);
}

/**
 * A box evaluation's files: read from their bytes into typed arrays when they are clean
 * (read-coco-bytes.ts), else parsed and loaded as any other (same result, errors and warnings).
 */
async function loadBoxFiles(options: EvaluateCocoFilesOptions) {
  const limit = options.streamAbove ?? JSON_STRING_LIMIT;
  const [gtSize, dtSize] = await Promise.all([
    sizeOf(options.gt, 'ground-truth'),
    sizeOf(options.dt, 'results'),
  ]);
  // Bytes up to 2 GiB (the fast path needs no string); a bigger file is only ever streamed. One file's
  // bytes at a time: the results are read once the ground truth is loaded.
  const bytesOf = (size: number, path: string, what: string) =>
    size > BUFFER_LIMIT ? undefined : readFileBytes(path, what, kernelInput);
  let gtBytes = await bytesOf(gtSize, options.gt, 'ground-truth file');
  let dtBytes: Buffer | undefined;
  const parse = (bytes: Buffer | undefined, size: number, path: string, role: string, unused?: string) => {
    if (bytes === undefined || size > limit)
      return readJsonStreamed(path, unused === undefined ? {} : { unused });
    const text = decodeText(bytes);
    return parseText(text, path, role, unused === undefined ? undefined : dropJsonValues(text, unused));
  };
  const loadResults = (json: unknown, dataset: CocoEvalDataset) =>
    loadCocoDetections(json, dataset, { iouType: 'bbox', file: options.dt });
  // A file's kernel memory goes back to the pool once its bytes are read (the next kernel reuses its pages).
  const done = (bytes: Buffer | undefined) => {
    if (bytes !== undefined) WasmJsonRecords.releaseInput(bytes);
  };
  const dataset = gtBytes === undefined ? undefined : readCocoGroundTruthBytes(gtBytes);
  if (dataset === undefined) {
    // As for the other kinds: both files parsed (their errors first), then loaded.
    // Each file's bytes go once parsed (a big file's are as big as its parsed records).
    const gtJson = await parse(gtBytes, gtSize, options.gt, 'ground-truth', 'segmentation');
    done(gtBytes);
    gtBytes = undefined;
    dtBytes = await bytesOf(dtSize, options.dt, 'results file');
    const dtJson = await parse(dtBytes, dtSize, options.dt, 'results');
    done(dtBytes);
    dtBytes = undefined;
    const loaded = loadCocoGroundTruth(gtJson, { iouType: 'bbox', file: options.gt });
    return { dataset: loaded, detections: loadResults(dtJson, loaded) };
  }
  done(gtBytes);
  gtBytes = undefined;
  dtBytes = await bytesOf(dtSize, options.dt, 'results file');
  const detections =
    (dtBytes === undefined ? undefined : readCocoDetectionsBytes(dtBytes, dataset)) ??
    loadResults(await parse(dtBytes, dtSize, options.dt, 'results'), dataset);
  done(dtBytes);
  return { dataset, detections };
}

/** Default of EvaluateCocoFilesOptions.batchBytes. */
const BATCH_BYTES = 64 << 20;

/** A box evaluation of files too big to evaluate at once, in batches of images; undefined when they are not clean. */
async function evaluateInBatches(
  options: EvaluateCocoFilesOptions,
): Promise<CocoFilesEvaluation | undefined> {
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  const [gtSize, dtSize] = await Promise.all([
    sizeOf(options.gt, 'ground-truth'),
    sizeOf(options.dt, 'results'),
  ]);
  const buckets = Math.ceil((gtSize + dtSize) / Math.max(1, batchBytes));
  if (buckets <= 1) return undefined;
  const t0 = performance.now();
  const files = readBoxFiles(
    options.gt,
    options.dt,
    () => buckets,
    options.signal ? { signal: options.signal } : {},
  );
  if (files === undefined) return undefined;
  try {
    const t1 = performance.now();
    const e = evaluateBoxFiles(files, {
      ...(options.analyses ? { analyses: options.analyses } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const t2 = performance.now();
    const { truth } = files;
    return {
      ...e,
      counts: {
        images: truth.images.count,
        categories: truth.categories.count,
        gt: truth.gt.total,
        dt: files.dt.total,
      },
      categoryNames: truth.categories.names,
      warnings: [],
      timings: { load: (t1 - t0) / 1000, eval: (t2 - t1) / 1000 },
    };
  } finally {
    files.close();
  }
}

/** `assay eval coco`: loads a COCO ground truth and results file and evaluates them as pycocotools. */
export async function evaluateCocoFiles(options: EvaluateCocoFilesOptions): Promise<CocoFilesEvaluation> {
  const iouType = options.iouType ?? 'bbox';
  if (iouType === 'bbox' && options.useCats !== false) {
    const batched = await evaluateInBatches(options);
    if (batched !== undefined) return batched;
  }
  const t0 = performance.now();
  const { dataset, detections } = await loadFiles(options, iouType);
  const t1 = performance.now();
  const evaluation = evaluateCoco(dataset, detections, {
    iouType,
    useCats: options.useCats ?? true,
    lastMaxDetsCurves: options.lastMaxDetsCurves === true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const t2 = performance.now();
  const iou = options.analyses?.iou;
  return {
    params: evaluation.params,
    accumulated: evaluation.accumulated,
    summary: evaluation.summary,
    perClass: evaluation.perClass,
    counts: {
      images: dataset.images.count,
      categories: dataset.categories.count,
      gt: dataset.gt.count,
      dt: detections.dt.count,
    },
    categoryNames: dataset.categories.names,
    ...(options.analyses === undefined
      ? {}
      : {
          analyses: detectionAnalyses(
            { dataset, dt: detections.dt, evaluated: evaluation.images, accumulated: evaluation.accumulated },
            // The evaluation's IoUs and matches are not returned: their memory serves the analyses' kernels.
            {
              releaseEvaluated: true,
              releaseAccumulated: options.releaseCurves === true,
              ...(iou === undefined ? {} : { iou }),
            },
          ),
        }),
    warnings: [...dataset.warnings, ...detections.warnings],
    timings: { load: (t1 - t0) / 1000, eval: (t2 - t1) / 1000 },
  };
}
