import { defineFormat } from '../define-format.js';
import { locateSam, readSam } from './sam-read.js';

/** Segment Anything's SA-1B JSON (one per image: image, annotations of RLE masks; sam-read.ts). Read only. */
export const sam = defineFormat({
  id: 'sam',
  title: 'Segment Anything SA-1B JSON (one per image: image, annotations with RLE masks)',
  tasks: ['mask'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const files = await locateSam(path, io);
    if (!files) return undefined;
    return {
      confidence: 0.9,
      reason: `SA-1B JSON (${files.length === 1 ? 'an image object with file_name, then annotations' : `${files.length} per-image files`})`,
    };
  },
  read: readSam,
});
