import {
  type KittiCurve,
  type KittiDifficulty,
  kittiApR11,
  kittiApR40,
  kittiEvalClass,
} from './kitti-eval-class.js';
import { type KittiEvalSides, type KittiFrameTable, kittiFrameTable } from './kitti-frame-table.js';
import type { KittiObjects } from './kitti-objects.js';
import { bevShapes, type KittiMetric } from './kitti-overlap.js';

/**
 * KITTI object detection evaluation (2D image boxes with orientation similarity, bird's-eye view and
 * 3D), equal to the official devkit's cpp/evaluate_object.cpp (41 recall samples) on the same labels;
 * AP over 40 recall points (R40) and over 11 (R11) from its precision curves.
 * fixtures/kitti-eval-reference/ holds the devkit's outputs it is tested against.
 */

export const KITTI_METRICS: readonly KittiMetric[] = ['image', 'bev', '3d'];

export interface KittiClassConfig {
  /** As written in the label files (compared case-insensitively). */
  name: string;
  /** A similar class whose ground truth is ignored, neither TP nor FN (Van for Car). */
  neighbour?: string;
  /** Overlap a match must exceed, per metric. */
  minOverlap: Record<KittiMetric, number>;
}

/** The benchmark's classes and overlaps (MIN_OVERLAP: Car 0.7, Pedestrian and Cyclist 0.5). */
export const KITTI_CLASSES: readonly KittiClassConfig[] = [
  { name: 'Car', neighbour: 'Van', minOverlap: { image: 0.7, bev: 0.7, '3d': 0.7 } },
  { name: 'Pedestrian', neighbour: 'Person_sitting', minOverlap: { image: 0.5, bev: 0.5, '3d': 0.5 } },
  { name: 'Cyclist', minOverlap: { image: 0.5, bev: 0.5, '3d': 0.5 } },
];

export interface EvaluateKittiOptions {
  /** Classes to evaluate (default KITTI_CLASSES). */
  classes?: readonly KittiClassConfig[];
  signal?: AbortSignal;
}

/** One metric of one class: a curve and APs per difficulty (easy, moderate, hard), in [0, 1]. */
export interface KittiMetricResult {
  curves: [KittiCurve, KittiCurve, KittiCurve];
  apR40: [number, number, number];
  apR11: [number, number, number];
  /** Orientation similarity (image metric only, when every detection has an alpha); else null. */
  aosR40: [number, number, number] | null;
  aosR11: [number, number, number] | null;
}

export interface KittiClassResult {
  name: string;
  /** Ground-truth objects of the class, and detections of it (all frames, before any filtering). */
  gt: number;
  dt: number;
  /** null when the devkit would not evaluate it: no detection of the class has valid values for it. */
  metrics: Record<KittiMetric, KittiMetricResult | null>;
}

export interface KittiEvaluation {
  frames: number;
  /** False when some detection has alpha = -10 (unknown): the devkit then computes no AOS. */
  computeAos: boolean;
  classes: KittiClassResult[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The devkit's loadDetections flags: a metric is evaluated when one detection of the class can be. */
function evaluatedMetrics(dt: KittiObjects, name: string): Record<KittiMetric, boolean> {
  const out = { image: false, bev: false, '3d': false };
  for (let k = 0; k < dt.count; k++) {
    if (!same(dt.type[k] as string, name)) continue;
    const ground =
      dt.tx[k] !== -1000 && dt.tz[k] !== -1000 && (dt.w[k] as number) > 0 && (dt.l[k] as number) > 0;
    if ((dt.x1[k] as number) >= 0) out.image = true;
    if (ground) out.bev = true;
    if (ground && dt.ty[k] !== -1000 && (dt.h[k] as number) > 0) out['3d'] = true;
  }
  return out;
}

function countType(objects: KittiObjects, name: string): number {
  let n = 0;
  for (const t of objects.type) if (same(t, name)) n++;
  return n;
}

function triple<T>(f: (d: KittiDifficulty) => T): [T, T, T] {
  return [f(0), f(1), f(2)];
}

function evaluateMetric(
  sides: KittiEvalSides,
  spec: KittiClassConfig,
  metric: KittiMetric,
  computeAos: boolean,
): KittiMetricResult {
  const tables: KittiFrameTable[] = [];
  for (let f = 0; f < sides.gt.frameCount; f++) tables.push(kittiFrameTable(sides, spec, metric, f));
  const minOverlap = spec.minOverlap[metric];
  const curves = triple((difficulty) =>
    kittiEvalClass(tables, sides.gt, sides.dt, { difficulty, minOverlap, computeAos }),
  );
  const aos = (f: (c: Float64Array) => number) =>
    computeAos ? triple((d) => f(curves[d].aos as Float64Array)) : null;
  return {
    curves,
    apR40: triple((d) => kittiApR40(curves[d].precision)),
    apR11: triple((d) => kittiApR11(curves[d].precision)),
    aosR40: aos(kittiApR40),
    aosR11: aos(kittiApR11),
  };
}

/** Evaluates detections `dt` against ground truth `gt` (the same frames, in the same order). */
export function evaluateKitti(
  gt: KittiObjects,
  dt: KittiObjects,
  options: EvaluateKittiOptions = {},
): KittiEvaluation {
  if (gt.frameCount !== dt.frameCount) {
    throw new RangeError(
      `evaluateKitti: ${gt.frameCount} ground-truth frames but ${dt.frameCount} detection frames`,
    );
  }
  const classes = options.classes ?? KITTI_CLASSES;
  let computeAos = true;
  for (let k = 0; k < dt.count; k++) if (dt.alpha[k] === -10) computeAos = false;
  const sides: KittiEvalSides = {
    gt,
    dt,
    gtShapes: bevShapes(gt),
    dtShapes: bevShapes(dt),
    gtTypes: gt.type.map((t) => t.toLowerCase()),
    dtTypes: dt.type.map((t) => t.toLowerCase()),
  };
  const results = classes.map((spec): KittiClassResult => {
    const evaluated = evaluatedMetrics(dt, spec.name);
    const metrics = {} as Record<KittiMetric, KittiMetricResult | null>;
    for (const metric of KITTI_METRICS) {
      options.signal?.throwIfAborted();
      metrics[metric] = evaluated[metric]
        ? evaluateMetric(sides, spec, metric, computeAos && metric === 'image')
        : null;
    }
    return { name: spec.name, gt: countType(gt, spec.name), dt: countType(dt, spec.name), metrics };
  });
  return { frames: gt.frameCount, computeAos, classes: results };
}
