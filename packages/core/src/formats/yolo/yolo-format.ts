import { defineFormat } from '../define-format.js';
import { detectYolo } from './yolo-detect.js';
import { readYolo } from './yolo-read.js';
import { writeYolo } from './yolo-write.js';

/**
 * YOLO text labels (Ultralytics detect / segment / pose, darknet, plain classes.txt folders).
 * Coordinates are fractions of the image size, so reading needs the images (io.imageSize).
 * Sample keys are relative to the common folder of the split image folders (images/ with
 * images/train and images/val, images/train when there is only one split).
 */
export const yolo = defineFormat({
  id: 'yolo',
  title: 'YOLO (Ultralytics / darknet)',
  tasks: ['bbox', 'polygon', 'keypoints'],
  capabilities: {
    roundTrip: ['bbox', 'polygon', 'keypoints'],
    keepsClassIds: true,
    needsImages: true,
    scores: true,
  },
  detect: detectYolo,
  read: readYolo,
  write: writeYolo,
  writesBatches: true,
});
