import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName, joinPath } from '../paths.js';

const ROOT = /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<annotations[\s>]/;

async function detectFile(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (extName(path) !== '.xml') return undefined;
  const head = (await io.readText(path)).slice(0, 4096);
  if (!ROOT.test(head)) return undefined;
  if (/<version>\s*1\.1\s*<\/version>/.test(head)) {
    // A video task's <meta> says interpolation (a head cut before it may show a <track> instead).
    const video = /<mode>\s*interpolation\s*<\/mode>|<track[\s>]/.test(head);
    return {
      confidence: 0.95,
      reason: `XML with an <annotations> root and <version>1.1 (CVAT for ${video ? 'video' : 'images'} 1.1)`,
    };
  }
  return { confidence: 0.6, reason: 'XML with an <annotations> root but no <version>1.1' };
}

/**
 * CVAT for images 1.1 and CVAT for video 1.1 XML.
 *
 * Read: `<meta>` labels (task, project or job) become the class map in order, labels without shapes
 * included (a skeleton's point labels, `<parent>`ed to it, become its class's keypoint names instead);
 * `<box>` → bbox (a `rotation` turns the box about its centre: the axis-aligned box of the rotated one
 * is kept and `rotation` stored as an attribute), `<polygon>`/`<polyline>` → points, `<points>` → kind
 * 'keypoints' with v=2 for every point, `<skeleton>` → one keypoints annotation whose points follow the
 * meta's point names (outside → v=0, occluded → v=1), `<tag>` → classification, `<mask>` (runs over its
 * own left/top/width/height box, row-major, background first) → COCO RLE. `occluded` (boolean),
 * non-zero `z_order`/`group_id` and every `<attribute>` become attributes, typed by the meta's
 * input_type (checkbox → boolean, number → number) or, when undeclared, by the text when it clearly is
 * a number/boolean. A shape whose label `<meta>` does not declare is skipped with a problem; an empty
 * label is unlabeled geometry. Image `name` → sample key; in project exports `<subset>/<name>` (CVAT
 * puts them in images/<subset>/), `subset` → split; a per-subset file (`train.xml`) names the split.
 * Video (`<track>`s, cvat-video.ts, cvat-tracks.ts): every frame of the task (numbered from `<start_frame>`
 * by the `<frame_filter>` step, as CVAT numbers them) is a sample `frame_000010.PNG` (or the
 * `frame_<n>.*` file in the images folder), each track one annotation per frame it covers, linear
 * between keyframes, ended by `outside`, its id as attribute `track_id`.
 * Images root: ReadInput.images, else `<folder>/images` if present, else the XML's folder.
 *
 * Write: one annotations.xml (a `<meta><task>` listing every class and the attributes used), images
 * with index ids and declared sizes, the ground_truth source (else the first) only, images copied to
 * images/<key>. Keypoints of a class with point names are a `<skeleton>` (its box is not written: it
 * reads back as the points' extent); other keypoints a `<points>` shape (v=0 points dropped). Lossy:
 * rotations (the axis-aligned box is written), extra polyline parts; cuboids are neither read nor
 * written, tracks are not written. An `<ellipse>` (image or track) is read as a 32-point polygon on it with
 * the ellipse's exact box and area and attribute shape=ellipse, counted in a warning
 * (geometry/ellipse.ts); it is written back as that polygon.
 */
export const cvat = defineFormat({
  id: 'cvat',
  title: 'CVAT for images / video 1.1 (XML)',
  tasks: ['bbox', 'polygon', 'polyline', 'keypoints', 'classification', 'mask'],
  capabilities: {
    roundTrip: ['bbox', 'polygon', 'polyline', 'classification', 'mask'],
    keepsClassIds: false,
    needsImages: false,
    scores: false,
  },
  async detect(path, io) {
    if (await io.isDirectory(path)) {
      const main = joinPath(path, 'annotations.xml');
      return (await io.exists(main)) ? detectFile(main, io) : undefined;
    }
    return detectFile(path, io);
  },
  read: async (input) => (await import('./cvat-read.js')).readCvat(input),
  write: async (input) => (await import('./cvat-write.js')).writeCvat(input),
  // An export passes the samples and annotations in batches: annotations.xml is written as it is made.
  writesBatches: true,
});
