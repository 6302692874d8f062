import { type Detection, defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName, joinPath } from '../paths.js';
import { readCvat } from './cvat-read.js';
import { writeCvat } from './cvat-write.js';

const ROOT = /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<annotations[\s>]/;

async function detectFile(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (extName(path) !== '.xml') return undefined;
  const head = (await io.readText(path)).slice(0, 4096);
  if (!ROOT.test(head)) return undefined;
  if (/<version>\s*1\.1\s*<\/version>/.test(head)) {
    return {
      confidence: 0.95,
      reason: 'XML with an <annotations> root and <version>1.1 (CVAT for images 1.1)',
    };
  }
  return { confidence: 0.6, reason: 'XML with an <annotations> root but no <version>1.1' };
}

/**
 * CVAT for images 1.1 XML.
 *
 * Read: `<meta>` labels (task, project or job) become the class map in order, labels without shapes
 * included; `<box>` → bbox (a `rotation` turns the box about its centre: the axis-aligned box of the
 * rotated one is kept and `rotation` stored as an attribute), `<polygon>`/`<polyline>` → points,
 * `<points>` → kind 'keypoints' with v=2 for every point, `<tag>` → classification, `<mask>` (runs over
 * its own left/top/width/height box, row-major, background first) → COCO RLE. `occluded` (boolean),
 * non-zero `z_order`/`group_id` and every `<attribute>` become attributes, typed by the meta's
 * input_type (checkbox → boolean, number → number) or, when undeclared, by the text when it clearly is
 * a number/boolean. A shape whose label `<meta>` does not declare is skipped with a problem; an empty
 * label is unlabeled geometry. Image `name` → sample key; in project exports `<subset>/<name>` (CVAT
 * puts them in images/<subset>/), `subset` → split; a per-subset file (`train.xml`) names the split.
 * Images root: ReadInput.images, else `<folder>/images` if present, else the XML's folder.
 *
 * Write: one annotations.xml (a `<meta><task>` listing every class and the attributes used), images
 * with index ids and declared sizes, the ground_truth source (else the first) only, images copied to
 * images/<key>. Lossy: keypoints with v=0, rotations (the axis-aligned box is written), extra polyline
 * parts; skeletons, ellipses, cuboids and tracks are neither read nor written.
 */
export const cvat = defineFormat({
  id: 'cvat',
  title: 'CVAT for images 1.1 (XML)',
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
  read: readCvat,
  write: writeCvat,
});
