import { defineFormat } from '../define-format.js';
import { locateOpenImages } from './open-images-files.js';
import { readOpenImages } from './open-images-read.js';

/**
 * Open Images CSVs (Google's downloads, Datumaro's open_images layout, FiftyOne's export): boxes,
 * instance masks (segmentation CSVs' MaskPath PNGs), image-level labels and class descriptions (open-images-read.ts). Read only.
 */
export const openImages = defineFormat({
  id: 'open-images',
  title: 'Open Images CSV (ImageID, LabelName, XMin, XMax, YMin, YMax; class descriptions)',
  tasks: ['bbox', 'classification', 'mask'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: true, scores: true },
  async detect(path, io) {
    const found = await locateOpenImages(path, io);
    if (!found) return undefined;
    const boxes = found.files.filter((f) => f.role === 'boxes').length;
    const labels = found.files.filter((f) => f.role === 'labels').length;
    const masks = found.files.filter((f) => f.role === 'masks').length;
    return {
      confidence: 0.95,
      reason: `Open Images CSVs: ${[boxes > 0 ? `${boxes} of boxes` : '', labels > 0 ? `${labels} of image labels` : '', masks > 0 ? `${masks} of masks` : ''].filter(Boolean).join(', ')} (ImageID, LabelName${boxes > 0 ? ', XMin…YMax' : ''}${masks > 0 ? ', MaskPath' : ''})`,
    };
  },
  read: readOpenImages,
});
