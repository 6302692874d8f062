import type { LabelAnnotationList, LabelSample } from '../checks/labels/label-check-input.js';
import type { AnnotationColumnBatch, AnnotationSurvey } from '../formats/define-format.js';
import type { Problem } from '../formats/problems.js';
import type { SampleMetrics } from '../metrics/sample-metrics.js';
import type { Annotation } from '../model/annotation.js';
import type { ClassDef } from '../model/class-def.js';
import type { LabelSourceKind } from '../model/label-source.js';
import type { MediaProbe, Sample, ScanStatus } from '../model/sample.js';
import type { DatasetStats } from '../stats/dataset-stats.js';
import type { AnnotationColumns, AnnotationColumnsQuery } from './annotation-columns.js';

/**
 * The repository layer: everything the rest of Assay asks of a project's database. The embedded
 * implementation is DuckDB (src/node/store/duckdb-store.ts); a team server on PostgreSQL can implement
 * the same interface later without touching analyses.
 */
export interface StoredClass extends ClassDef {
  id: number;
}

export interface StoredSource {
  id: number;
  name: string;
  kind: LabelSourceKind;
}

/** A sample as a label export names and sizes it (SampleLabelRow): no probe, tags, texts or hashes. */
export interface SampleLabelRow {
  root: string;
  key: string;
  split?: string;
  originalId?: StoredSample['originalId'];
  /** The declared width (even 0), else the scanned one unless 0 (as ExportKeys.sample sizes a sample). */
  width?: number;
  height?: number;
  metadata?: Record<string, unknown>;
}

export interface StoredSample extends Sample {
  id: number;
  /** Images root as stored: relative to the project folder, or absolute when outside it. */
  root: string;
  probe: MediaProbe;
}

/** A text sample's detected language (ISO 639-1) and script, as `assay check` saves them. */
export interface TextLanguageRow {
  sampleId: number;
  language?: string;
  script?: string;
  reliable: boolean;
}

/** A text sample as the text checks read it (ProjectStore.textCheckBatches). */
export interface TextCheckRow {
  id: number;
  key: string;
  text: string;
  split?: string;
  /** The language the source states. */
  language?: string;
  /** CoNLL tags of IOB2/BIOES files (not IOB1, where I- may open an entity). */
  tags?: string[];
  /** The sample's classification labels under the checked source, sorted, joined by `|`. */
  labels?: string;
}

/** A span annotation with its text sample's key and text (ProjectStore.spanCheckBatches). */
export interface SpanCheckRow {
  id: number;
  sampleId: number;
  key: string;
  text: string;
  label?: string;
  start: number;
  end: number;
  tokenStart?: number;
  tokenEnd?: number;
}

/** One sample's uncertainty under one prediction source (eval/text-uncertainty.ts). */
export interface UncertaintyRow {
  sampleId: number;
  score: number;
  leastConfidence?: number;
  margin?: number;
  entropy?: number;
  spanUncertainty?: number;
}

export interface StoredAnnotation extends Annotation {
  id: number;
  sampleId: number;
}

/** An annotation's class and geometry only: what checks, statistics and plans read (listAnnotationGeometry). */
export type AnnotationGeometry = Pick<
  StoredAnnotation,
  | 'id'
  | 'sampleId'
  | 'source'
  | 'kind'
  | 'label'
  | 'bbox'
  | 'points'
  | 'keypoints'
  | 'attributes'
  | 'originalId'
>;

/** Class and geometry plus what evaluation reads: masks, areas, crowd flags, scores, probabilities. */
export type EvalAnnotation = AnnotationGeometry &
  Pick<StoredAnnotation, 'mask' | 'area' | 'iscrowd' | 'score' | 'probs'>;

/** `aborted`: the process running it ended without finishing it (killed); set when the project next opens. */
export type RunStatus = 'running' | 'ok' | 'failed' | 'interrupted' | 'aborted';

export interface NewIssue {
  sampleId?: number;
  annotationId?: number;
  type: string;
  severity: 'error' | 'warning' | 'info';
  score: number;
  reason: string;
  details?: Record<string, unknown>;
}

/** An issue as stored (see NewIssue); `status` is open, confirmed, fixed or ignored. */
export interface StoredIssue extends NewIssue {
  id: number;
  runId: number;
  status: string;
}

export interface IssueQuery {
  /** Only these types (default: all). */
  types?: string[];
  /** Only these statuses (default: open and confirmed; `ignored` and `fixed` are left out). */
  status?: string[];
  /** At most this many issues per type, the highest scores first (default: all). */
  limitPerType?: number;
}

/** Which issues a page or count covers: types (default all), statuses (default all but `ignored`). */
export interface IssuePageQuery {
  types?: string[];
  status?: string[];
  /** At most this many (default: all), after skipping `offset`. */
  limit?: number;
  offset?: number;
}

