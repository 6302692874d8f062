import type { Sensor } from '../../model/sensor.js';
import { vecQuantileSorted } from '../../stats/summarize.js';
import { type CheckIssue, wants } from '../check-types.js';
import type { LidarCheckInput, LidarCheckOptions, LidarFrame } from './lidar-check-input.js';

type Member = LidarFrame['members'][number];

/** The member whose timestamp the others are compared with: the frame's LiDAR (the first one). */
export function referenceMember(frame: LidarFrame, sensors: Map<string, Sensor>): Member | undefined {
  return frame.members.find((m) => sensors.get(m.sensor)?.kind === 'lidar');
}

/** Frames per sequence, in order (index, else reference time); frames without a sequence are left out. */
export function framesBySequence(
  frames: readonly LidarFrame[],
  sensors: Map<string, Sensor>,
): Map<string, LidarFrame[]> {
  const out = new Map<string, LidarFrame[]>();
  for (const f of frames) {
    if (f.sequence === undefined) continue;
    const list = out.get(f.sequence) ?? [];
    list.push(f);
    out.set(f.sequence, list);
  }
  const time = (f: LidarFrame) => referenceMember(f, sensors)?.timestamp ?? Number.NaN;
  for (const list of out.values()) list.sort((a, b) => (a.index ?? 0) - (b.index ?? 0) || time(a) - time(b));
  return out;
}

/** The LiDAR period of a sequence: the median difference of consecutive reference times (NaN with fewer than 2). */
export function lidarPeriod(frames: readonly LidarFrame[], sensors: Map<string, Sensor>): number {
  const times = frames
    .map((f) => referenceMember(f, sensors)?.timestamp)
    .filter((t): t is number => t !== undefined);
  const diffs: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i]! > times[i - 1]!) diffs.push(times[i]! - times[i - 1]!);
  if (diffs.length === 0) return Number.NaN;
  return vecQuantileSorted(Float64Array.from(diffs).sort(), 0.5);
}

/** Offsets of every sensor from the frame's LiDAR, seconds, by sensor name (for the histograms of `assay stats`). */
export function syncOffsets(input: Pick<LidarCheckInput, 'frames' | 'sensors'>): Map<string, number[]> {
  const sensors = new Map(input.sensors.map((s) => [s.id, s]));
  const out = new Map<string, number[]>();
  for (const f of input.frames) {
    const ref = referenceMember(f, sensors);
    if (ref?.timestamp === undefined) continue;
    for (const m of f.members) {
      if (m === ref || m.timestamp === undefined) continue;
      const name = sensors.get(m.sensor)?.name ?? m.sensor;
      const list = out.get(name) ?? [];
      list.push(m.timestamp - ref.timestamp);
      out.set(name, list);
    }
  }
  return out;
}

const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

/**
 * Synchronisation: per frame, each sensor's offset from the LiDAR beyond the tolerance (default half
 * the sequence's LiDAR period); along a sequence, gaps of more than 1.5 periods (dropped frames) and of
 * less than half a period (duplicated frames).
 */
export function syncChecks(input: LidarCheckInput, options: LidarCheckOptions): CheckIssue[] {
  const sensors = new Map(input.sensors.map((s) => [s.id, s]));
  const issues: CheckIssue[] = [];
  const only = options.only;
  for (const [sequence, frames] of framesBySequence(input.frames, sensors)) {
    const period = lidarPeriod(frames, sensors);
    const tolerance = options.syncToleranceMs !== undefined ? options.syncToleranceMs / 1000 : period / 2;
    let previous: { frame: LidarFrame; time: number } | undefined;
    for (const frame of frames) {
      const ref = referenceMember(frame, sensors);
      if (ref?.timestamp === undefined) continue;
      if (wants(only, 'sync_offset') && Number.isFinite(tolerance)) {
        for (const m of frame.members) {
          if (m === ref || m.timestamp === undefined) continue;
          const offset = m.timestamp - ref.timestamp;
          if (Math.abs(offset) <= tolerance) continue;
          const sensor = sensors.get(m.sensor)?.name ?? m.sensor;
          issues.push({
            sampleId: m.sampleId,
            type: 'sync_offset',
            severity: Math.abs(offset) > 2 * tolerance ? 'error' : 'warning',
            score: Math.min(1, Math.abs(offset) / (4 * tolerance)),
            reason: `${frame.name}: ${sensor} was captured ${ms(Math.abs(offset))} ${offset > 0 ? 'after' : 'before'} the LiDAR (tolerance ${ms(tolerance)}).`,
            details: {
              frame: frame.name,
              sequence,
              sensor,
              offset_ms: offset * 1000,
              tolerance_ms: tolerance * 1000,
            },
          });
        }
      }
      if (previous !== undefined && Number.isFinite(period)) {
        const gap = ref.timestamp - previous.time;
        if (gap > 1.5 * period && wants(only, 'frame_dropped')) {
          const missing = Math.max(1, Math.round(gap / period) - 1);
          issues.push({
            sampleId: ref.sampleId,
            type: 'frame_dropped',
            severity: 'warning',
            score: Math.min(1, missing / 5),
            reason: `${sequence}: ${ms(gap)} between ${previous.frame.name} and ${frame.name} (LiDAR period ${ms(period)}): about ${missing} frame${missing === 1 ? '' : 's'} dropped.`,
            details: {
              sequence,
              frame: frame.name,
              previous: previous.frame.name,
              gap_ms: gap * 1000,
              period_ms: period * 1000,
              missing,
            },
          });
        } else if (gap < 0.5 * period && wants(only, 'frame_duplicate')) {
          issues.push({
            sampleId: ref.sampleId,
            type: 'frame_duplicate',
            severity: 'warning',
            score: 1 - Math.max(0, gap) / (0.5 * period),
            reason: `${sequence}: ${frame.name} follows ${previous.frame.name} after ${ms(gap)} (LiDAR period ${ms(period)}): a duplicated frame.`,
            details: {
              sequence,
              frame: frame.name,
              previous: previous.frame.name,
              gap_ms: gap * 1000,
              period_ms: period * 1000,
            },
          });
        }
      }
      previous = { frame, time: ref.timestamp };
    }
  }
  return issues;
}
