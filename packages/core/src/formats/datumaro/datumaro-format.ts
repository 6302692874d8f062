import { defineFormat } from '../define-format.js';
import { locateDatumaro } from './datumaro-files.js';

/**
 * Datumaro's own JSON format (datumaro's export, CVAT's "Datumaro 1.0" export, Intel Geti):
 * annotations/<subset>.json beside images/<subset>/ (datumaro-read.ts). Read only.
 */
export const datumaro = defineFormat({
  id: 'datumaro',
  title: 'Datumaro JSON (annotations/<subset>.json with categories and items)',
  tasks: ['bbox', 'polygon', 'polyline', 'mask', 'keypoints', 'classification'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: true },
  async detect(path, io) {
    const found = await locateDatumaro(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.95,
      reason:
        found.files.length === 1 && found.files[0] === path
          ? 'a JSON with Datumaro’s categories object and items list'
          : `annotations/ holds Datumaro subset files (${found.files.length})`,
    };
  },
  read: async (input) => (await import('./datumaro-read.js')).readDatumaro(input),
});
