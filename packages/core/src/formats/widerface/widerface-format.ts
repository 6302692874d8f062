import { defineFormat } from '../define-format.js';
import { locateWiderFace, readWiderFace } from './widerface-read.js';

/** WIDER FACE (wider_face_split/wider_face_<split>_bbx_gt.txt beside WIDER_<split>/images/; widerface-read.ts). Read only. */
export const widerFace = defineFormat({
  id: 'widerface',
  title: 'WIDER FACE (wider_face_split/wider_face_<split>_bbx_gt.txt)',
  tasks: ['bbox'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const found = await locateWiderFace(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.95,
      reason: `WIDER FACE annotation files (${found.files.length}: wider_face_<split>_bbx_gt.txt)`,
    };
  },
  read: readWiderFace,
});
