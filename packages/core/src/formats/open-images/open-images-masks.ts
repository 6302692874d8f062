import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ReadInput } from '../define-format.js';
import { placeMask, resizeMask } from '../mask-bits.js';
import { baseName, extName, joinPath } from '../paths.js';
import { decodePngMask } from '../png-mask.js';

/** A segmentation row's geometry, less sample, source and label. */
export type OiMaskGeometry = Pick<Annotation, 'kind' | 'bbox' | 'mask' | 'area' | 'attributes'>;

/** What reading one row found worth counting. */
export interface OiMaskCounts {
  /** Rows read as their box: no PNG of that name below the dataset's folder. */
  noPng: number;
  /** Rows whose PNG could not be decoded (the first reason), read as their box. */
  bad: number;
  badReason?: string;
  /** Masks of another size than their image, scaled to it (Open Images' masks are not at full size). */
  scaled: number;
}

/** PNG files below `root` by file name (MaskPath names a file of the masks folder, `<ImageID>_<mid>_<BoxID>.png`). */
export async function pngsByName(root: string, input: ReadInput): Promise<Map<string, string>> {
  const byName = new Map<string, string>();
  if (!(await input.io.isDirectory(root))) return byName;
  for (const f of await input.io.listFiles(root, { recursive: true }))
    if (extName(f) === '.png' && !byName.has(baseName(f))) byName.set(baseName(f), joinPath(root, f));
  return byName;
}

/**
 * One row of a segmentation CSV (`MaskPath, ImageID, LabelName, BoxID, BoxXMin, BoxXMax, BoxYMin,
 * BoxYMax, PredictedIoU, Clicks`) on a `width`×`height` image: the PNG named by MaskPath (found below
 * the dataset's folder: Datumaro's masks/<subset>/, the download's <subset>-masks-<n>/) scaled to the
 * image by nearest neighbour as Datumaro does, set where the pixel is not 0; without a readable PNG,
 * the row's box (its fractions of the image). BoxID and PredictedIoU are attributes. The reason when
 * the row is neither.
 */
export async function readOiMask(
  cell: (name: string) => string | undefined,
  size: { width: number; height: number },
  pngs: ReadonlyMap<string, string>,
  input: ReadInput,
  counts: OiMaskCounts,
): Promise<OiMaskGeometry | string> {
  const attributes: Record<string, AttributeValue> = {};
  const boxId = cell('BoxID');
  if (boxId) attributes.BoxID = boxId;
  const iou = Number(cell('PredictedIoU') || Number.NaN);
  if (Number.isFinite(iou)) attributes.PredictedIoU = iou;
  const withAttributes = Object.keys(attributes).length > 0 ? { attributes } : {};
  const name = cell('MaskPath') ?? '';
  const png = pngs.get(name);
  if (png !== undefined) {
    const decoded = await decodePngMask(await input.io.readBytes(png));
    if (typeof decoded !== 'string') {
      if (decoded.width !== size.width || decoded.height !== size.height) counts.scaled++;
      const placed = placeMask(resizeMask(decoded, size.width, size.height), 0, 0, size.width, size.height);
      if (typeof placed !== 'string') {
        const area = rleArea(placed.rle);
        if (area > 0)
          return { kind: 'mask', mask: placed.rle, bbox: rleToBbox(placed.rle), area, ...withAttributes };
      }
    } else {
      counts.bad++;
      counts.badReason ??= `${name}: ${decoded}`;
    }
  } else counts.noPng++;
  const [x0, x1, y0, y1] = ['BoxXMin', 'BoxXMax', 'BoxYMin', 'BoxYMax'].map((c) =>
    Number(cell(c) || Number.NaN),
  );
  if (
    ![x0, x1, y0, y1].every((v) => Number.isFinite(v)) ||
    (x1 as number) < (x0 as number) ||
    (y1 as number) < (y0 as number)
  )
    return png === undefined
      ? `no mask PNG named "${name}" below the dataset's folder, and no box (BoxXMin…BoxYMax)`
      : `the mask PNG "${name}" sets no pixel, and the row has no box (BoxXMin…BoxYMax)`;
  return {
    kind: 'bbox',
    bbox: [
      (x0 as number) * size.width,
      (y0 as number) * size.height,
      ((x1 as number) - (x0 as number)) * size.width,
      ((y1 as number) - (y0 as number)) * size.height,
    ],
    ...withAttributes,
  };
}
