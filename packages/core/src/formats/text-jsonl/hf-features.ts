import type { FormatIO } from '../format-io.js';
import { isJsonObject } from '../json-object.js';
import { dirName, joinPath } from '../paths.js';
import { cardFeatures } from './hf-card.js';

type Json = Record<string, unknown>;

/**
 * The class names of each ClassLabel field of Hugging Face `features` (`{label: {names: [...], _type:
 * "ClassLabel"}}`, or a Sequence/List of ClassLabel for multi-label fields): value n of the field is
 * names[n]. Empty for anything else.
 */
export function classLabelNames(features: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isJsonObject(features)) return out;
  for (const [field, spec] of Object.entries(features)) {
    const inner = isJsonObject(spec) && isJsonObject(spec.feature) ? spec.feature : spec;
    if (!isJsonObject(inner) || inner._type !== 'ClassLabel' || !Array.isArray(inner.names)) continue;
    if (inner.names.every((n) => typeof n === 'string')) out.set(field, inner.names as string[]);
  }
  return out;
}

/** The features a Parquet file written by Hugging Face `datasets` keeps in its `huggingface` metadata. */
export function parquetFeatures(metadata: Record<string, string>): unknown {
  const raw = metadata.huggingface;
  if (raw === undefined) return undefined;
  try {
    const o = JSON.parse(raw) as Json;
    return isJsonObject(o.info) ? o.info.features : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Labels of a ClassLabel field as names: an integer n (or its decimal string, as 64-bit integers come)
 * is names[n]; -1 is Hugging Face's "no label" (the test splits of GLUE) and is dropped; anything else
 * is kept as written.
 */
export function namedLabels(labels: readonly string[], names: readonly string[] | undefined): string[] {
  if (names === undefined) return [...labels];
  const out: string[] = [];
  for (const l of labels) {
    if (!/^-?\d+$/.test(l)) out.push(l);
    else if (Number(l) >= 0) out.push(names[Number(l)] ?? l);
  }
  return out;
}

/**
 * The features of the `dataset_info.json` beside `path` (as Hugging Face `save_to_disk` writes it), else
 * those of the dataset card (README.md's `dataset_info`) or `dataset_infos.json` of the Hub repository the
 * file lies in (hf-card.ts), if any.
 */
export async function siblingFeatures(path: string, io: FormatIO): Promise<unknown> {
  const info = joinPath(dirName(path), 'dataset_info.json');
  if (await io.exists(info)) {
    try {
      const features = (JSON.parse(await io.readText(info)) as Json).features;
      if (features !== undefined) return features;
    } catch {}
  }
  return cardFeatures(path, io);
}

/** The note of a read whose label fields took their class names from ClassLabel features, or none. */
export function classLabelNote(fields: readonly string[]): string[] {
  return fields.length === 0
    ? []
    : [`class names of ${fields.join(', ')} from the Hugging Face features (ClassLabel)`];
}