/** An issue as listed for people: with the path of its sample and of the related samples its details name. */
export interface ListedIssue extends StoredIssue {
  /** The sample's key (its path as imported), when the issue concerns a sample. */
  sampleKey?: string;
  /** Keys of `details.related_sample_ids`, in that order (`sample <id>` for an id no longer known). */
  relatedKeys: string[];
}

export interface IssueCount {
  type: string;
  severity: NewIssue['severity'];
  n: number;
}

/** One object's outcome in an `eval` run (table eval_matches). */
export interface EvalMatchRow {
  annotationId: number;
  sampleId: number;
  role: 'gt' | 'pred';
  classId: number | null;
  /** Prediction score (null for ground truth). */
  score: number | null;
  /** The annotation it matched, if any. */
  matchedId: number | null;
  iou: number | null;
  outcome: 'tp' | 'fp' | 'fn' | 'ignored';
  /** TIDE error type (cls, loc, both, dupe, bkg, miss), or null. */
  error: string | null;
}

/** TP/FP/FN counts of one sample in an `eval` run (table eval_samples). */
export interface EvalSampleRow {
  sampleId: number;
  tp: number;
  fp: number;
  fn: number;
}

/** What an `eval` run stores besides its summary; `gt`/`pred` are the source names it compared. */
export interface EvalResults {
  gt: string;
  pred: string;
  /** Every object's row; an iterable is read once, while the rows are written. */
  matches: Iterable<EvalMatchRow>;
  /**
   * More rows in batches, written after `matches` as each batch comes (issue 12: a batch may be
   * computed from reads of the store, between the writes, inside the same transaction).
   */
  batches?: AsyncIterable<Iterable<EvalMatchRow>>;
  /** The samples' rows, or a function giving them once every match row is written. */
  samples: EvalSampleRow[] | (() => EvalSampleRow[]);
}

export interface ClassSummary {
  name: string;
  supercategory?: string;
  original_ids: Record<string, number | string>;
  /** Annotation count per label source name. */
  counts: Record<string, number>;
}

export interface SourceSummary {
  name: string;
  kind: LabelSourceKind;
  annotations: number;
  samples: number;
}

/** What `assay info --json` prints: field names are part of the public contract. */
export interface ProjectSummary {
  samples: number;
  /** Samples per kind (`image`, `text`). */
  sample_kinds?: Record<string, number>;
  annotations: {
    total: number;
    by_source: Record<string, { total: number; by_kind: Record<string, number> }>;
  };
  sources: SourceSummary[];
  classes: ClassSummary[];
  splits: Record<string, number>;
  /** Image samples per scan status (texts have no file to scan). */
  scan: Record<ScanStatus, number>;
  issues: { total: number; by_type: Record<string, number> };
  runs: { id: number; kind: string; status: string; started_at: string; samples: number | null }[];
}

/** What `eval` reads of a sample (listEvaluationSamples): width and height declared, else probed. */
export interface EvaluationSample {
  id: number;
  key: string;
  kind: string;
  originalId?: string;
  width?: number;
  height?: number;
}

export interface SampleQuery {
  /** Only these scan statuses. */
  status?: ScanStatus[];
  /** Only samples of this kind. */
  kind?: 'image' | 'text' | 'point_cloud';
  /** Only samples of other kinds than this. */
  notKind?: 'image' | 'text' | 'point_cloud';
}

/**
 * Annotations appended as they come, for an import that writes while it reads: `add` takes rows at
 * once (ids in the order added), `flush` stores them, all of them when `all` (else whole chunks).
 */
export interface AnnotationSink {
  readonly waiting: number;
  readonly count: number;
  add(rows: readonly Annotation[]): void;
  flush(all: boolean): Promise<void>;
  /** Ends the appending (after the last flush, or after a failure). */
  close(): Promise<void>;
}

export interface ProjectStore {
  close(): Promise<void>;
  /** Runs `fn` in one transaction: all of it lands, or none of it. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  listClasses(): Promise<StoredClass[]>;
  /** Adds new classes at the end of the class map and merges original ids of known ones. */
  upsertClasses(classes: ClassDef[]): Promise<Map<string, number>>;

  listSources(): Promise<StoredSource[]>;
  ensureSource(name: string): Promise<StoredSource>;
  countAnnotations(sourceId: number): Promise<number>;
  /** Annotations of a source (by name) per kind, by one GROUP BY. */
  annotationKinds(source: string): Promise<Record<string, number>>;
  /** Ids of the samples that have annotations from this source. */
  annotatedSampleIds(sourceId: number): Promise<Set<number>>;
  /** Deletes a source's annotations, on the given samples only when `sampleIds` is set. */
  deleteAnnotations(sourceId: number, sampleIds?: number[]): Promise<number>;

