import { defineFormat } from '../define-format.js';
import { labelStudioKind } from './label-studio-detect.js';

/**
 * Label Studio JSON export (and JSON-MIN, and the CSV export: JSON-MIN rows as a table, label-studio-csv.ts).
 *
 * Read: each task's data.image → sample key: a relative path is the key (`..` refused); upload
 * (`/data/upload/<n>/<8 hex>-name`), local-files (`?d=`), URL (https, s3, gs, azure-blob) and absolute
 * references are mapped to local files by `--map-prefix FROM=TO`, else by the tail of their path that
 * exists under the images root (label-studio-image-ref.ts); one not found keeps its longest tail as the
 * key with its annotations, and one warning counts them (scan then reports the files as missing).
 * original_width/height → sample size.
 * rectanglelabels (percent of the original size; a non-zero rotation, about the top-left corner, keeps
 * the axis-aligned box of the rotated rectangle and stores `rotation` in degrees as an attribute),
 * polygonlabels, ellipselabels (→ its box, attribute shape: ellipse), keypointlabels (the points of one
 * object — by parentID, by a relation, else by the smallest enclosing rectangle — become one keypoints
 * annotation of the parent's class whose points are named by their labels, in the class's `keypoints`
 * order; a lone point is a keypoints annotation of one point; label-studio-keypoints.ts; positions may
 * lie past the image edge), choices (→ one classification per
 * choice); per-region results sharing a region's id (textarea, choices, taxonomy...) become attributes
 * named by from_name, brushlabels (`rle`: the editor's packed RGBA pixels; alpha > 0 is the mask,
 * label-studio-brush.ts). Non-image results are reported and skipped.
 * Sources: predictions → `prediction:<model_version or label-studio>` with the result's score (else the
 * prediction's). Annotations: see label-studio-pick.ts — without --as/--pick every annotation goes to
 * `annotator:<email or id of completed_by>` (ReadInput.source when the export has one annotator); with
 * --as or --pick one annotation per task goes to --as (--pick latest|first|annotator:<name>|each).
 * Cancelled annotations are skipped with a warning. Images root: ReadInput.images, else the folder the
 * --map-prefix targets share, else `<folder>/images` when it exists, else the JSON's folder.
 *
 * Write: label-studio.json + label_config.xml; images copied to images/<key>. A keypoints annotation
 * whose class names its points is a rectangle plus named points with parentID (read back as one);
 * boxes past the image edge are written as they are (noted).
 */
export const labelStudio = defineFormat({
  id: 'label-studio',
  title: 'Label Studio JSON',
  tasks: ['bbox', 'polygon', 'keypoints', 'classification'],
  capabilities: {
    // Keypoints come back grouped and named, but Label Studio has no visibility: v=1 returns as v=2, and
    // a point never placed (v=0) is not written (cross-format.test.ts states it).
    roundTrip: ['bbox', 'polygon', 'classification'],
    keepsClassIds: false,
    needsImages: false,
    scores: true,
  },
  async detect(path, io) {
    const found = await labelStudioKind(path, io);
    return found?.kind === 'image' ? found.detection : undefined;
  },
  read: async (input) => (await import('./label-studio-read.js')).readLabelStudio(input),
  write: async (input) => (await import('./label-studio-write.js')).writeLabelStudio(input),
  // An export passes the samples and annotations in batches: label-studio.json is written as it is made.
  writesBatches: true,
  readOptions: ['pick', 'map-prefix'],
});
