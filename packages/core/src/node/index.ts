export { readNpy, readNpz } from './arrays/read-npz.js';
export { writeFileAtomic } from './atomic-write.js';
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
export {
  findProjectDir,
  initProject,
  type OpenProjectOptions,
  openProject,
  type Project,
} from './project.js';
export { type DemoSummary, type RunDemoOptions, runDemo } from './run-demo.js';
export { type EvalRunSummary, type RunEvalOptions, runEval } from './run-eval.js';
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
