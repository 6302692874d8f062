import { wrapAngle } from '../../geometry3d/mat34.js';
import type { Sensor } from '../../model/sensor.js';
import { type CheckIssue, wants } from '../check-types.js';
import {
  LIDAR_CHECK_DEFAULTS,
  type LidarCheckInput,
  type LidarCheckOptions,
  type LidarCuboid,
} from './lidar-check-input.js';
import { framesBySequence, referenceMember } from './sync-checks.js';

/** A heading change within this of 180° is a flip (the box turned back to front), in degrees. */
const FLIP_WITHIN_DEG = 30;

/**
 * Tracks: along each sequence, a track's heading between consecutive frames turning by nearly 180°
 * (a flipped box) or by more than `headingJumpDeg` (a jump).
 */
export function trackChecks(input: LidarCheckInput, options: LidarCheckOptions): CheckIssue[] {
  const wantFlip = wants(options.only, 'track_heading_flip');
  const wantJump = wants(options.only, 'track_heading_jump');
  if (!wantFlip && !wantJump) return [];
  const jump = ((options.headingJumpDeg ?? LIDAR_CHECK_DEFAULTS.headingJumpDeg) * Math.PI) / 180;
  const flip = Math.PI - (FLIP_WITHIN_DEG * Math.PI) / 180;
  const sensors = new Map<string, Sensor>(input.sensors.map((s) => [s.id, s]));
  const cuboidsBySample = new Map<number, LidarCuboid[]>();
  for (const c of input.cuboids) {
    if (c.cuboid.trackId === undefined) continue;
    const list = cuboidsBySample.get(c.sampleId) ?? [];
    list.push(c);
    cuboidsBySample.set(c.sampleId, list);
  }
  const issues: CheckIssue[] = [];
  for (const [sequence, frames] of framesBySequence(input.frames, sensors)) {
    const last = new Map<string, { c: LidarCuboid; frame: string }>();
    for (const frame of frames) {
      const ref = referenceMember(frame, sensors);
      if (ref === undefined) continue;
      for (const c of cuboidsBySample.get(ref.sampleId) ?? []) {
        const track = c.cuboid.trackId!;
        const before = last.get(track);
        last.set(track, { c, frame: frame.name });
        if (before === undefined) continue;
        const turn = Math.abs(wrapAngle(c.cuboid.yaw - before.c.cuboid.yaw));
        const type = turn >= flip ? 'track_heading_flip' : turn > jump ? 'track_heading_jump' : undefined;
        if (type === undefined || (type === 'track_heading_flip' ? !wantFlip : !wantJump)) continue;
        const degrees = (turn * 180) / Math.PI;
        issues.push({
          sampleId: c.sampleId,
          annotationId: c.id,
          type,
          severity: 'warning',
          score: Math.min(1, turn / Math.PI),
          reason: `${sequence}: track ${track} (${c.label ?? 'object'}) turns ${degrees.toFixed(0)}° between ${before.frame} and ${frame.name}${type === 'track_heading_flip' ? ': its box is flipped' : ''}.`,
          details: {
            sequence,
            track,
            class: c.label ?? null,
            frame: frame.name,
            previous: before.frame,
            turn_deg: degrees,
          },
        });
      }
    }
  }
  return issues;
}
