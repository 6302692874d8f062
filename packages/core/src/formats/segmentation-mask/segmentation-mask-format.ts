import { defineFormat } from '../define-format.js';
import { locateMaskExport } from './segmentation-mask-files.js';

/**
 * CVAT's "Segmentation mask 1.1" export (Datumaro's voc_segmentation): colour-coded class and instance
 * PNGs with labelmap.txt (segmentation-mask-read.ts). Read only.
 */
export const segmentationMask = defineFormat({
  id: 'segmentation-mask',
  title:
    'Segmentation mask PNGs (CVAT "Segmentation mask 1.1": labelmap.txt, SegmentationClass/, SegmentationObject/)',
  tasks: ['mask'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const found = await locateMaskExport(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.9,
      reason: `SegmentationClass/ PNGs with ${found.labelmap ? 'labelmap.txt' : 'ImageSets/Segmentation lists'}${found.hasObjects ? ' and SegmentationObject/' : ''} and no VOC XML (CVAT's segmentation mask export)`,
    };
  },
  read: async (input) => (await import('./segmentation-mask-read.js')).readSegmentationMask(input),
});
