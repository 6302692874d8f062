import type { Cuboid } from '../model/annotation.js';

/** One object of a synthetic scene, in the ego frame at a frame's time. */
export interface SceneObject {
  track: string;
  label: 'car' | 'pedestrian' | 'cyclist';
  box: Cuboid;
  /** Points sampled inside the box (0: an annotation with no object under it). */
  points: number;
  /** Whether the camera's 2D box of this object is written (false for planted extra boxes). */
  box2d: boolean;
  /** The originalId shared by the cuboid and its 2D box. */
  id: string;
}

export const SIZES: Record<SceneObject['label'], [number, number, number]> = {
  car: [4.5, 1.9, 1.6],
  pedestrian: [0.8, 0.7, 1.75],
  cyclist: [1.8, 0.6, 1.7],
};

export const POINTS_PER_OBJECT: Record<SceneObject['label'], number> = {
  car: 200,
  pedestrian: 80,
  cyclist: 100,
};

/** A track's fixed traits: class, lane offset (y), distance ahead (x), size jitter. */
export interface Track {
  name: string;
  label: SceneObject['label'];
  x: number;
  y: number;
  /** Speed relative to the ego vehicle (m/s along x). */
  drift: number;
  size: [number, number, number];
}

/**
 * Tracks placed in the front camera's view (x 10–34 m ahead, |y| ≤ 0.3 x), 8 m apart along x so that
 * no two boxes overlap whatever their headings; sizes within ±5% of their class's.
 */
export function makeTracks(count: number, random: () => number, prefix: string): Track[] {
  const labels: SceneObject['label'][] = ['car', 'pedestrian', 'car', 'cyclist', 'car', 'pedestrian'];
  const tracks: Track[] = [];
  for (let i = 0; i < count; i++) {
    const label = labels[i % labels.length]!;
    const x = 10 + 8 * (i % 4);
    const side = Math.floor(i / 4) % 2 === 0 ? -1 : 1;
    const y = side * (0.12 + 0.1 * random()) * x * (i >= 4 ? 1 : 0.5);
    const base = SIZES[label];
    tracks.push({
      name: `${prefix}-t${i}`,
      label,
      x,
      y,
      drift: (random() - 0.5) * 0.4,
      size: [
        base[0] * (0.95 + 0.1 * random()),
        base[1] * (0.95 + 0.1 * random()),
        base[2] * (0.95 + 0.1 * random()),
      ],
    });
  }
  return tracks;
}

/** The track's box in the ego frame at time t (seconds from the sequence's start), resting on the ground (z = 0). */
export function trackBox(t: Track, seconds: number, yaw = 0): Cuboid {
  return {
    center: [t.x + t.drift * seconds, t.y, t.size[2] / 2],
    size: [...t.size],
    yaw,
    frame: 'ego',
    trackId: t.name,
  };
}
