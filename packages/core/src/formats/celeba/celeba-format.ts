import { defineFormat } from '../define-format.js';
import { baseName } from '../paths.js';
import { locateCeleba } from './celeba-files.js';

/**
 * CelebA face attributes, identities, boxes and landmarks (list_attr_celeba.txt, identity_CelebA.txt,
 * list_bbox_celeba.txt, list_landmarks_(align_)celeba.txt, list_eval_partition.txt; celeba-read.ts). Read only.
 */
export const celeba = defineFormat({
  id: 'celeba',
  title: 'CelebA (list_attr_celeba.txt, identity_CelebA.txt, list_landmarks_align_celeba.txt, …)',
  tasks: ['classification', 'keypoints', 'bbox'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const found = await locateCeleba(path, io);
    if (!found) return undefined;
    return {
      confidence: 0.9,
      reason: `${Object.values(found.files)
        .map((f) => baseName(f))
        .join(', ')} (CelebA)`,
    };
  },
  async read(input) {
    const { readCeleba } = await import('./celeba-read.js');
    return readCeleba(input);
  },
});
