/**
 * The keys of an Ultralytics data.yaml that Assay reads, checked with zod before use: a value of the
 * wrong type (`names` a number, a class name that is a list, `path` a mapping) is an INVALID_INPUT
 * naming the file and the key, instead of a crash or a class named "[object Object]".
 */
import { z } from 'zod';
import { AssayError } from '../../errors.js';
import { checkRecord, optional } from '../record-schema.js';

const className = z.union([z.string(), z.number(), z.boolean()]);

const dataYamlSchema = z.looseObject({
  path: optional(z.string()),
  names: optional(z.union([z.array(className), z.record(z.string(), className)])),
  nc: optional(z.number().int().nonnegative()),
  kpt_shape: optional(z.array(z.number())),
  labels_dirname: optional(
    z.string().regex(/^(?![/\\])(?!(.*[/\\])?\.\.([/\\]|$)).+$/, 'a folder name inside the dataset'),
  ),
});

/** The data.yaml document, its known keys checked; anything wrong is INVALID_INPUT naming the key. */
export function checkDataYaml(doc: Record<string, unknown>, file: string): Record<string, unknown> {
  const checked = checkRecord(dataYamlSchema, doc);
  if (checked.ok) return doc;
  throw new AssayError('INVALID_INPUT', `${file}: ${checked.reason}.`, {
    hint: 'A YOLO data.yaml gives `names:` as a list of class names (or a map of integer ids to names), `nc:` as a count and `path:` as a folder.',
    details: { file },
  });
}
