import { defineFormat } from '../define-format.js';
import { cityscapesLayout } from './cityscapes-layout.js';

/**
 * Cityscapes (leftImg8bit/ beside gtFine/ or gtCoarse/ with *_polygons.json; cityscapes-read.ts). Read
 * only.
 */
export const cityscapes = defineFormat({
  id: 'cityscapes',
  title: 'Cityscapes (leftImg8bit/, gtFine/*_gtFine_polygons.json)',
  tasks: ['polygon'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const layout = await cityscapesLayout(path, io);
    if (!layout) return undefined;
    return { confidence: 0.95, reason: `leftImg8bit/ beside ${layout.gt}/ (Cityscapes)` };
  },
  read: async (input) => (await import('./cityscapes-read.js')).readCityscapes(input),
});
