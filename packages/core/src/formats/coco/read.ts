import { AssayError } from '../../errors.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { normalizePath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { defaultImagesRoot, findCocoFile } from './locate.js';
import { parseJson } from './parse-json.js';
import { readInstances } from './read-instances.js';
import { readResults } from './read-results.js';
import { isRecord } from './schema.js';

function notCoco(file: string, what: string): AssayError {
  return new AssayError('INVALID_INPUT', `${file} is not a COCO file: ${what}.`, {
    hint:
      'A COCO file is either an object with an "images" list (and "annotations", "categories"), ' +
      'or a results list of {"image_id", "category_id", "bbox" | "segmentation" | "keypoints", "score"}.',
    details: { file },
  });
}

/**
 * Reads a COCO instances-style file (see read-instances.ts) or a results list (read-results.ts).
 * Every annotation gets `input.source` as its label source. Images root: `input.images`, else the
 * rule in locate.ts `defaultImagesRoot`.
 */
export async function readCoco(input: ReadInput): Promise<ReadResult> {
  const file = normalizePath(await findCocoFile(input.path, input.io));
  const text = await input.io.readText(file);
  input.signal?.throwIfAborted();
  const { value, nonFinite } = parseJson(text, file);
  const problems = new ProblemList();
  if (nonFinite > 0) {
    problems.warn(
      file,
      undefined,
      `${nonFinite} NaN/Infinity values (not valid JSON) were read as null`,
      'The records holding them are reported below; fix the tool that wrote the file.',
    );
  }
  const imagesRoot = input.images ? normalizePath(input.images) : await defaultImagesRoot(file, input.io);
  if (Array.isArray(value)) {
    if (value.length > 0 && !(isRecord(value[0]) && 'image_id' in value[0])) {
      throw notCoco(file, 'it is a list, but its first item has no "image_id"');
    }
    const dataset = readResults(value, file, input.source, problems, input.lookup);
    const notes = [`results file: ${value.length} detections, ${dataset.annotations.length} read`];
    return { ...dataset, imagesRoot, problems: problems.items, notes };
  }
  if (!isRecord(value)) throw notCoco(file, `its top level is ${value === null ? 'null' : typeof value}`);
  if (!Array.isArray(value.images)) {
    const keys = Object.keys(value).slice(0, 6).join(', ');
    throw notCoco(file, `it has no "images" list (keys: ${keys || 'none'})`);
  }
  const dataset = readInstances(value, file, input.source, problems);
  return { ...dataset, imagesRoot, problems: problems.items };
}
