export { readNpy, readNpz } from './arrays/read-npz.js';
export { writeFileAtomic } from './atomic-write.js';
export { checkPlan, loadPlan } from './check-plan.js';
export { type DemoLayout, type GenerateDemoOptions, generateDemo } from './demo/generate-demo.js';
export {
  type CocoFilesEvaluation,
  type EvaluateCocoFilesOptions,
  evaluateCocoFiles,
  readJsonFile,
} from './eval/evaluate-coco-files.js';
export { type ExportDatasetOptions, type ExportSummary, exportDataset } from './export-dataset.js';
export { createNodeFormatIO, type NodeFormatIOOptions } from './fs-format-io.js';
export { type ImportDatasetOptions, type ImportSummary, importDataset } from './import-dataset.js';
export { KNOWN_ISSUE_TYPES } from './known-issue-types.js';
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
  findProjectDir,
  initProject,
  type OpenProjectOptions,
  openProject,
  type Project,
} from './project.js';
export { projectStats } from './project-stats.js';
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
export { tuneV8ForImport } from './v8-tuning.js';
export { type WriteReportOptions, type WriteReportSummary, writeReport } from './write-report.js';
