import { defineFormat } from '../define-format.js';
import { locateImageList, readImageList } from './image-list-read.js';

/**
 * Image lists of `<image path> <class index>` lines (mmpretrain/mmcls, Caffe, ImageNet-txt;
 * image-list-read.ts). Read only.
 */
export const imageList = defineFormat({
  id: 'image-list',
  title: 'Image list with class indices (<image path> <index> per line; classes.txt/synsets.txt)',
  tasks: ['classification'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const files = await locateImageList(path, io);
    if (!files) return undefined;
    return {
      confidence: 0.8,
      reason: `${files.length === 1 ? 'a .txt' : `${files.length} split lists`} of "<image path> <class index>" lines`,
    };
  },
  read: readImageList,
});
