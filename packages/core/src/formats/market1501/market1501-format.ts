import { defineFormat } from '../define-format.js';
import { locateMarket } from './market1501-files.js';

/**
 * Market-1501 person re-identification folders (DukeMTMC-reID, CUHK03-np alike): identities and
 * cameras from the images' names (market1501-read.ts). Read only.
 */
export const market1501 = defineFormat({
  id: 'market1501',
  title:
    'Market-1501 re-ID folders (bounding_box_train/, bounding_box_test/, query/; 0002_c1s1_000451_03.jpg)',
  tasks: ['classification'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: true, scores: false },
  async detect(path, io) {
    const found = await locateMarket(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.9,
      reason: `${found.folders.map((f) => `${f.name}/`).join(', ')} of re-ID images named <identity>_c<camera>… (Market-1501)`,
    };
  },
  async read(input) {
    const { readMarket1501 } = await import('./market1501-read.js');
    return readMarket1501(input);
  },
});
