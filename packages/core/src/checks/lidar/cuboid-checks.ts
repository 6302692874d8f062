import { cuboidIou3d } from '../../geometry3d/cuboid-iou.js';
import { type CheckIssue, wants } from '../check-types.js';
import { robustScale } from '../labels/outlier-checks.js';
import {
  LIDAR_CHECK_DEFAULTS,
  type LidarCheckInput,
  type LidarCheckOptions,
  type LidarCuboid,
} from './lidar-check-input.js';

const DIMENSIONS = ['length', 'width', 'height'] as const;

function name(c: LidarCuboid): string {
  return c.label ?? 'unlabelled';
}

/** Boxes with too few points inside, below the ground or floating above it (needs the point measures). */
function pointIssues(input: LidarCheckInput, options: LidarCheckOptions, issues: CheckIssue[]): void {
  const m = input.measures;
  if (m === undefined) return;
  const minPoints = options.minPointsInBox ?? LIDAR_CHECK_DEFAULTS.minPointsInBox;
  const below = options.belowGroundM ?? LIDAR_CHECK_DEFAULTS.belowGroundM;
  const floating = options.floatingM ?? LIDAR_CHECK_DEFAULTS.floatingM;
  for (const c of input.cuboids) {
    const key = input.samples.get(c.sampleId)?.key ?? String(c.sampleId);
    const inside = m.inside.get(c.id);
    if (inside !== undefined && inside < minPoints && wants(options.only, 'cuboid_few_points')) {
      issues.push({
        sampleId: c.sampleId,
        annotationId: c.id,
        type: 'cuboid_few_points',
        severity: inside === 0 ? 'error' : 'warning',
        score: 1 - inside / minPoints,
        reason: `${key}: a ${name(c)} box holds ${inside} point${inside === 1 ? '' : 's'} (fewer than ${minPoints}): empty or misplaced.`,
        details: { class: c.label ?? null, points: inside, min_points: minPoints },
      });
    }
    const ground = m.ground.get(c.id);
    if (ground === undefined) continue;
    const bottom = c.cuboid.center[2] - c.cuboid.size[2] / 2;
    const gap = bottom - ground;
    const type = gap < -below ? 'cuboid_below_ground' : gap > floating ? 'cuboid_floating' : undefined;
    if (type === undefined || !wants(options.only, type)) continue;
    issues.push({
      sampleId: c.sampleId,
      annotationId: c.id,
      type,
      severity: 'warning',
      score: Math.min(1, Math.abs(gap) / 3),
      reason: `${key}: a ${name(c)} box's bottom is ${Math.abs(gap).toFixed(2)} m ${gap < 0 ? 'below' : 'above'} the ground around it.`,
      details: { class: c.label ?? null, bottom, ground, gap_m: gap },
    });
  }
}

/** Sizes far from their class's: robust z of log length, width or height beyond sizeOutlierZ. */
function sizeIssues(input: LidarCheckInput, options: LidarCheckOptions, issues: CheckIssue[]): void {
  if (!wants(options.only, 'cuboid_size_outlier')) return;
  const z0 = options.sizeOutlierZ ?? LIDAR_CHECK_DEFAULTS.sizeOutlierZ;
  const minLog = Math.log(options.sizeOutlierMinRatio ?? LIDAR_CHECK_DEFAULTS.sizeOutlierMinRatio);
  const byClass = new Map<string, LidarCuboid[]>();
  for (const c of input.cuboids) {
    if (c.label === undefined || c.cuboid.size.some((v) => !(v > 0))) continue;
    const list = byClass.get(c.label) ?? [];
    list.push(c);
    byClass.set(c.label, list);
  }
  for (const [label, list] of byClass) {
    if (list.length < 8) continue;
    const flagged = new Map<LidarCuboid, { dim: string; z: number; value: number; median: number }>();
    DIMENSIONS.forEach((dim, d) => {
      const values = Float64Array.from(list, (c) => Math.log(c.cuboid.size[d]!));
      const { median, scale } = robustScale(values);
      if (!(scale > 0)) return;
      list.forEach((c, i) => {
        const z = (values[i]! - median) / scale;
        if (Math.abs(z) <= z0 || Math.abs(values[i]! - median) < minLog) return;
        const worst = flagged.get(c);
        if (worst === undefined || Math.abs(z) > Math.abs(worst.z))
          flagged.set(c, { dim, z, value: c.cuboid.size[d]!, median: Math.exp(median) });
      });
    });
    for (const [c, f] of flagged) {
      issues.push({
        sampleId: c.sampleId,
        annotationId: c.id,
        type: 'cuboid_size_outlier',
        severity: 'warning',
        score: Math.min(1, Math.abs(f.z) / (3 * z0)),
        reason: `${input.samples.get(c.sampleId)?.key ?? c.sampleId}: a ${label} box is ${f.value.toFixed(2)} m in ${f.dim}, far from its class's median ${f.median.toFixed(2)} m (robust z ${f.z.toFixed(1)}).`,
        details: {
          class: label,
          dimension: f.dim,
          value: f.value,
          class_median: f.median,
          robust_z: f.z,
          size: c.cuboid.size,
        },
      });
    }
  }
}

/** Pairs of boxes of one sweep overlapping more than `overlapIou` (3D IoU), one issue per pair. */
function overlapIssues(input: LidarCheckInput, options: LidarCheckOptions, issues: CheckIssue[]): void {
  if (!wants(options.only, 'cuboid_overlap')) return;
  const threshold = options.overlapIou ?? LIDAR_CHECK_DEFAULTS.overlapIou;
  const bySample = new Map<number, LidarCuboid[]>();
  for (const c of input.cuboids) {
    const list = bySample.get(c.sampleId) ?? [];
    list.push(c);
    bySample.set(c.sampleId, list);
  }
  for (const list of bySample.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.cuboid.frame !== b.cuboid.frame) continue;
        const iou = cuboidIou3d(a.cuboid, b.cuboid);
        if (iou <= threshold) continue;
        issues.push({
          sampleId: b.sampleId,
          annotationId: b.id,
          type: 'cuboid_overlap',
          severity: iou > 0.5 ? 'error' : 'warning',
          score: iou,
          reason: `${input.samples.get(b.sampleId)?.key ?? b.sampleId}: a ${name(b)} box overlaps a ${name(a)} box (3D IoU ${iou.toFixed(2)}).`,
          details: { class: b.label ?? null, other_class: a.label ?? null, other_annotation: a.id, iou },
        });
      }
    }
  }
}

/** Cuboid checks: few points inside, implausible size for the class, below ground or floating, overlaps. */
export function cuboidChecks(input: LidarCheckInput, options: LidarCheckOptions): CheckIssue[] {
  const issues: CheckIssue[] = [];
  pointIssues(input, options, issues);
  sizeIssues(input, options, issues);
  overlapIssues(input, options, issues);
  return issues;
}
