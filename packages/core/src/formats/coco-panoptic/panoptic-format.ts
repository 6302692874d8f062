import { defineFormat } from '../define-format.js';
import { locatePanoptic, readPanoptic } from './panoptic-read.js';

/**
 * COCO panoptic segmentation (panoptic_<subset>.json with segments_info, and its folder of segment-id
 * PNGs; panoptic-read.ts). Read only.
 */
export const cocoPanoptic = defineFormat({
  id: 'coco-panoptic',
  title: 'COCO panoptic (panoptic_<subset>.json with segments_info, PNGs of segment ids)',
  tasks: ['mask'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const files = await locatePanoptic(path, io);
    if (!files) return undefined;
    // A folder: below coco's claim, which wins when instances files lie beside the panoptic ones.
    return {
      confidence: files[0] === path ? 0.95 : 0.85,
      reason: `${files[0] === path ? 'a COCO panoptic JSON' : files.map((f) => f.slice(path.length + 1)).join(', ')} (annotations with segments_info)`,
    };
  },
  read: readPanoptic,
});
