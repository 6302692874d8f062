// "@assay/core/node/files": the file-mode readers (COCO files, labels and probabilities, ratings, CoNLL,
// .npy/.npz). They touch only `fs`, never DuckDB or sharp, so `assay eval coco`, `label-errors` and
// `agree` in file mode start without loading the native modules ("@assay/core/node" has them all too).
export { readNpy, readNpz } from './arrays/read-npz.js';
export {
  type CocoFilesEvaluation,
  type EvaluateCocoFilesOptions,
  evaluateCocoFiles,
  readJsonFile,
} from './eval/evaluate-coco-files.js';
export {
  type EvaluateKittiDirsOptions,
  evaluateKittiDirs,
  type KittiDirsEvaluation,
} from './eval/evaluate-kitti-dirs.js';
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
