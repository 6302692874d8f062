import type { KittiEvaluation, KittiMetricResult } from './evaluate-kitti.js';
import { KITTI_METRICS } from './evaluate-kitti.js';

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e9) / 1e9 : null);
const list = (a: ArrayLike<number>) => Array.from(a, round);

function metricJson(m: KittiMetricResult | null) {
  if (!m) return null;
  return {
    ap_r40: list(m.apR40),
    ap_r11: list(m.apR11),
    aos_r40: m.aosR40 ? list(m.aosR40) : null,
    aos_r11: m.aosR11 ? list(m.aosR11) : null,
    gt_counted: m.curves.map((c) => c.gtCount),
    precision: m.curves.map((c) => list(c.precision)),
    aos: m.curves[0].aos ? m.curves.map((c) => list(c.aos as Float64Array)) : null,
  };
}

/**
 * The JSON of a KITTI evaluation: per class and metric (`image` 2D boxes, `bev`, `3d`; null when not
 * evaluated), AP over 40 and 11 recall points per difficulty [easy, moderate, hard] in [0, 1], the
 * counted ground truth and the 41-sample precision (and AOS) curves.
 */
export function kittiEvaluationJson(e: KittiEvaluation) {
  return {
    frames: e.frames,
    difficulties: ['easy', 'moderate', 'hard'],
    compute_aos: e.computeAos,
    classes: e.classes.map((c) => ({
      name: c.name,
      gt: c.gt,
      dt: c.dt,
      ...Object.fromEntries(KITTI_METRICS.map((m) => [m, metricJson(c.metrics[m])])),
    })),
  };
}
