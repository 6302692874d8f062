/**
 * COCO (cocodataset.org/#format-data) as an Assay format plugin.
 *
 * Read (read.ts):
 * - instances / person_keypoints / stuff files: images → samples (file_name through toSampleKey; an
 *   absolute path inside the images root made relative, any other absolute path or URL read as its
 *   file name with one warning, read-images.ts foreignKey; other image fields kept in Sample.metadata), categories → classes (COCO id in originalIds.coco),
 *   annotations → one Annotation each with every geometry it carries: bbox, polygons (`points`),
 *   RLE compressed or not (`mask`), keypoints. Kind: keypoints > mask > polygon > bbox.
 *   area, iscrowd, score, id (originalId) and datumaro-style `attributes` are kept. A missing bbox is
 *   derived from the geometry.
 * - labels files (records with a category and no geometry) → classification annotations;
 *   image_info files → samples only; captions files → texts in Sample.metadata.captions;
 *   panoptic files → UNSUPPORTED, the hint naming `import coco-panoptic` (coco-panoptic/).
 * - results lists → predictions resolved through ReadInput.lookup (image ids, COCO category ids);
 *   unknown ids are skipped and reported with examples.
 * - A folder: its annotations.json, else its single instances_/person_keypoints_ file (also in
 *   annotations/). Images root when ReadInput.images is not given: see locate.ts defaultImagesRoot
 *   (`images/` beside the JSON, the official `<root>/annotations` + `<root>/[images/]<subset>` layout,
 *   else the JSON's folder).
 * - Files above COCO_STREAM_THRESHOLD (256 MB; V8 strings stop near 512 MB), or above
 *   COCO_SINK_THRESHOLD (4 MiB) when import passes an AnnotationSink, are read as a stream of chunks,
 *   each chunk's complete records JSON.parsed together (read-stream.ts over formats/json-stream.ts),
 *   with the same result as the whole-file path; with a sink, the annotations go to it in batches once
 *   images and categories are complete (categories written last are read ahead from the tail and
 *   checked later: trailing-categories.ts). Detection scans files above 64 MB the same way and stops early.
 *
 * - A folder of one file per split (`annotations/instances_<split>.json`, as write() and Datumaro make
 *   it): every split file is read, its samples get the split (`default` = none); see locate.ts.
 *
 * Write (write.ts): `annotations/instances_<split>.json` per split in instances format (ground truth
 * and annotators), or `annotations.json` when no sample has a split or WriteInput.singleFile; one
 * `results_<model>.json` list per prediction source, images copied to `images/<key>`. Ids: see
 * coco-ids.ts. For predictions alone, `toCocoResults` / `writeCocoResults` (write-results.ts).
 */
import { defineFormat } from '../define-format.js';
import { detectCoco } from './detect.js';

export const coco = defineFormat({
  id: 'coco',
  title: 'COCO (instances, keypoints, results)',
  tasks: ['bbox', 'polygon', 'mask', 'keypoints', 'classification'],
  capabilities: {
    roundTrip: ['bbox', 'polygon', 'mask', 'keypoints', 'classification'],
    keepsClassIds: true,
    needsImages: false,
    scores: true,
  },
  detect: (path, io) => detectCoco(path, io),
  read: async (input) => (await import('./read.js')).readCoco(input),
  write: async (input) => (await import('./write.js')).writeCoco(input),
  writeOptions: ['single-file'],
  writesBatches: true,
});
