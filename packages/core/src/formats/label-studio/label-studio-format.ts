import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName } from '../paths.js';
import { readLabelStudio } from './label-studio-read.js';
import { writeLabelStudio } from './label-studio-write.js';

async function detectFile(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (extName(path) !== '.json') return undefined;
  const text = await io.readText(path);
  if (!/^\uFEFF?\s*\[/.test(text)) return undefined;
  let first: unknown;
  try {
    first = (JSON.parse(text) as unknown[])[0];
  } catch {
    return undefined;
  }
  if (typeof first !== 'object' || first === null) return undefined;
  const task = first as Record<string, unknown>;
  if (typeof task.data === 'object' && ('annotations' in task || 'predictions' in task)) {
    return {
      confidence: 0.95,
      reason: 'a JSON list of tasks with data and annotations/predictions (Label Studio JSON)',
    };
  }
  if (typeof task.image === 'string' && ('annotator' in task || 'annotation_id' in task)) {
    return {
      confidence: 0.8,
      reason: 'a JSON list of rows with image and annotator (Label Studio JSON-MIN)',
    };
  }
  return undefined;
}

/**
 * Label Studio JSON export (and JSON-MIN).
 *
 * Read: each task's data.image → sample key (`/data/upload/<n>/` and `/data/local-files/?d=` are
 * stripped; absolute paths, URLs and `..` are refused per task), original_width/height → sample size.
 * rectanglelabels (percent of the original size; a non-zero rotation, about the top-left corner, keeps
 * the axis-aligned box of the rotated rectangle and stores `rotation` in degrees as an attribute),
 * polygonlabels, ellipselabels (→ its box, attribute shape: ellipse), keypointlabels (one keypoints
 * annotation per point, v=2: Label Studio does not group points), choices (→ one classification per
 * choice); per-region results sharing a region's id (textarea, choices, taxonomy...) become attributes
 * named by from_name. Brush masks and non-image results are reported and skipped.
 * Sources: predictions → `prediction:<model_version or label-studio>` with the result's score (else the
 * prediction's). Annotations → `annotator:<email or id of completed_by>`; when the whole export has a
 * single annotator, ReadInput.source is used instead (ground_truth by default); an annotation without
 * completed_by marked ground_truth is ground_truth. Cancelled annotations are skipped with a warning.
 * Images root: ReadInput.images, else `<folder>/images` when it exists, else the JSON's folder.
 *
 * Write: label-studio.json + label_config.xml; images copied to images/<key>.
 */
export const labelStudio = defineFormat({
  id: 'label-studio',
  title: 'Label Studio JSON',
  tasks: ['bbox', 'polygon', 'keypoints', 'classification'],
  capabilities: {
    roundTrip: ['bbox', 'polygon', 'classification'],
    keepsClassIds: false,
    needsImages: false,
    scores: true,
  },
  async detect(path, io) {
    if (await io.isDirectory(path)) return undefined;
    return detectFile(path, io);
  },
  read: readLabelStudio,
  write: writeLabelStudio,
});
