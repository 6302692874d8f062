export { writeFileAtomic } from './atomic-write.js';
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
export {
  mediaIssues,
  SCAN_ISSUE_TYPES,
  type ScanProjectOptions,
  type ScanProjectSummary,
  scanProject,
} from './scan-project.js';
