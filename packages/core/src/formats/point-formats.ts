import type { Format } from './define-format.js';

/**
 * Formats of LiDAR recordings and point files (cuboids, per-point labels): the image cases of the shared
 * suites (conformance, detect-written, fuzz seeds) write image datasets these formats cannot hold; their
 * own cases are in _lidar-conformance-kit.ts.
 */
export function isPointFormat(format: Format): boolean {
  return format.tasks.some((kind) => kind === 'cuboid' || kind === 'point_labels');
}
