import type { Annotation, AnnotationKind } from '../model/annotation.js';
import type { ClassDef } from '../model/class-def.js';
import type { Sample } from '../model/sample.js';
import type { Sensor } from '../model/sensor.js';
import type { Dataset, ReadResult } from './dataset.js';
import type { FormatIO } from './format-io.js';

/** How sure a format is that a path is one of its own, with the reason shown to the user. */
export interface Detection {
  /** 0..1; above 0.5 means "this is mine", 1 means certain (a schema matched). */
  confidence: number;
  reason: string;
  /**
   * The file to read instead of the folder the user named, when the folder was claimed through one
   * of its files (detectFormat: a Label Studio export folder, a Roboflow split folder).
   */
  path?: string;
}

/** Samples and classes already in the project, for files that refer to them by id (COCO results). */
export interface ProjectLookup {
  /** Sample key for an id a format gave it (`coco` image id...), or undefined. */
  sampleKeyByOriginalId(id: string | number): string | undefined;
  hasSampleKey(key: string): boolean;
  /** Class name for a format's class id (`coco`, 18 → "dog"), or undefined. */
  classNameByOriginalId(format: string, id: string | number): string | undefined;
  /** Image size of a known sample (declared or scanned), for formats with normalised coordinates. */
  sampleSize(key: string): { width: number; height: number } | undefined;
  /**
   * A sensor of the project by id (`<frame>/velodyne`), with its calibration, for label files that
   * come without their calibration (a KITTI predictions folder); present when the format reads cuboids.
   */
  sensor?(id: string): Sensor | undefined;
}

/** What a reader knows once its samples and classes are complete (see AnnotationSink). */
export interface ReadHead {
  classes: ClassDef[];
  samples: Sample[];
  imagesRoot: string;
  /** As ReadResult.probsOrder. */
  probsOrder?: string[];
}

/**
 * Lets a reader hand over annotations while it is still reading, so that import writes them in the
 * meantime. Readers may ignore it. One that uses it calls `start` once, when its classes and samples
 * are complete (later changes to them are not seen; samples and classes it only meets later come with
 * the batch that first refers to them), then `annotations` with batches in file order;
 * its ReadResult then holds its final problems and notes, and only the annotations it did not hand
 * over. A reader that finds it cannot keep that promise throws RestartWithoutSink.
 */
export interface AnnotationSink {
  start(head: ReadHead): void;
  /** `more`: samples and classes this batch is the first to refer to, beyond the head's. */
  annotations(batch: Annotation[], more?: ReadMore): void;
  /**
   * A promise while more is waiting to be written than the sink keeps (it is writing already): the
   * reader reads on once it settles, so what is held stays bounded however fast the file is read.
   * Undefined when the reader may go on at once.
   */
  ready?(): Promise<void> | undefined;
}

/** Samples and classes a reader learns as it goes (a results list meets the images it refers to). */
export interface ReadMore {
  samples: Sample[];
  classes: ClassDef[];
}

/** Thrown by a reader that began using an AnnotationSink and must be read again without it. */
export class RestartWithoutSink extends Error {
  constructor(reason: string) {
    super(`read again without a sink: ${reason}`);
    this.name = 'RestartWithoutSink';
  }
}

export interface ReadInput {
  /** The annotation file or dataset folder the user named (absolute). */
  path: string;
  /** Images folder the user named (absolute); each format documents its default. */
  images?: string;
  /** Label source for annotations whose file does not name one, e.g. `ground_truth`, `prediction:yolov8`. */
  source: string;
  io: FormatIO;
  lookup: ProjectLookup;
  signal?: AbortSignal;
  /** Where to hand annotations over while reading, when the reader can (see AnnotationSink). */
  sink?: AnnotationSink;
  /**
   * With `sink`: files of more bytes than `above` are streamed into it, `chunkSize` bytes at a time
   * (each format's defaults: COCO 4 MiB and 128 KiB; COCO's read ahead of categories written last reads
   * no more than `above` from the end). Tests make them small, so that a small file goes through the
   * same streamed path as a large one.
   */
  sinkSizes?: SinkSizes;
  /** The user named `source` (`--as`); false when it is the default. */
  sourceGiven?: boolean;
  /**
   * Which of several annotations of one item to keep (formats with readOption `pick`): `latest`,
   * `first`, `annotator:<name>`, or `each` (every annotation under its own annotator source).
   */
  pick?: string;
  /** Prefixes of image references replaced before they are looked up (readOption `map-prefix`). */
  mapPrefixes?: PrefixMap[];
  /** Text formats: the columns or fields holding the text, the label(s) and the id (readOptions `*-column`). */
  textFields?: TextFields;
  /** Text formats: the key of record n is `<keyPrefix>#<n>` (default: the file name without extension). */
  keyPrefix?: string;
}

