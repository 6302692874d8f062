export { type NpyArray, type NpyData, npyParse } from './arrays/npy.js';
export { AssayError, type AssayErrorCode, exitCodeFor, toAssayError } from './errors.js';
export {
  type Calibration,
  type CalibrationBin,
  type CalibrationOptions,
  calibration,
} from './eval/calibration.js';
export {
  type ClassificationInput,
  type ClassificationMetrics,
  type ClassificationOptions,
  classificationMetrics,
  confusionCounts,
  topKAccuracy,
} from './eval/classification.js';
export { accumulate } from './eval/coco/accumulate.js';
export {
  type CocoClassResult,
  type CocoEvaluation,
  cocoPerClass,
  type EvaluateCocoOptions,
  evaluateCoco,
} from './eval/coco/evaluate-coco.js';
export { type EvaluateImagesOptions, evaluateImages } from './eval/coco/evaluate-images.js';
export { type LoadCocoDetectionsOptions, loadCocoDetections } from './eval/coco/load-detections.js';
export { type LoadCocoGroundTruthOptions, loadCocoGroundTruth } from './eval/coco/load-ground-truth.js';
export { COCO_KEYPOINT_SIGMAS, defaultCocoParams } from './eval/coco/params.js';
export { format3, statSpecs, summarize, summarizeStat } from './eval/coco/summarize.js';
export type {
  CocoAccumulated,
  CocoAreaMatches,
  CocoCategories,
  CocoDetections,
  CocoEvalDataset,
  CocoEvalImages,
  CocoEvalParams,
  CocoImages,
  CocoIouType,
  CocoObjects,
  CocoStatLine,
  CocoSummary,
  RlePool,
} from './eval/coco/types.js';
export {
  type DetectionConfusion,
  type DetectionConfusionOptions,
  detectionConfusion,
} from './eval/confusion.js';
export {
  type DetectionAnalyses,
  type DetectionAnalysesInput,
  type DetectionAnalysesOptions,
  detectionAnalyses,
  detectionAnalysesJson,
} from './eval/detection-analyses.js';
export { type DetectionScenes, scenesFromCocoEval } from './eval/detection-scenes.js';
export {
  MATCH_OUTCOMES,
  type MatchOutcome,
  type MatchOutcomes,
  matchOutcomes,
} from './eval/match-outcomes.js';
export { type PrCurve, type PrCurves, type PrCurvesOptions, prCurves } from './eval/pr-curves.js';
export {
  TIDE_ERROR_TYPES,
  type TideErrorType,
  type TideOptions,
  type TideResult,
  tideErrors,
} from './eval/tide.js';
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
export { rleFromBox, rleFromPolygon } from './geometry/rle-from-polygon.js';
export { boxIou, rleAreaOf, rleBoxInto, rleIou } from './geometry/rle-iou.js';
export { rleMerge } from './geometry/rle-merge.js';
export type { Annotation, AnnotationKind, AttributeValue, Rle } from './model/annotation.js';
export { ANNOTATION_KINDS } from './model/annotation.js';
export type { ClassDef } from './model/class-def.js';
export { type LabelSource, type LabelSourceKind, parseLabelSource } from './model/label-source.js';
export type { MediaKind, MediaProbe, Sample, ScanStatus } from './model/sample.js';
