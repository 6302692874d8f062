// "@assay/core/evaluation": what `assay eval coco` needs to print and analyse a COCO evaluation, without
// loading the rest of core (formats, checks, report: ~0.15 s of CPU at start-up). Same exports as "@assay/core".
export type { CocoClassResult } from './eval/coco/evaluate-coco.js';
export { format3 } from './eval/coco/summarize.js';
export type { CocoIouType } from './eval/coco/types.js';
export {
  type DetectionAnalyses,
  type DetectionAnalysesOptions,
  detectionAnalyses,
  detectionAnalysesJson,
} from './eval/detection-analyses.js';
