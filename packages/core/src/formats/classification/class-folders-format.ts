import { defineFormat } from '../define-format.js';
import { isImagePath } from '../paths.js';
import { readClassFolders } from './class-folders-read.js';
import { writeClassFolders } from './class-folders-write.js';

/**
 * Image classification as class-per-folder trees (torchvision ImageFolder, Keras
 * image_dataset_from_directory): root/<class>/<image>, or root/<split>/<class>/<image> when every
 * top folder is train/val/valid/validation/test. Sample keys are paths below the root (so the class
 * folder is part of the key). Class map: an optional classes.txt, else folder names sorted; each
 * class keeps its index under `class-folders`.
 */
export const classFolders = defineFormat({
  id: 'class-folders',
  title: 'Image classification folders (root/<class>/<image>)',
  tasks: ['classification'],
  capabilities: { roundTrip: ['classification'], keepsClassIds: false, needsImages: true, scores: false },
  async detect(path, io) {
    if (!(await io.isDirectory(path))) return undefined;
    const nested = (await io.listFiles(path, { recursive: true })).filter((f) => f.includes('/'));
    const folders = new Set(nested.map((f) => f.slice(0, f.indexOf('/'))));
    if (nested.length === 0 || !nested.every(isImagePath) || folders.size < 2) return undefined;
    return { confidence: 0.7, reason: `${folders.size} sub-folders holding only images (class folders)` };
  },
  read: readClassFolders,
  write: writeClassFolders,
});