/** Sizes of a read that hands annotations to a sink (ReadInput.sinkSizes). */
export interface SinkSizes {
  above?: number;
  chunkSize?: number;
}

/** Columns (CSV) or fields (JSONL) a text reader takes, as the user named them. */
export interface TextFields {
  text?: string;
  /** One or several label columns (several: multi-label, one label per non-empty cell). */
  labels?: string[];
  id?: string;
}

/** `--map-prefix FROM=TO`: an image reference starting with `from` starts with `to` instead. */
export interface PrefixMap {
  from: string;
  to: string;
}

export type ImageExport = 'copy' | 'none';

/** A sample with its annotations (in their order). */
export interface SampleAnnotations {
  sample: Sample;
  annotations: Annotation[];
}

/**
 * A batch of annotations as columns, so that a writer formats the common case (a plain box: kind `bbox`, a
 * finite box, no other geometry, keypoints, attributes, probabilities, span or cuboid) without an object
 * per annotation. A row that is not a plain box is given whole in `objects`; of its columns only
 * `sampleIndex` is to be read.
 */
export interface AnnotationColumnBatch {
  n: number;
  /**
   * The row's annotation when it is not a plain box; undefined for a plain box. Its `sample` is the export
   * key only when `sampleIndex` is -1 (else '': the project reader reads no key per row).
   */
  objects: (Annotation | undefined)[];
  /** Position of the row's sample in samples() order (0 for the first sample); -1: see objects[i].sample. */
  sampleIndex: Int32Array;
  /** Index into sourceNames. */
  source: Int32Array;
  /** Index into labelNames; -1: no label. */
  label: Int32Array;
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  /** NaN: no area stated. */
  area: Float64Array;
  /** 1: a crowd region. */
  iscrowd: Uint8Array;
  /** NaN: no score. */
  score: Float64Array;
  /**
   * Only when the reader was asked for polygons (DatasetBatches.annotationColumns): the rows that are plain
   * polygons (kind `polygon` with rings, a finite box and stated area, nothing else a plain box could not
   * carry) have no object either; their rings, encoded as points-codec.ts does, are
   * `data[start[i] .. start[i + 1])`; start[i] === start[i + 1] for every other row.
   */
  polygons?: { data: Float64Array; start: Int32Array };
  /** The original id when it is an integer (as Annotation.originalId gives it), else NaN. */
  originalId: Float64Array;
  sourceNames: readonly string[];
  labelNames: readonly (string | undefined)[];
}

/**
 * The annotations of annotationColumns() (all sources, listed samples only) summed up for COCO's instances
 * file: what a pass over them in id order would find.
 */
export interface AnnotationSurvey {
  /** Every label, first seen (lowest id) first. */
  labels: string[];
  /** Every source, first seen first (`prediction:*` ones are results files). */
  sources: string[];
  /** Annotations of the sources that are not predictions (ground truth). */
  truth: number;
  /** Labelled ground-truth polylines (written as their boxes). */
  polylines: number;
  /** Every labelled ground-truth annotation has an integer original id and no two the same. */
  keptIds: boolean;
}

/**
 * The dataset to write, read from the project in batches while the writer writes (WriteInput.batches),
 * so that an export never holds every sample and annotation at once. Each call reads again from the start.
 */
