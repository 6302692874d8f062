import { AssayError } from '../../errors.js';
import { isRecord } from './schema.js';

/** INVALID_INPUT for a JSON file of another shape, with a hint on the COCO shapes. */
export function notCoco(file: string, what: string): AssayError {
  return new AssayError('INVALID_INPUT', `${file} is not a COCO file: ${what}.`, {
    hint:
      'A COCO file is either an object with an "images" list (and "annotations", "categories"), ' +
      'or a results list of {"image_id", "category_id", "bbox" | "segmentation" | "keypoints", "score"}.',
    details: { file },
  });
}

/** For a top level that is neither an object nor a list. */
export function notCocoTopLevel(file: string, value: unknown): AssayError {
  return notCoco(file, `its top level is ${value === null ? 'null' : typeof value}`);
}

/** For an object without an `images` list; `keys` are its top-level keys in file order. */
export function notCocoWithoutImages(file: string, keys: readonly string[]): AssayError {
  const shown = [...new Set(keys)].slice(0, 6).join(', ');
  return notCoco(file, `it has no "images" list (keys: ${shown || 'none'})`);
}

/** A top-level list is a results list when its first item has an image_id. */
export function checkFirstResult(first: unknown, file: string): void {
  if (!(isRecord(first) && 'image_id' in first)) {
    throw notCoco(file, 'it is a list, but its first item has no "image_id"');
  }
}
