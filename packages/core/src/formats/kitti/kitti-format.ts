import { defineFormat } from '../define-format.js';
import { detectKitti } from './kitti-detect.js';

/**
 * KITTI 3D object detection (velodyne/, image_2/, calib/, label_2/): LiDAR sweeps as point_cloud samples,
 * each object as a cuboid in the velodyne frame (kitti-label.ts converts from the rectified camera frame's
 * bottom centre and rotation_y) and a 2D box on image_2, the calibration as sensors, DontCare apart.
 */
export const kitti = defineFormat({
  id: 'kitti',
  title: 'KITTI 3D object',
  tasks: ['cuboid', 'bbox'],
  capabilities: { roundTrip: ['cuboid', 'bbox'], keepsClassIds: false, needsImages: false, scores: true },
  detect: detectKitti,
  read: async (input) => (await import('./kitti-read.js')).readKitti(input),
  write: async (input) => (await import('./kitti-write.js')).writeKitti(input),
});
