import type { AttributeValue } from '../model/annotation.js';

/** One string Assay holds for a sample or annotation, named as outputs name it. */
export interface TextField {
  sampleId: number;
  annotationId?: number;
  /** `file_name`, `text`, `metadata.<path>`, `attributes.<name>`. */
  field: string;
  value: string;
}

/** How deep metadata objects are walked (deeper values are left out; real metadata is shallow). */
const MAX_DEPTH = 8;

function walk(value: unknown, path: string, depth: number, out: (path: string, value: string) => void): void {
  if (typeof value === 'string') out(path, value);
  else if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`, depth + 1, out);
  else for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, depth + 1, out);
}

/** A sample's strings: its file name (key), its text (text samples), every string in its metadata. */
export function sampleTextFields(sample: {
  id: number;
  key: string;
  text?: string;
  metadata?: Record<string, unknown>;
}): TextField[] {
  const fields: TextField[] = [{ sampleId: sample.id, field: 'file_name', value: sample.key }];
  if (sample.text !== undefined) fields.push({ sampleId: sample.id, field: 'text', value: sample.text });
  if (sample.metadata)
    walk(sample.metadata, 'metadata', 0, (field, value) =>
      fields.push({ sampleId: sample.id, field, value }),
    );
  return fields;
}

/** An annotation's string attributes (captions, notes, transcriptions, free-text answers). */
export function annotationTextFields(annotation: {
  id: number;
  sampleId: number;
  attributes?: Record<string, AttributeValue>;
}): TextField[] {
  const fields: TextField[] = [];
  for (const [name, value] of Object.entries(annotation.attributes ?? {}))
    if (typeof value === 'string')
      fields.push({
        sampleId: annotation.sampleId,
        annotationId: annotation.id,
        field: `attributes.${name}`,
        value,
      });
  return fields;
}
