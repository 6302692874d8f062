import type { Sensor } from '../../model/sensor.js';
import { vecQuantileSorted } from '../../stats/summarize.js';
import { type CheckIssue, wants } from '../check-types.js';
import { LIDAR_CHECK_DEFAULTS, type LidarCheckInput, type LidarCheckOptions } from './lidar-check-input.js';
import { referenceMember } from './sync-checks.js';

/** Neighbours on each side a sweep is compared with. */
const WINDOW = 5;

/**
 * Sweeps with far fewer points, or a much shorter median range, than their neighbours (the sweeps of
 * the same sequence around them; frames without a sequence are compared in frame order).
 */
export function sweepChecks(input: LidarCheckInput, options: LidarCheckOptions): CheckIssue[] {
  const m = input.measures;
  if (m === undefined || !wants(options.only, 'sweep_anomaly')) return [];
  const ratio = options.sweepRatio ?? LIDAR_CHECK_DEFAULTS.sweepRatio;
  const sensors = new Map<string, Sensor>(input.sensors.map((s) => [s.id, s]));
  const groups = new Map<string, { sampleId: number; frame: string; count: number; range: number }[]>();
  const ordered = [...input.frames].sort(
    (a, b) => (a.index ?? 0) - (b.index ?? 0) || a.name.localeCompare(b.name),
  );
  for (const f of ordered) {
    const ref = referenceMember(f, sensors);
    const sweep = ref && m.sweeps.get(ref.sampleId);
    if (ref === undefined || sweep === undefined) continue;
    const key = f.sequence ?? '';
    const list = groups.get(key) ?? [];
    list.push({ sampleId: ref.sampleId, frame: f.name, count: sweep.count, range: sweep.medianRange });
    groups.set(key, list);
  }
  const issues: CheckIssue[] = [];
  for (const list of groups.values()) {
    if (list.length < 3) continue;
    list.forEach((s, i) => {
      const around = [...list.slice(Math.max(0, i - WINDOW), i), ...list.slice(i + 1, i + 1 + WINDOW)];
      const count = vecQuantileSorted(Float64Array.from(around, (a) => a.count).sort(), 0.5);
      const range = vecQuantileSorted(Float64Array.from(around, (a) => a.range).sort(), 0.5);
      const few = s.count < ratio * count;
      const short = s.range < ratio * range;
      if (!few && !short) return;
      issues.push({
        sampleId: s.sampleId,
        type: 'sweep_anomaly',
        severity: 'warning',
        score: Math.min(1, 1 - Math.min(s.count / count, s.range / range)),
        reason: few
          ? `${s.frame}: the sweep has ${s.count.toLocaleString('en')} points; its neighbours have ${Math.round(count).toLocaleString('en')} (median).`
          : `${s.frame}: the sweep's median range is ${s.range.toFixed(1)} m; its neighbours' is ${range.toFixed(1)} m.`,
        details: {
          frame: s.frame,
          points: s.count,
          neighbour_points: count,
          median_range: s.range,
          neighbour_range: range,
        },
      });
    });
  }
  return issues;
}
