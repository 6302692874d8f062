import { defineFormat } from '../define-format.js';
import { detectYolo } from './yolo-detect.js';

/**
 * YOLO text labels (Ultralytics detect / segment / pose / OBB, darknet, plain classes.txt folders), and
 * DOTA labelTxt folders (oriented boxes in pixels, as Roboflow exports them). An oriented box (an
 * 8-value YOLO line, a DOTA line) is a 4-point polygon with the attribute `oriented: true`; the writer
 * writes 4-point polygons as `class x1 y1 ... x4 y4`, which is the YOLO OBB line.
 * Coordinates are fractions of the image size, so reading needs the images (io.imageSize).
 * Sample keys are relative to the common folder of the split image folders (images/ with
 * images/train and images/val, images/train when there is only one split).
 */
export const yolo = defineFormat({
  id: 'yolo',
  title: 'YOLO (Ultralytics / darknet / OBB / DOTA)',
  tasks: ['bbox', 'polygon', 'keypoints'],
  capabilities: {
    roundTrip: ['bbox', 'polygon', 'keypoints'],
    keepsClassIds: true,
    needsImages: true,
    scores: true,
  },
  detect: detectYolo,
  read: async (input) => (await import('./yolo-read.js')).readYolo(input),
  write: async (input) => (await import('./yolo-write.js')).writeYolo(input),
  writesBatches: true,
});
