import { defineFormat } from '../define-format.js';
import { detectVoc } from './voc-detect.js';

/**
 * Pascal VOC XML (Annotations/, JPEGImages/, ImageSets/Main/). Boxes: bbox = [xmin, ymin,
 * xmax − xmin, ymax − ymin] with no ±1 shift (voc-object.ts); an object's numbered <polygon> (Roboflow's
 * export) is read as a polygon with that box (written back as its box); person-layout parts are boxes with a
 * `parent` attribute; flags, pose, actions and Datumaro attributes are annotation attributes. Export keeps
 * each key's folders under JPEGImages/ (read back exactly); `voc-flat` writes the devkit's flat
 * JPEGImages/<id>.jpg instead, with image-keys.json mapping ids back to keys (voc-write.ts).
 */
export const voc = defineFormat({
  id: 'voc',
  title: 'Pascal VOC',
  tasks: ['bbox', 'polygon'],
  capabilities: { roundTrip: ['bbox'], keepsClassIds: false, needsImages: false, scores: false },
  detect: detectVoc,
  read: async (input) => (await import('./voc-read.js')).readVoc(input),
  write: async (input) => (await import('./voc-write.js')).writeVoc(input),
  writeOptions: ['voc-flat'],
  // An export passes the samples and annotations in batches (eachSampleAnnotations): one image at a time.
  writesBatches: true,
});
