export { type Span, type SpanScheme, spansFromTags } from './agree/bio-spans.js';
export {
  type BoxAgreement,
  type BoxAgreementOptions,
  type BoxMatch,
  type BoxSet,
  type BoxThresholdScores,
  boxAgreement,
} from './agree/box-agreement.js';
export { type CohenKappa, cohenKappa } from './agree/cohen-kappa.js';
export {
  assertAligned,
  type ConllComparison,
  compareConll,
  corpusSpans,
  type TaggedCorpus,
} from './agree/compare-conll.js';
export {
  type FleissKappa,
  fleissKappa,
  fleissKappaTable,
  fleissKappaVariable,
} from './agree/fleiss-kappa.js';
export { hungarian } from './agree/hungarian.js';
export {
  ALPHA_LEVELS,
  type AlphaLevel,
  krippendorffAlpha,
  krippendorffAlphas,
} from './agree/krippendorff-alpha.js';
export { type ConllSentence, type ParsedConll, parseConll } from './agree/parse-conll.js';
export { type ParsedRatings, parseRatingsCsv } from './agree/parse-ratings-csv.js';
export {
  type RatingMatrix,
  raterColumn,
  ratingMatrixFromCounts,
  ratingMatrixFromRows,
} from './agree/rating-matrix.js';
export {
  type FleissReport,
  finiteOrNull,
  itemAgreement,
  type PairAgreement,
  type RatingsAgreement,
  ratingsAgreement,
} from './agree/ratings-agreement.js';
export { type SpanAgreement, type SpanScores, spanAgreement, spanF1 } from './agree/span-agreement.js';
export { type NpyArray, type NpyData, npyParse } from './arrays/npy.js';
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
  LIDAR_CHECK_DEFAULTS,
  LIDAR_CHECK_TYPES,
  type LidarCheckInput,
  type LidarCheckOptions,
} from './checks/lidar/lidar-check-input.js';
export { lidarChecks } from './checks/lidar/lidar-checks.js';
export { syncOffsets } from './checks/lidar/sync-checks.js';
export {
  MEDIA_CHECK_TYPES,
  type MediaCheckOptions,
  type MediaCheckSample,
  mediaChecks,
} from './checks/media/media-checks.js';
export { blurScore, PROPERTY_DEFAULTS } from './checks/media/property-checks.js';
export {
  type AnnotatorClassAgreement,
  type AnnotatorStats,
  annotatorStats,
} from './consensus/annotator-stats.js';
export {
  type ConsensusLabels,
  type ConsensusLabelsOptions,
  type ConsensusMethod,
  consensusLabels,
  type QualityMethod,
} from './consensus/consensus-labels.js';
export { countAnnotations, type LabelMatrix } from './consensus/label-matrix.js';
export {
  type MajorityVote,
  type MajorityVoteOptions,
  majorityVote,
  type TieBreak,
} from './consensus/majority-vote.js';
export {
  DETECTION_ISSUE_TYPES,
  type DetectionEvidence,
  type DetectionIssue,
  type DetectionIssuesOptions,
  type DetectionIssuesResult,
  type DetectionIssueType,
  detectionIssues,
  type ImageIssues,
} from './detection-issues/detection-issues.js';
export { type DetBox, type DetectionImage, matchBoxes } from './detection-issues/match-boxes.js';
export type {
  AnnotationShape,
  AnnotationState,
  ApplyEditsOptions,
  ApplyEditsResult,
  Edit,
  EditRecord,
  IssueStatus,
} from './edits/edit-types.js';
export { ISSUE_STATUSES } from './edits/edit-types.js';
export { FIX_RULES, type FixRule, parseRuleArgs, parseRuleFile } from './edits/fix-rules.js';
export { diffLabels, type LabelDiff } from './edits/label-diff.js';
export { CLASSIC_DIM, classicDescriptor } from './embeddings/classic-descriptor.js';
export { type KnnScores, knnScores, OUTLIER_Z } from './embeddings/knn-scores.js';
export {
  bytesPerValue,
  fromFloat16Bits,
  toFloat16Bits,
  VECTOR_ENCODINGS,
  type VectorEncoding,
  vecDecodeInto,
  vecEncode,
} from './embeddings/vector-codec.js';
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
export { format3, statSpecs, summarize as summarizeCoco, summarizeStat } from './eval/coco/summarize.js';
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
  type EvaluateKittiOptions,
  evaluateKitti,
  KITTI_CLASSES,
  KITTI_METRICS,
  type KittiClassConfig,
  type KittiClassResult,
  type KittiEvaluation,
  type KittiMetricResult,
} from './eval/kitti/evaluate-kitti.js';
export { type KittiCurve, kittiApR11, kittiApR40 } from './eval/kitti/kitti-eval-class.js';
export { kittiEvaluationJson } from './eval/kitti/kitti-evaluation-json.js';
export { type KittiObject, type KittiObjects, kittiObjectsFromFrames } from './eval/kitti/kitti-objects.js';
export type { KittiMetric } from './eval/kitti/kitti-overlap.js';
export { parseKittiEvalLabels } from './eval/kitti/parse-kitti-eval-labels.js';
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
  type AnnotationSink,
  type Detection,
  defineFormat,
  type Format,
  type FormatCapabilities,
  type ImageExport,
  type ProjectLookup,
  type ReadHead,
  type ReadInput,
  type ReadMore,
  RestartWithoutSink,
  type WriteInput,
  type WriteResult,
} from './formats/define-format.js';
export type { FormatIO, ImageSize } from './formats/format-io.js';
export { formatById, formats } from './formats/index.js';
export { type Problem, ProblemList } from './formats/problems.js';
export { errnoCode, fsAssayError } from './fs-error.js';
export { boxIntersection, boxIou, boxIouAt, type XywhBox } from './geometry/box.js';
export { rleFromBox, rleFromPolygon } from './geometry/rle-from-polygon.js';
export { boxIou as cocoBoxIou, rleAreaOf, rleBoxInto, rleIou } from './geometry/rle-iou.js';
export { rleMerge } from './geometry/rle-merge.js';
export { cuboidCorners, pointsInCuboid } from './geometry3d/cuboid-geometry.js';
export { cuboidIou3d, cuboidIouBev } from './geometry3d/cuboid-iou.js';
export {
  type Mat34,
  mat34FromRigid,
  mat34InvertRigid,
  mat34Multiply,
  mat34ToRigid,
} from './geometry3d/mat34.js';
export { type ProjectedPoints, projectCuboidBox, projectPoints } from './geometry3d/project-points.js';
export { sensorToSensor } from './geometry3d/sensor-chain.js';
export {
  type AccuracyEstimate,
  estimateAccuracy,
  type InspectionEstimate,
  type StratumCounts,
} from './inspect/accuracy-estimate.js';
export { allocateStrata, type InspectionSizeOptions, inspectionSize } from './inspect/inspection-size.js';
export {
  clopperPearson,
  type Interval,
  type IntervalMethod,
  normalQuantile,
  proportionInterval,
  wilsonInterval,
} from './inspect/proportion-interval.js';
export {
  type AnalyzeLabelErrorsOptions,
  analyzeLabelErrors,
  type LabelErrorsReport,
} from './label-errors/analyze-label-errors.js';
export {
  type ComputeConfidentJointOptions,
  type ConfidentJoint,
  calibrateConfidentJoint,
  computeConfidentJoint,
  confidentThresholds,
  labelCounts,
} from './label-errors/confident-joint.js';
export {
  type ClassLabelQuality,
  classLabelQuality,
  estimateJoint,
  estimateLatent,
  type LatentEstimates,
} from './label-errors/estimate-latent.js';
export {
  FILTER_METHODS,
  type FilterMethod,
  type FindLabelIssuesOptions,
  findLabelIssues,
  rankIssues,
} from './label-errors/find-label-issues.js';
export {
  LABEL_QUALITY_METHODS,
  type LabelQualityMethod,
  type LabelQualityScoresOptions,
  labelQualityScores,
} from './label-errors/label-quality-scores.js';
export {
  matToRows,
  normalizeProbRows,
  type ProbMatrix,
  validateLabelInputs,
} from './label-errors/prob-matrix.js';
export {
  type LicenceRow,
  type LicenceSummary,
  licenceSummary,
  type SampleProvenance,
} from './licences/licence-summary.js';
export { type CommercialUse, type LicenceTerms, licenceTerms } from './licences/licence-terms.js';
export { type ProvenanceRow, parseProvenanceCsv } from './licences/provenance-csv.js';
export { type HammingPairs, type HammingPairsOptions, hammingPairs } from './metrics/hamming-pairs.js';
export {
  findNearDuplicates,
  NEAR_DUPLICATE_DEFAULTS,
  type NearDuplicateHashes,
  type NearDuplicateOptions,
  type NearDuplicatePair,
} from './metrics/near-duplicates.js';
export { METRICS_SIDE, type PixelImage, type SampleMetrics } from './metrics/sample-metrics.js';
export type {
  Annotation,
  AnnotationKind,
  AttributeValue,
  Cuboid,
  PointLabels,
  Rle,
} from './model/annotation.js';
export { ANNOTATION_KINDS } from './model/annotation.js';
export type { ClassDef } from './model/class-def.js';
export { type LabelSource, type LabelSourceKind, parseLabelSource } from './model/label-source.js';
export {
  type Bounds3,
  POINT_CLOUD_FORMATS,
  type PointBatch,
  type PointCloud,
  type PointCloudFormat,
  type PointCloudInfo,
  type Vec3,
} from './model/point-cloud.js';
export type { MediaKind, MediaProbe, Sample, ScanStatus } from './model/sample.js';
export {
  type CameraIntrinsics,
  type Frame,
  type FrameMember,
  type RigidTransform,
  SENSOR_KINDS,
  type Sensor,
  type SensorKind,
  type Sequence,
} from './model/sensor.js';
export {
  IMAGENET_MEAN,
  IMAGENET_STD,
  type ImageModelSpec,
  parseModelSpec,
  pixelsToTensor,
} from './models/model-spec.js';
export {
  encodeOnnxModel,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValue,
} from './models/onnx-proto.js';
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
export {
  collectPoints,
  type DecodePointsOptions,
  decodePoints,
  parsePointLayout,
} from './point-cloud/decode-points.js';
export { encodePcd, encodePly, encodeRawFloat } from './point-cloud/encode-points.js';
export { pointFormatOf } from './point-cloud/point-format-of.js';
export type { LayoutField, PointLayout, ScalarType } from './point-cloud/point-layout.js';
export { chooseOrigin, float32Step, worldColumn } from './point-cloud/point-origin.js';
export { emptyBounds, pointBounds, summarizePoints } from './point-cloud/point-summary.js';
export {
  type Affine34,
  affineFromRigid,
  affineInvertRigid,
  affineMultiply,
  CUBOID_EDGES,
  cameraMatrix,
  cuboidCorners as cuboidViewCorners,
} from './point-cloud/view-geometry.js';
export { POINT_COLOR_BY, type PointColorBy, type ViewPoints, viewPoints } from './point-cloud/view-points.js';
export { findPii } from './privacy/find-pii.js';
export { PII_TEXT_KINDS, type PiiKind, type PiiMatch } from './privacy/pii-kinds.js';
export { maskAllPii, PII_TEXT_ISSUE_TYPES, privacyIssues } from './privacy/privacy-issues.js';
export { mulberry32 } from './random/mulberry32.js';
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
export { classBalanceSelect } from './select/class-balance.js';
export { meanKl, voteEntropy } from './select/committee.js';
export { type KCenterGreedyOptions, kCenterGreedy } from './select/kcenter-greedy.js';
export { kMeansSampling } from './select/kmeans-sampling.js';
export { learningCurveSvg } from './select/learning-curve-svg.js';
export {
  type SelectInput,
  type SelectOptions,
  type SelectResult,
  STRATEGIES,
  selectSamples,
} from './select/select-samples.js';
export {
  type LearningCurve,
  type SimulateAlOptions,
  type SimulateAlResult,
  simulateActiveLearning,
} from './select/simulate-al.js';
export {
  aggregatePerImage,
  probUncertainty,
  scoreUncertainty,
  type UncertaintyKind,
} from './select/uncertainty.js';
export {
  type IterativeStratificationOptions,
  iterativeStratification,
  type LabelRows,
} from './split/iterative-stratification.js';
export { labelRows } from './split/label-rows.js';
export { groupsFromKeys, groupsFromPairs } from './split/sample-groups.js';
export { type SplitComposition, splitComposition } from './split/split-composition.js';
export {
  normaliseRatios,
  type SplitSamplesInput,
  type SplitSamplesOptions,
  splitSamples,
} from './split/split-samples.js';
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
export { computeLidarStats, type LidarStats } from './stats/lidar-stats.js';
export { metricColumns } from './stats/metric-columns.js';
export {
  type Histogram,
  type HistogramOptions,
  histogram,
  type Summary,
  summarize,
} from './stats/summarize.js';
export {
  type LidarScene,
  type LidarSceneOptions,
  lidarScene,
  type PlantedDefect,
} from './synthetic/lidar-scene.js';
