import { defineFormat } from '../define-format.js';
import { extName } from '../paths.js';
import { looksSly, sniffSlyFolder } from './supervisely-files.js';

/**
 * Supervisely's JSON format (its projects' export, and Dataset Ninja's downloads): meta.json with the
 * classes, and per dataset `ann/<image>.json` beside `img/<image>` (supervisely-read.ts). Read only.
 */
export const supervisely = defineFormat({
  id: 'supervisely',
  title: 'Supervisely JSON (meta.json, <dataset>/ann/<image>.json)',
  tasks: ['bbox', 'polygon', 'polyline', 'mask', 'keypoints'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    if (await io.isDirectory(path)) {
      const found = await sniffSlyFolder(path, io);
      if (!found || found.sly === 0) return undefined;
      return {
        confidence: found.meta ? 0.95 : found.sly === found.looked ? 0.9 : 0.6,
        reason: `${found.meta ? 'meta.json naming classes, and ' : ''}ann/ files with size and objects (Supervisely), ${found.sly} of ${found.looked} looked at`,
      };
    }
    if (extName(path) !== '.json' || !(await looksSly(path, io))) return undefined;
    return { confidence: 0.9, reason: 'a JSON object with size and objects (a Supervisely annotation)' };
  },
  read: async (input) => (await import('./supervisely-read.js')).readSupervisely(input),
});
