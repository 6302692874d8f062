import { defineFormat } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { extName } from '../paths.js';
import { createMlFile, createMlShape } from './createml-files.js';

/**
 * Apple Create ML object detection JSON (createml-read.ts): an array of images with labelled boxes given
 * by their centre, width and height in pixels. Read (also Roboflow's per-split `_annotations.createml.json`,
 * through withSplitFolders) and written (annotations.createml.json beside the images).
 */
export const createMl = defineFormat({
  id: 'createml',
  title: 'Apple Create ML JSON (object detection: box centre x, y, width, height)',
  tasks: ['bbox'],
  capabilities: { roundTrip: ['bbox'], keepsClassIds: false, needsImages: false, scores: false },
  async detect(path, io) {
    const folder = await io.isDirectory(path);
    const file = await createMlFile(path, io);
    if (file === undefined || extName(file) !== '.json') return undefined;
    // A list of objects naming an image (a COCO or VIA object, a list of something else, is not read whole).
    if (!/^\uFEFF?\s*\[\s*(\]|\{)/.test(await headText(file, io))) return undefined;
    const text = withoutBom(await io.readText(file));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const sure = createMlShape(value);
    if (sure === 0) return undefined;
    return {
      confidence: sure === 1 ? 0.95 : 0.6,
      reason:
        sure === 1
          ? 'a JSON array of {image, annotations: [{label, coordinates: {x, y, width, height}}]} (Create ML)'
          : 'a JSON array of {image, annotations: []} (Create ML without boxes)',
      ...(folder ? { path: file } : {}),
    };
  },
  read: async (input) => (await import('./createml-read.js')).readCreateMl(input),
  write: async (input) => (await import('./createml-write.js')).writeCreateMl(input),
});
