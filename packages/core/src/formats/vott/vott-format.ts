import { defineFormat } from '../define-format.js';
import { locateVott } from './vott-files.js';

/**
 * VoTT (Microsoft's Visual Object Tagging Tool) JSON: the "VoTT JSON" export and the project's
 * per-asset files (vott-read.ts). Read only; VoTT's CSV export is box-csv's.
 */
export const vott = defineFormat({
  id: 'vott',
  title: 'VoTT JSON (<project>-export.json with assets and regions; <id>-asset.json)',
  tasks: ['bbox', 'polygon', 'polyline', 'keypoints'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const found = await locateVott(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.95,
      reason:
        found.role === 'export'
          ? 'a VoTT JSON export (assets of {asset, regions} with boundingBox, points and tags)'
          : `${found.files.length} VoTT asset file${found.files.length === 1 ? '' : 's'} ({asset, regions})`,
    };
  },
  read: async (input) => (await import('./vott-read.js')).readVott(input),
});
