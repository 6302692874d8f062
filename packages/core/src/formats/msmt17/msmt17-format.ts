import { defineFormat } from '../define-format.js';
import { locateMsmt } from './msmt17-files.js';

/**
 * MSMT17 person re-identification lists (list_train.txt, list_val.txt, list_query.txt,
 * list_gallery.txt beside train/ and test/): identities and cameras (msmt17-read.ts). Read only.
 */
export const msmt17 = defineFormat({
  id: 'msmt17',
  title: 'MSMT17 re-ID lists (list_train.txt, list_query.txt, list_gallery.txt of "<path> <identity>" lines)',
  tasks: ['classification'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: true, scores: false },
  async detect(path, io) {
    const found = await locateMsmt(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.9,
      reason: `${found.lists.join(', ')} of "<image path> <identity>" lines beside train/ or test/ (MSMT17)`,
    };
  },
  async read(input) {
    const { readMsmt17 } = await import('./msmt17-read.js');
    return readMsmt17(input);
  },
});
