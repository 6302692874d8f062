import { defineFormat } from '../define-format.js';
import { locateMot } from './mot-files.js';
import { readMot } from './mot-read.js';

/**
 * MOTChallenge tracking files (MOT15–MOT20; CVAT's "MOT 1.1", Datumaro's mot_seq): gt/gt.txt or
 * det/det.txt per sequence beside img1/ (mot-read.ts). Read only.
 */
export const mot = defineFormat({
  id: 'mot',
  title: 'MOTChallenge (gt/gt.txt: frame, id, left, top, width, height, …; img1/)',
  tasks: ['bbox'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: true },
  async detect(path, io) {
    const found = await locateMot(path, io);
    if (!found) return undefined;
    const n = found.sequences.length;
    return {
      confidence: 0.9,
      reason:
        n === 1
          ? `${found.sequences[0]?.detections ? 'det/det.txt' : 'gt/gt.txt'} of MOT rows (frame, id, left, top, width, height, …)`
          : `${n} MOT sequences (gt/gt.txt or det/det.txt)`,
    };
  },
  read: readMot,
});