export interface DatasetBatches {
  /** Samples in order, a batch at a time. */
  samples(): AsyncIterable<Sample[]>;
  /** samples() as key, split and original id only, when the reader can give them so (cheaper). */
  sampleKeys?(): AsyncIterable<Pick<Sample, 'key' | 'split' | 'originalId'>[]>;
  /**
   * samples() as key, split, original id, width, height and metadata only (what COCO's images and YOLO's
   * label files need), when the reader can give them so (cheaper: issue 12).
   */
  labelSamples?(): AsyncIterable<
    Pick<Sample, 'key' | 'split' | 'originalId' | 'width' | 'height' | 'metadata'>[]
  >;
  /** Annotations in order (only these sources when given), a batch at a time. */
  annotations(sources?: string[]): AsyncIterable<Annotation[]>;
  /** Every sample in order with its annotations, in batches of whole samples. */
  bySample(): AsyncIterable<SampleAnnotations[]>;
  /**
   * The annotations of annotations(sources) as columns (AnnotationColumnBatch): plain boxes as typed values,
   * any other annotation as its object; in id order, or by sample (in samples() order) then id. Absent:
   * writers read annotations() or bySample() (annotation-column-batch.ts).
   */
  annotationColumns?(
    sources?: string[],
    order?: 'id' | 'sample',
    /** false: objects carry only source, kind, label and original id (no geometry read). */
    geometry?: boolean,
    /** true: plain polygons as columns too (AnnotationColumnBatch.polygons), not as objects. */
    polygons?: boolean,
  ): AsyncIterable<AnnotationColumnBatch>;
  /** What COCO surveys of the annotations before writing them, counted by the reader (cheaper than a pass). */
  annotationSurvey?(): Promise<AnnotationSurvey>;
  /** Some annotation has the attribute `oriented: true` (an oriented box: YOLO writes OBB lines). */
  orientedBoxes?: boolean;
  /** The most keypoints any keypoints annotation has (its values / 3, rounded up); 0 when none. */
  keypointsPerObject: number;
}

export interface WriteInput {
  /**
   * The dataset; for a format whose `writesBatches` is true, an export passes only the classes here (samples
   * and annotations empty) and the rest as `batches`.
   */
  dataset: Dataset;
  /** The samples and annotations in batches (see DatasetBatches), given to formats that write them so. */
  batches?: DatasetBatches;
  /** Absolute folder holding the images the sample keys point at. */
  imagesRoot: string;
  /** Absolute output folder; formats write inside it only. */
  outDir: string;
  io: FormatIO;
  /** Copy images into the layout the format expects (`copy`, the default) or write labels only. */
  images?: ImageExport;
  /** One annotation file for every split (formats whose writeOptions include `single-file`: COCO). */
  singleFile?: boolean;
  /**
   * VOC devkit-flat layout (formats whose writeOptions include `voc-flat`): every image as
   * JPEGImages/<id>.jpg (non-JPEG converted), <filename> `<id>.jpg`, and a key map back to the sample keys.
   */
  flat?: boolean;
  signal?: AbortSignal;
}

export interface WriteResult {
  files: string[];
  /**
   * Annotations of `dataset.annotations` actually written (one that becomes several shapes counts once;
   * one left out, or only described in a note, does not count). Export prints this, never the input count.
   */
  annotations: number;
  /** Annotations a format cannot express (a polygon in a box-only format is written as its box). */
  notes: string[];
}

/** What the shared conformance suite may expect of a format. */
export interface FormatCapabilities {
  /** Annotation kinds that survive a write → read round trip. */
  roundTrip: AnnotationKind[];
  /** Class ids of the source format are kept through a round trip. */
  keepsClassIds: boolean;
  /** Reading needs the image files (normalised coordinates). */
  needsImages: boolean;
  /** Predictions (scores) survive a round trip. */
  scores: boolean;
}

export interface Format {
  id: string;
  title: string;
  tasks: AnnotationKind[];
  capabilities: FormatCapabilities;
  detect(path: string, io: FormatIO): Promise<Detection | undefined>;
  read(input: ReadInput): Promise<ReadResult>;
  write?(input: WriteInput): Promise<WriteResult>;
  /**
   * Options of ReadInput / WriteInput beyond the common ones that this format uses (`pick`,
   * `map-prefix`; `single-file`, `voc-flat`). Import and export refuse an option the format does not use, so no
   * flag is ignored silently.
   */
  readOptions?: ReadOption[];
  writeOptions?: WriteOption[];
  /** `write` reads `input.batches` when given (an export then passes the classes only in `dataset`). */
  writesBatches?: boolean;
}

export type ReadOption = 'pick' | 'map-prefix' | 'text-column' | 'label-column' | 'id-column' | 'key-prefix';
export type WriteOption = 'single-file' | 'voc-flat';

export function defineFormat(spec: Format): Format {
  return spec;
}
