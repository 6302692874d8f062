import type { Cuboid } from '../../model/annotation.js';
import type { FrameMember, Sensor } from '../../model/sensor.js';

/** Issue types of the LiDAR + camera checks (docs in lidar-checks.ts). */
export const LIDAR_CHECK_TYPES = [
  'sync_offset',
  'frame_dropped',
  'frame_duplicate',
  'calibration_mismatch',
  'cuboid_outside_cameras',
  'cuboid_few_points',
  'cuboid_size_outlier',
  'cuboid_below_ground',
  'cuboid_floating',
  'cuboid_overlap',
  'track_heading_flip',
  'track_heading_jump',
  'sweep_anomaly',
] as const;

export type LidarCheckType = (typeof LIDAR_CHECK_TYPES)[number];

export interface LidarFrame {
  id: number;
  name: string;
  sequence?: string;
  index?: number;
  members: (FrameMember & { sampleId: number })[];
}

export interface LidarSample {
  id: number;
  key: string;
  kind: 'image' | 'text' | 'point_cloud';
  width?: number;
  height?: number;
}

export interface LidarCuboid {
  id: number;
  sampleId: number;
  label?: string;
  cuboid: Cuboid;
  originalId?: string | number;
}

export interface LidarBox {
  id: number;
  sampleId: number;
  label?: string;
  bbox: [number, number, number, number];
  originalId?: string | number;
}

/** What the node layer measures in the points (cuboid-point-stats.ts, sweep-stats.ts). */
export interface PointMeasures {
  /** Points inside each cuboid, by annotation id. */
  inside: Map<number, number>;
  /** Ground height (z in the box's frame) around each cuboid, by annotation id; absent without points nearby. */
  ground: Map<number, number>;
  /** Per sweep (sample id): point count and median horizontal range (metres). */
  sweeps: Map<number, { count: number; medianRange: number }>;
}

export interface LidarCheckInput {
  sensors: Sensor[];
  frames: LidarFrame[];
  samples: Map<number, LidarSample>;
  cuboids: LidarCuboid[];
  boxes: LidarBox[];
  measures?: PointMeasures;
}

/** Thresholds (a plan's `lidar:` section sets them; defaults below). */
export interface LidarCheckOptions {
  only?: ReadonlySet<string>;
  /** Largest allowed |offset| of a sensor from the reference sensor in a frame, ms (default: half the LiDAR period). */
  syncToleranceMs?: number;
  /** A cuboid with fewer points inside is reported (default 5). */
  minPointsInBox?: number;
  /** A frame's camera whose cuboid projections match their 2D boxes with a lower median IoU is reported (default 0.5). */
  minCalibrationIou?: number;
  /** Two cuboids of a sweep overlapping more than this 3D IoU are reported (default 0.1). */
  overlapIou?: number;
  /** A box bottom this far below / above the local ground is reported, metres (default 0.5 / 0.75). */
  belowGroundM?: number;
  floatingM?: number;
  /** A track's heading changing more than this between consecutive frames is a jump, degrees (default 60); near 180° a flip. */
  headingJumpDeg?: number;
  /** A sweep with fewer points (or a shorter median range) than this share of its neighbours' median is reported (default 0.5). */
  sweepRatio?: number;
  /** Robust z of a cuboid dimension (log) beyond which its size is implausible for its class (default 4), and the least ratio (default 1.5). */
  sizeOutlierZ?: number;
  sizeOutlierMinRatio?: number;
}

export const LIDAR_CHECK_DEFAULTS = {
  minPointsInBox: 5,
  minCalibrationIou: 0.5,
  overlapIou: 0.1,
  belowGroundM: 0.5,
  floatingM: 0.75,
  headingJumpDeg: 60,
  sweepRatio: 0.5,
  sizeOutlierZ: 4,
  sizeOutlierMinRatio: 1.5,
};
