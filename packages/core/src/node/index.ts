export { readNpy, readNpz } from './arrays/read-npz.js';
export { writeFileAtomic } from './atomic-write.js';
export {
  type AttributeFacet,
  type AttributeFacetQuery,
  attributeFacets,
  MAX_ATTRIBUTE_NAMES,
} from './browse/attribute-facets.js';
export type { BrowseFilter } from './browse/browse-filter.js';
export { type BrowseNames, browseNames } from './browse/browse-names.js';
export {
  type EmbeddingMapColumns,
  type EmbeddingMapPoints,
  embeddingMap,
  embeddingMapPoints,
} from './browse/embedding-map.js';
export {
  embeddingMapColours,
  MAP_COLOUR_MODES,
  type MapColours,
  NO_CATEGORY,
} from './browse/embedding-map-colours.js';
export { type FacetBase, type MetricRanges, metricRanges, prepareFacetBase } from './browse/facet-base.js';
export {
  countFacetRows,
  type FacetCountColumns,
  type FacetCountQuery,
  facetCountColumns,
} from './browse/facet-count-kernel.js';
export { FacetCounter } from './browse/facet-counter.js';
export { type FacetCounts, facetCounts } from './browse/facet-counts.js';
export { buildFacetIndex, type FacetIndex } from './browse/facet-index.js';
export { idListSql } from './browse/id-list.js';
export { type IndexFacetCountsOptions, indexFacetCounts } from './browse/index-facet-counts.js';
export { indexPatchPage } from './browse/index-patch-page.js';
export { indexSamplePage } from './browse/index-sample-page.js';
export { indexSelection, isEmptyFilter } from './browse/index-selection.js';
export {
  frameToSweep,
  lidarCuboids,
  lidarProjections,
  type ViewCuboid,
  type ViewProjection,
} from './browse/lidar-cuboids.js';
export {
  type LidarFrameCamera,
  type LidarFrameRow,
  lidarFrames,
  lidarSensors,
} from './browse/lidar-frames.js';
export {
  checkRegionProjection,
  type MapRegion,
  projectionFingerprints,
  projectionKey,
  regionContains,
  regionEdges,
  regionMask,
  regionSql,
} from './browse/map-region.js';
export { METRIC_COLUMNS, type MetricColumn, metricNames } from './browse/metric-columns.js';
export { type PatchQuery, patchPage } from './browse/patch-page.js';
export { type ProjectInfo, projectInfo, UNASSIGNED_SPLIT } from './browse/project-info.js';
export { type ProjectOverview, projectOverview } from './browse/project-overview.js';
export { type DrawnAnnotation, sampleAnnotations } from './browse/sample-annotations.js';
export { type SampleDetailInfo, sampleDetail } from './browse/sample-detail.js';
export { type SamplePageQuery, samplePage, scoreSorts } from './browse/sample-page.js';
export { checkPlan, loadPlan } from './check-plan.js';
export { type DemoLayout, type GenerateDemoOptions, generateDemo } from './demo/generate-demo.js';
export {
  type PhotoReviewDemoSummary,
  PLANTED_LABEL_ERRORS,
  type PlantedLabelError,
  REVIEW_DEMO_MODEL,
  runPhotoReviewDemo,
} from './demo/photo-review-demo.js';
export { applyEdits, defaultAuthor, projectRevision } from './edits/apply-edits.js';
export { diffVersions } from './edits/diff-versions.js';
export { loadRuleFile } from './edits/load-rule-file.js';
export {
  type ManifestEntry,
  manifestOf,
  type ReleaseOptions,
  type ReleaseSummary,
  release,
} from './edits/release.js';
export { type FixRuleSummary, type RunFixOptions, type RunFixSummary, runFix } from './edits/run-fix.js';
export { type SampleHistory, sampleHistory } from './edits/sample-history.js';
export { createSnapshot, labelVersion, listSnapshots, type Snapshot } from './edits/snapshots.js';
export { undoEdits } from './edits/undo-edits.js';
export {
  type AnalyzeEmbeddingsOptions,
  type AnalyzeEmbeddingsSummary,
  analyzeEmbeddings,
  EMBEDDING_ISSUE_TYPES,
} from './embeddings/analyze-embeddings.js';
export {
  deleteEmbeddingModel,
  type EmbeddingMatrix,
  type EmbeddingModelInfo,
  type EmbeddingTarget,
  embeddingModel,
  listEmbeddingModels,
  listProjections,
  loadEmbeddingMatrix,
  loadProjection,
  type Projection,
  type StoreEmbeddingsOptions,
  samplesWithoutEmbeddings,
  storeEmbeddings,
  storeProjection,
} from './embeddings/embedding-store.js';
export {
  type ImportEmbeddingsOptions,
  type ImportEmbeddingsSummary,
  importEmbeddings,
} from './embeddings/import-embeddings.js';
export { buildVectorIndex, type KnnGraph, knnGraph, searchRows } from './embeddings/knn.js';
export { type KnnInWorkerOptions, knnGraphInWorker } from './embeddings/knn-in-worker.js';
export { type RunEmbedOptions, type RunEmbedSummary, runEmbed } from './embeddings/run-embed.js';
export {
  defaultEmbeddingModel,
  type SimilarSample,
  type SimilarSamplesOptions,
  type SimilarSamplesResult,
  similarSamples,
} from './embeddings/similar-samples.js';
export type { PackedRows, RowSource, VectorRows } from './embeddings/vector-rows.js';
export { VectorSearch, type VectorSearchOptions } from './embeddings/vector-search.js';
export {
  type CocoFilesEvaluation,
  type EvaluateCocoFilesOptions,
  evaluateCocoFiles,
  readJsonFile,
} from './eval/evaluate-coco-files.js';
export { type ExportDatasetOptions, type ExportSummary, exportDataset } from './export-dataset.js';
export { createNodeFormatIO, type NodeFormatIOOptions } from './fs-format-io.js';
export { type ImportDatasetOptions, type ImportSummary, importDataset } from './import-dataset.js';
export {
  exportInspectionCsv,
  type InspectionCsvImport,
  importInspectionCsv,
} from './inspect/inspection-csv.js';
export {
  type InspectionItem,
  type InspectionReport,
  type InspectionSummary,
  inspectionItems,
  inspectionReport,
} from './inspect/inspection-report.js';
export {
  INSPECTION_ERRORS,
  type InspectionError,
  type InspectionVerdict,
  type MarkInspectionOptions,
  markInspection,
} from './inspect/mark-inspection.js';
export {
  INSPECTION_STRATA,
  type InspectionStarted,
  type InspectionStratify,
  type StartInspectionOptions,
  startInspection,
} from './inspect/start-inspection.js';
export { KNOWN_ISSUE_TYPES } from './known-issue-types.js';
export { type LidarCheckDataOptions, lidarCheckData } from './lidar/lidar-check-data.js';
export { type ProjectedSweep, type ProjectSweepOptions, projectSweep } from './lidar/project-sweep.js';
export { type WriteLidarSceneOptions, writeLidarScene } from './lidar/write-lidar-scene.js';
export {
  type LoadedConll,
  type LoadedRatings,
  loadConll,
  loadRatings,
} from './load-agreement-inputs.js';
export {
  type LabelInputs,
  type LoadLabelInputsOptions,
  loadLabelInputs,
  loadLabels,
  loadProbs,
} from './load-label-inputs.js';
export {
  BUILTIN_EMBEDDERS,
  DEFAULT_EMBEDDER,
  type ImageEmbedder,
  openImageEmbedder,
} from './models/image-embedder.js';
export { type ListedModel, listModels } from './models/list-models.js';
export { type Detection, type Detector, openOnnxDetector } from './models/onnx-detector.js';
export { type OnnxOutput, OnnxSession, type OnnxSessionOptions } from './models/onnx-session.js';
export { type OpenDetectorOptions, openDetector } from './models/open-detector.js';
export {
  type ReadPointCloudOptions,
  readPointCloud,
  streamPointCloud,
} from './point-cloud/read-point-cloud.js';
export {
  findProjectDir,
  initProject,
  type OpenProjectOptions,
  openProject,
  PROJECT_DIR,
  type Project,
} from './project.js';
export { projectStats } from './project-stats.js';
export { REDACT_KINDS, type RedactKind } from './redact-copies.js';
export {
  type ReviewQueueFilter,
  type ReviewQueueItem,
  type ReviewQueuePage,
  reviewQueue,
} from './review/review-queue.js';
export {
  AGREEMENT_ISSUE_TYPES,
  type AgreementRunSummary,
  type RunAgreementOptions,
  runAgreement,
} from './run-agreement.js';
export {
  ALL_ISSUE_TYPES,
  CHECK_ISSUE_TYPES,
  type RunChecksOptions,
  type RunChecksSummary,
  resolveCheckTypes,
  runChecks,
} from './run-checks.js';
export {
  type AnnotatorSummary,
  CONSENSUS_ISSUE_TYPES,
  type ConsensusRunSummary,
  type RunConsensusOptions,
  runConsensus,
} from './run-consensus.js';
export { type DemoSummary, type RunDemoOptions, runDemo } from './run-demo.js';
export {
  type DetectionIssuesRunSummary,
  type RunDetectionIssuesOptions,
  runDetectionIssues,
} from './run-detection-issues.js';
export { type EvalRunSummary, type RunEvalOptions, runEval } from './run-eval.js';
export {
  LABEL_ERROR_ISSUE_TYPES,
  type LabelErrorsRunResult,
  type LabelErrorsRunSummary,
  type RunLabelErrorsOptions,
  runLabelErrors,
} from './run-label-errors.js';
export { type PredictRunSummary, type RunPredictOptions, runPredict } from './run-predict.js';
export {
  PRIVACY_ISSUE_TYPES,
  type PrivacyRunSummary,
  type RunPrivacyOptions,
  runPrivacy,
} from './run-privacy.js';
export {
  loadProvenance,
  readProvenanceCsv,
  type SetProvenanceResult,
  sampleKeysUnder,
  setProvenance,
} from './sample-provenance.js';
export { type DecodedImage, type DecodeImageOptions, decodeImage } from './scan/decode-image.js';
export { measureImage } from './scan/measure-image.js';
export {
  DEFAULT_MAX_PIXELS,
  DEFAULT_SCAN_CONCURRENCY,
  type ScanFilesOptions,
  type ScanProgress,
  type ScanResult,
  type ScanSummary,
  type ScanTarget,
  scanFiles,
} from './scan/scan-files.js';
export {
  mediaIssues,
  SCAN_ISSUE_TYPES,
  type ScanProjectOptions,
  type ScanProjectSummary,
  scanProject,
} from './scan-project.js';
export { parseBudget, type RunSelectOptions, type RunSelectSummary, runSelect } from './select/run-select.js';
export {
  type RunSimulateAlOptions,
  type RunSimulateAlSummary,
  runSimulateAl,
} from './select/run-simulate-al.js';
export { type MediaFile, openMediaFile } from './serve/media-file.js';
export {
  attachLabelFile,
  type BirdsEyeOptions,
  birdsEyeThumbnail,
  birdsEyeWebp,
  readSamplePoints,
} from './serve/sample-points.js';
export {
  directoryExists,
  readServerNote,
  removeServerNote,
  type ServerNote,
  writeServerNote,
} from './serve/server-note.js';
export { mediaEtag, THUMB_SIZES, thumbnail, thumbSize, thumbVariant } from './serve/thumbnail.js';
export { type RunSplitOptions, type RunSplitSummary, runSplit } from './split/run-split.js';
export type { Db } from './store/db.js';
export { defaultMemoryLimit } from './store/duckdb-memory.js';
export { storeConnection, storeDb } from './store/duckdb-store.js';
export {
  loadRecording,
  type Recording,
  type StoredFrame,
  type StoredRecording,
  saveRecording,
} from './store/recording-rows.js';
export { tuneV8ForImport } from './v8-tuning.js';
export { type WriteReportOptions, type WriteReportSummary, writeReport } from './write-report.js';