  /** Inserts new samples under `root` and fills declared sizes/splits of known ones; returns key → id. */
  upsertSamples(root: string, samples: Sample[]): Promise<Map<string, number>>;
  listSamples(query?: SampleQuery): Promise<StoredSample[]>;
  /** Every sample as `eval` reads it, in id order (no probe, metadata or text). */
  listEvaluationSamples(): Promise<EvaluationSample[]>;
  /** How many samples listSamples(query) would list. */
  countSamples(query?: SampleQuery): Promise<number>;
  saveProbes(rows: { id: number; probe: MediaProbe }[]): Promise<void>;
  /** Metrics scan computed, by sample id; samples never decoded (or scanned before metrics) have none. */
  listSampleMetrics(): Promise<Map<number, SampleMetrics>>;
  /** Replaces the metrics of these samples; a row without metrics deletes the sample's row. */
  saveSampleMetrics(rows: { id: number; metrics?: SampleMetrics }[]): Promise<void>;
  /** Replaces the detected languages of text samples (table text_languages); `append` adds rows to those saved. */
  saveTextLanguages(rows: readonly TextLanguageRow[], options?: { append?: boolean }): Promise<void>;
  listTextLanguages(): Promise<Map<number, TextLanguageRow>>;
  /** Replaces the per-sample uncertainty rows of one prediction source (table sample_uncertainty). */
  saveUncertainty(source: string, runId: number, rows: readonly UncertaintyRow[]): Promise<void>;

  /** Bulk-appends annotations; sample keys and class names must already be mapped. */
  appendAnnotations(
    rows: Annotation[],
    maps: { sampleIds: Map<string, number>; classIds: Map<string, number>; sourceIds: Map<string, number> },
    runId: number,
  ): Promise<number>;
  /** An AnnotationSink appending with these maps (which must hold every sample, class and source added). */
  annotationSink(
    maps: { sampleIds: Map<string, number>; classIds: Map<string, number>; sourceIds: Map<string, number> },
    runId: number,
  ): Promise<AnnotationSink>;
  listAnnotations(sourceNames?: string[]): Promise<StoredAnnotation[]>;
  /** Every annotation (all sources) of these samples, in id order. */
  listAnnotationsOfSamples(sampleIds: number[]): Promise<StoredAnnotation[]>;
  /** Annotations of a source on each sample, in sample id order (0 for samples without any). */
  annotationsPerSample(source: string): Promise<Float64Array>;
  /** The images roots samples are stored under, in the order of their first sample. */
  sampleRoots(): Promise<string[]>;
  /** The most keypoints (values / 3, rounded up) of any keypoints annotation of these sources; 0 when none. */
  keypointsPerObject(sourceNames: string[]): Promise<number>;
  /** Some annotation of these sources has the attribute `oriented: true`. */
  orientedBoxes(sourceNames: string[]): Promise<boolean>;
  /** These sources' annotations summed up for COCO's instances file (DatasetBatches.annotationSurvey). */
  annotationSurvey(sourceNames: string[]): Promise<AnnotationSurvey>;
  /** Samples in id order, read in batches (of `size`, default 8,192) while iterating (outputs that stream). */
  sampleBatches(size?: number): AsyncIterable<StoredSample[]>;
  /** sampleBatches as root, key, split and original id only (a pass that names samples). */
  sampleKeyBatches(
    size?: number,
  ): AsyncIterable<{ root: string; key: string; split?: string; originalId?: StoredSample['originalId'] }[]>;
  /**
   * sampleBatches as a label export needs them: root, key, split, original id, size (declared, else scanned)
   * and metadata only (issue 12: a cheaper pass over 1M samples).
   */
  sampleLabelBatches?(size?: number): AsyncIterable<SampleLabelRow[]>;
  /** Text samples in id order, in batches, with their classification labels under `source` (the text checks). */
  textCheckBatches(source: string, size?: number): AsyncIterable<TextCheckRow[]>;
  /** `source`'s span annotations on text samples, by sample then id, with the sample's key and text. */
  spanCheckBatches(source: string, size?: number): AsyncIterable<SpanCheckRow[]>;
  /**
   * listAnnotations in batches while iterating: in id order, or by sample id then id (`order: 'sample'`);
   * each with the root of its sample.
   */
  annotationBatches(
    sourceNames?: string[],
    order?: 'id' | 'sample',
    size?: number,
  ): AsyncIterable<(StoredAnnotation & { sampleRoot: string })[]>;
  /**
   * annotationBatches in id order (or by sample, then id) as columns (AnnotationColumnBatch): plain boxes as
   * typed values, every other annotation as its object without its sample key (`sample` is ''); `sampleIndex`
   * counts samples in id order.
   */
  annotationColumnBatches(
    sourceNames?: string[],
    order?: 'id' | 'sample',
    geometry?: boolean,
    /** true: plain polygons as columns (AnnotationColumnBatch.polygons), not objects. */
    polygons?: boolean,
  ): AsyncIterable<AnnotationColumnBatch & { objects: (StoredAnnotation | undefined)[] }>;
  /**
   * Class and geometry of the annotations (all sources, or these), column-wise and much faster than
   * listAnnotations; with `evaluation`, also masks, areas, crowd flags, scores and probabilities
   * (and no keypoints, attributes or original ids); `shapes: false` leaves out points and masks.
   */
  listAnnotationGeometry(
    sourceNames?: string[],
    query?: { evaluation?: boolean; shapes?: boolean; kinds?: string[] },
  ): Promise<EvalAnnotation[]>;
  /** One label source's annotations as typed columns in id order (no object per annotation). */
  readAnnotationColumns(source: string, options?: AnnotationColumnsQuery): Promise<AnnotationColumns>;
  /** Sets the image positions `readAnnotationColumns({ images })` reads by: sampleIds[i] at position i. */
  writeEvalImageOrder(sampleIds: ArrayLike<number>): Promise<void>;
  /**
   * Lowers the database's memory limit to `limit` (a DuckDB size) until the returned function is
   * called; nothing when ASSAY_DUCKDB_MEMORY_LIMIT is set or the limit is lower already.
   */
  capMemory(limit: string): Promise<() => Promise<void>>;
  /** How many annotations of the sources each class has (class id -1: without a class). */
  classCounts(sources: string[]): Promise<Map<number, number>>;
  /**
   * Every sample and one label source's annotations for the label checks, in batches of consecutive
   * sample ids (annotations as typed columns, each row made as an object when read).
   */
  labelCheckBatches(
    source: string,
    samplesPerBatch?: number,
  ): AsyncIterable<{ samples: LabelSample[]; annotations: LabelAnnotationList }>;
  /** Class ids, widths and heights of one source's boxes (for the outlier checks' class statistics). */
  readLabelBoxSizes(
    source: string,
  ): Promise<{ n: number; classId: Int32Array; w: Float64Array; h: Float64Array }>;

