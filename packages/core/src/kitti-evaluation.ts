// "@assay/core/kitti-evaluation": what `assay eval kitti` needs to print a KITTI evaluation, apart from
// "@assay/core/evaluation" so that `assay eval coco` does not load the KITTI evaluation. Same exports as "@assay/core".
export {
  KITTI_CLASSES,
  KITTI_METRICS,
  type KittiClassResult,
  type KittiEvaluation,
  type KittiMetricResult,
} from './eval/kitti/evaluate-kitti.js';
export { kittiEvaluationJson } from './eval/kitti/kitti-evaluation-json.js';
