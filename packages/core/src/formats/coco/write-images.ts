import { AssayError } from '../../errors.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { WriteInput } from '../define-format.js';
import { joinPath } from '../paths.js';
import type { CocoIdTables } from './coco-ids.js';
import type { CocoImage } from './schema.js';

/** Metadata keys that are not written back onto the image record. */
const NOT_WRITTEN = new Set(['id', 'file_name', 'width', 'height', 'captions']);

/**
 * One sample's `images` record: id, file_name (the sample key), width/height (declared, else read from the
 * image header; `sized` false when neither is known) and the sample's metadata fields restored.
 */
export async function cocoImage(
  sample: Sample,
  ids: { imageIdByKey: Pick<CocoIdTables['imageIdByKey'], 'get'> },
  input: WriteInput,
): Promise<{ image: CocoImage; sized: boolean }> {
  const image: CocoImage = { id: ids.imageIdByKey.get(sample.key) as number, file_name: sample.key };
  let { width, height } = sample;
  if (width === undefined || height === undefined) {
    const size = await input.io.imageSize(joinPath(input.imagesRoot, sample.key));
    width = size?.width;
    height = size?.height;
  }
  const sized = width !== undefined && height !== undefined;
  if (sized) {
    image.width = width;
    image.height = height;
  }
  for (const [key, value] of Object.entries(sample.metadata ?? {})) {
    if (!NOT_WRITTEN.has(key)) image[key] = value;
  }
  return { image, sized };
}

/** The `images` list (see cocoImage), noting how many images have no known size. */
export async function cocoImages(
  samples: readonly Sample[],
  ids: CocoIdTables,
  input: WriteInput,
  notes: string[],
): Promise<CocoImage[]> {
  const images: CocoImage[] = [];
  let unsized = 0;
  for (const sample of samples) {
    const { image, sized } = await cocoImage(sample, ids, input);
    if (!sized) unsized++;
    images.push(image);
  }
  if (unsized > 0) notes.push(unsizedNote(unsized));
  return images;
}

export const unsizedNote = (n: number): string =>
  `${counted(n, 'image')} without a known size (no width/height written); scan ${n === 1 ? 'it' : 'them'} first.`;

/** Copies each sample's image to `<outDir>/images/<key>`; a failed copy is a note, not a stop. */
export async function copyImages(
  samples: readonly Sample[],
  input: WriteInput,
  notes: string[],
): Promise<number> {
  let copied = 0;
  const failed: string[] = [];
  for (const sample of samples) {
    input.signal?.throwIfAborted();
    try {
      await input.io.copyFile(
        joinPath(input.imagesRoot, sample.key),
        joinPath(input.outDir, 'images', sample.key),
      );
      copied++;
    } catch (error) {
      if (error instanceof AssayError) throw error;
      failed.push(sample.key);
    }
  }
  if (failed.length > 0) {
    notes.push(
      `${counted(failed.length, 'image')} could not be copied (missing?), e.g. ${failed.slice(0, 3).join(', ')}.`,
    );
  }
  return copied;
}
