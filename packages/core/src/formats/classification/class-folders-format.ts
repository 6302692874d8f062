import { isClutter } from '../clutter-files.js';
import { defineFormat } from '../define-format.js';
import { extName, isImagePath } from '../paths.js';
import { isSplitLayout, readClassFolders } from './class-folders-read.js';

/**
 * Image classification as class-per-folder trees (torchvision ImageFolder, Keras
 * image_dataset_from_directory): root/<class>/<image>, or root/<split>/<class>/<image> when every
 * top folder is train/val/valid/validation/test. Sample keys are paths below the root (so the class
 * folder is part of the key). Class map: an optional classes.txt, else folder names sorted; each
 * class keeps its index under `class-folders`.
 */
const ANNOTATION_EXTENSIONS = new Set(['.json', '.xml', '.yaml', '.yml', '.csv', '.txt']);

export const classFolders = defineFormat({
  id: 'class-folders',
  title: 'Image classification folders (root/<class>/<image>)',
  tasks: ['classification'],
  capabilities: { roundTrip: ['classification'], keepsClassIds: false, needsImages: true, scores: false },
  async detect(path, io) {
    if (!(await io.isDirectory(path))) return undefined;
    const files = (await io.listFiles(path, { recursive: true })).filter((f) => !isClutter(f));
    // Annotation files beside the folders (other than classes.txt) mean another layout (COCO JSON,
    // YOLO lists, CVAT XML...); a README or a stray image there is still ours (read reports the image).
    const annotationFile = (f: string) =>
      !f.includes('/') && f !== 'classes.txt' && ANNOTATION_EXTENSIONS.has(extName(f));
    if (files.some(annotationFile)) return undefined;
    const nested = files.filter((f) => f.includes('/'));
    if (nested.length === 0 || !nested.every(isImagePath)) return undefined;
    // The same layout rule as read: <split>/<class>/<image> when the top folders are split names.
    const split = isSplitLayout(nested);
    const depth = split ? 3 : 2;
    // An unlabelled split (ImageNet's test/ holds images, no class folders) is read as skipped images.
    const inClass = nested.filter((f) => f.split('/').length >= depth);
    if (split ? inClass.length === 0 : inClass.length < nested.length) return undefined;
    const classes = new Set(inClass.map((f) => f.split('/')[depth - 2]));
    if (classes.size < 2) return undefined;
    // Cityscapes' leftImg8bit/ beside gtFine/ holds photos and label PNGs, not two classes.
    if (classes.has('leftImg8bit') && (classes.has('gtFine') || classes.has('gtCoarse'))) return undefined;
    const layout = split ? 'split folders holding class folders' : 'class folders';
    return { confidence: 0.7, reason: `${classes.size} ${layout} holding only images` };
  },
  read: readClassFolders,
  write: async (input) => (await import('./class-folders-write.js')).writeClassFolders(input),
  // An export passes the project in batches: only its classifications are held.
  writesBatches: true,
});
