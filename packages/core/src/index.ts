export type { CheckIssue, CheckResult, CheckSkip, IssueSeverity } from './checks/check-types.js';
export {
  LABEL_CHECK_DEFAULTS,
  LABEL_CHECK_TYPES,
  type LabelAnnotation,
  type LabelCheckInput,
  type LabelCheckOptions,
  type LabelCheckType,
  type LabelSample,
} from './checks/labels/label-check-input.js';
export { labelChecks } from './checks/labels/label-checks.js';
export {
  MEDIA_CHECK_TYPES,
  type MediaCheckOptions,
  type MediaCheckSample,
  mediaChecks,
} from './checks/media/media-checks.js';
export { blurScore, PROPERTY_DEFAULTS } from './checks/media/property-checks.js';
export { AssayError, type AssayErrorCode, exitCodeFor, toAssayError } from './errors.js';
export type { Dataset, ReadResult } from './formats/dataset.js';
export {
  type Detection,
  defineFormat,
  type Format,
  type FormatCapabilities,
  type ImageExport,
  type ProjectLookup,
  type ReadInput,
  type WriteInput,
  type WriteResult,
} from './formats/define-format.js';
export type { FormatIO, ImageSize } from './formats/format-io.js';
export { formatById, formats } from './formats/index.js';
export { type Problem, ProblemList } from './formats/problems.js';
export { type HammingPairs, type HammingPairsOptions, hammingPairs } from './metrics/hamming-pairs.js';
export {
  findNearDuplicates,
  NEAR_DUPLICATE_DEFAULTS,
  type NearDuplicateHashes,
  type NearDuplicateOptions,
  type NearDuplicatePair,
} from './metrics/near-duplicates.js';
export { METRICS_SIDE, type PixelImage, type SampleMetrics } from './metrics/sample-metrics.js';
export type { Annotation, AnnotationKind, AttributeValue, Rle } from './model/annotation.js';
export { ANNOTATION_KINDS } from './model/annotation.js';
export type { ClassDef } from './model/class-def.js';
export { type LabelSource, type LabelSourceKind, parseLabelSource } from './model/label-source.js';
export type { MediaKind, MediaProbe, Sample, ScanStatus } from './model/sample.js';
export { type Criterion, evaluatePlan, type PlanInput, type PlanResult } from './plan/evaluate-plan.js';
export { overlapRate, toShares } from './plan/overlap-rate.js';
export { parsePlan } from './plan/parse-plan.js';
export {
  type CompositionTarget,
  type CompositionUnit,
  DEFAULT_MIN_OVERLAP,
  type IssueLimit,
  type Plan,
} from './plan/plan.js';
export { DATASHEET_THEMES, type DatasheetTheme } from './report/datasheet-questions.js';
export { renderReport } from './report/render-report.js';
export type {
  DatasheetFacts,
  ReportComposition,
  ReportCriterion,
  ReportData,
  ReportIssueExample,
  ReportIssueGroup,
  ReportPlan,
  Thumbnail,
  ThumbnailBox,
} from './report/report-data.js';
export { reportPlan } from './report/report-plan.js';
export { computeStats } from './stats/compute-stats.js';
export {
  type BoxStats,
  type DatasetStats,
  DEFAULT_STATS_SOURCE,
  type StatsAnnotation,
  type StatsInput,
  type StatsSample,
  UNASSIGNED_SPLIT,
} from './stats/dataset-stats.js';
export { metricColumns } from './stats/metric-columns.js';
export {
  type Histogram,
  type HistogramOptions,
  histogram,
  type Summary,
  summarize,
} from './stats/summarize.js';
