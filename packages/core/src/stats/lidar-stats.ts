import { type Histogram, histogram, type Summary, summarize, vecQuantileSorted } from './summarize.js';

/** Distance bands of `objects_by_distance`, metres from the LiDAR (horizontal). */
export const DISTANCE_BANDS = [0, 10, 20, 30, 40, 50, Number.POSITIVE_INFINITY];

export function bandName(i: number): string {
  const hi = DISTANCE_BANDS[i + 1]!;
  return Number.isFinite(hi) ? `${DISTANCE_BANDS[i]}–${hi} m` : `${DISTANCE_BANDS[i]}+ m`;
}

/** What the LiDAR part of `assay stats --json` holds (DatasetStats.lidar). Field names are public. */
export interface LidarStats {
  sweeps: number;
  frames: number;
  points_per_sweep: { summary: Summary; histogram: Histogram };
  /** Cuboids per class and distance band. */
  objects_by_distance: { bands: string[]; classes: string[]; counts: number[][] };
  /** Median LiDAR points inside a box per distance band (boxes whose point count is known), per class. */
  points_per_object: { bands: string[]; classes: string[]; median: (number | null)[][]; boxes: number };
  /** Offset of each sensor from its frame's LiDAR, milliseconds. */
  sync_offsets: { sensor: string; summary: Summary; histogram: Histogram }[];
}

export interface LidarStatsInput {
  pointsPerSweep: ArrayLike<number>;
  frames: number;
  objects: { label: string; distance: number; points?: number }[];
  /** Offsets in milliseconds by sensor name. */
  offsets: Map<string, number[]>;
}

function band(distance: number): number {
  for (let i = 0; i < DISTANCE_BANDS.length - 1; i++) if (distance < DISTANCE_BANDS[i + 1]!) return i;
  return DISTANCE_BANDS.length - 2;
}

/** LiDAR statistics from sweep sizes, cuboid distances (and points inside when known) and sync offsets. */
export function computeLidarStats(input: LidarStatsInput): LidarStats {
  const bands = DISTANCE_BANDS.slice(0, -1).map((_, i) => bandName(i));
  const classes = [...new Set(input.objects.map((o) => o.label))].sort();
  const row = new Map(classes.map((c, i) => [c, i]));
  const counts = classes.map(() => bands.map(() => 0));
  const points = classes.map(() => bands.map((): number[] => []));
  let withPoints = 0;
  for (const o of input.objects) {
    const i = row.get(o.label)!;
    const b = band(o.distance);
    counts[i]![b]!++;
    if (o.points !== undefined && Number.isFinite(o.points)) {
      points[i]![b]!.push(o.points);
      withPoints++;
    }
  }
  const sweeps = Float64Array.from(input.pointsPerSweep);
  return {
    sweeps: sweeps.length,
    frames: input.frames,
    points_per_sweep: { summary: summarize(sweeps), histogram: histogram(sweeps, { bins: 20 }) },
    objects_by_distance: { bands, classes, counts },
    points_per_object: {
      bands,
      classes,
      median: points.map((r) =>
        r.map((v) => (v.length === 0 ? null : vecQuantileSorted(Float64Array.from(v).sort(), 0.5))),
      ),
      boxes: withPoints,
    },
    sync_offsets: [...input.offsets.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([sensor, values]) => {
        const v = Float64Array.from(values);
        return { sensor, summary: summarize(v), histogram: histogram(v, { bins: 20 }) };
      }),
  };
}
