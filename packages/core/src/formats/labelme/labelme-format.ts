import { defineFormat } from '../define-format.js';
import { extName } from '../paths.js';
import { looksLabelMe, sniffFolder } from './labelme-files.js';

/**
 * LabelMe JSON (wkentaro/labelme and tools writing its layout): one JSON per image with `shapes`
 * (rectangle, polygon, circle, line, linestrip, point, points, oriented_rectangle, mask) and
 * `imagePath`. Read (labelme-read.ts) and written (labelme-write.ts), one JSON beside each image.
 */
export const labelMe = defineFormat({
  id: 'labelme',
  title: 'LabelMe JSON (one file per image: shapes, imagePath)',
  tasks: ['bbox', 'polygon', 'polyline', 'mask', 'keypoints', 'classification'],
  capabilities: {
    roundTrip: ['bbox', 'polygon', 'polyline', 'mask', 'classification'],
    keepsClassIds: false,
    needsImages: false,
    scores: false,
  },
  async detect(path, io) {
    if (await io.isDirectory(path)) {
      const { json, labelme } = await sniffFolder(path, io);
      if (labelme === 0) return undefined;
      return labelme === json
        ? {
            confidence: 0.9,
            reason: `JSON files with shapes and imagePath (LabelMe), ${labelme} of ${json} looked at`,
          }
        : {
            confidence: 0.6,
            reason: `${labelme} of ${json} JSON files looked at are LabelMe's (shapes, imagePath)`,
          };
    }
    if (extName(path) !== '.json' || !(await looksLabelMe(path, io))) return undefined;
    return { confidence: 0.95, reason: 'a JSON object with shapes and imagePath (LabelMe)' };
  },
  read: async (input) => (await import('./labelme-read.js')).readLabelMe(input),
  write: async (input) => (await import('./labelme-write.js')).writeLabelMe(input),
});