  startRun(kind: string, params: Record<string, unknown>): Promise<number>;
  /** The parameters of every finished ('ok') run of a kind, oldest first (imports: what was read). */
  listRunParams(kind: string): Promise<Record<string, unknown>[]>;
  /** Every distinct images root samples are stored under, as stored. */
  listSampleRoots(): Promise<string[]>;
  finishRun(id: number, status: RunStatus, summary: Record<string, unknown>, samples?: number): Promise<void>;
  /** Marks every `running` run `aborted` with this reason (its process is gone); returns their ids. */
  abortRunningRuns(reason: string): Promise<number[]>;
  addProblems(runId: number, problems: Problem[]): Promise<void>;
  /** Replaces the issues of the given types with new ones found by `runId`; one found again keeps its status. */
  replaceIssues(runId: number, types: string[], issues: NewIssue[]): Promise<void>;
  /**
   * replaceIssues for issues found batch by batch: `produce` hands each batch to `write`, which stores
   * it at once; all in one transaction, so a failure or an interruption changes nothing.
   */
  replaceIssuesInBatches(
    runId: number,
    types: string[],
    produce: (write: (issues: NewIssue[]) => Promise<void>) => Promise<void>,
  ): Promise<void>;
  /** Issues by type, then score (highest first), then id. */
  listIssues(query?: IssueQuery): Promise<StoredIssue[]>;
  /** A page of issues, most important first (severity, then score, then id), read by SQL with LIMIT. */
  listIssuePage(query?: IssuePageQuery): Promise<ListedIssue[]>;
  /** Issue counts by type and severity, by one GROUP BY. */
  issueCounts(query?: IssuePageQuery): Promise<IssueCount[]>;

  /**
   * Stores an `eval` run's matches and per-sample counts, replacing those of earlier eval runs of the
   * same `gt` and `pred` sources (their runs and summaries stay), so each pair has one current set.
   */
  saveEvalResults(runId: number, results: EvalResults): Promise<void>;
  listEvalMatches(runId: number): Promise<EvalMatchRow[]>;
  listEvalSamples(runId: number): Promise<EvalSampleRow[]>;

  summary(): Promise<ProjectSummary>;
  /** What `assay stats` prints, by SQL aggregates over the store (`source`: the described label source). */
  datasetStats(source: string): Promise<DatasetStats>;
}
