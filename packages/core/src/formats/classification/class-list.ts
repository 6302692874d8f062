import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { Dataset } from '../dataset.js';
import type { WriteInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import { unwrittenAttributesNote } from '../unwritten-attributes.js';

/** Optional class list beside classification data: one class name a line, in class-map order. */
export const CLASS_LIST_FILE = 'classes.txt';

/** Folder names that mean a split rather than a class (compared lower-cased). */
export const SPLIT_FOLDERS: ReadonlySet<string> = new Set(['train', 'val', 'valid', 'validation', 'test']);

/** Class names from `<dir>/classes.txt`, or [] when there is none. */
export async function readClassList(dir: string, io: FormatIO): Promise<string[]> {
  const path = joinPath(dir, CLASS_LIST_FILE);
  if (!(await io.exists(path))) return [];
  const names = (await io.readText(path)).split(/\r?\n/).map((l) => l.trim());
  return [...new Set(names.filter((n) => n.length > 0))];
}

/** Class order: the class list first, then names it does not hold, in the order given. */
export function orderClasses(listed: string[], found: Iterable<string>): string[] {
  const out = [...listed];
  const seen = new Set(out);
  for (const name of found) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

/**
 * Classification annotations to write, from one source (ground_truth, else the first by name), and
 * every class name to list (class map order, then labels it lacks).
 */
export function writableClassifications(dataset: Dataset): {
  chosen: Annotation[];
  classes: string[];
  notes: string[];
} {
  const all = dataset.annotations.filter((a) => a.kind === 'classification' && a.label !== undefined);
  return chooseClassifications(dataset, all, dataset.annotations.length - all.length);
}

/**
 * writableClassifications of what a writer is given: the dataset's annotations, or (on export) the
 * project's read in batches, of which only the labelled classifications are kept.
 */
export async function writableClassificationsOf(
  input: WriteInput,
): Promise<ReturnType<typeof writableClassifications>> {
  if (!input.batches) return writableClassifications(input.dataset);
  const all: Annotation[] = [];
  let spatial = 0;
  for await (const batch of input.batches.annotations())
    for (const a of batch) {
      if (a.kind === 'classification' && a.label !== undefined) all.push(a);
      else spatial++;
    }
  return chooseClassifications(input.dataset, all, spatial);
}

/** The samples to write (all, or only those whose key is in `keys`) and how many there are in all. */
export async function samplesOf(
  input: WriteInput,
  keys?: ReadonlySet<string>,
): Promise<{ samples: Sample[]; total: number }> {
  if (!input.batches) {
    const samples = input.dataset.samples;
    return { samples: keys ? samples.filter((s) => keys.has(s.key)) : samples, total: samples.length };
  }
  const samples: Sample[] = [];
  let total = 0;
  for await (const batch of input.batches.samples())
    for (const s of batch) {
      total++;
      if (!keys || keys.has(s.key)) samples.push(s);
    }
  return { samples, total };
}

function chooseClassifications(dataset: Dataset, all: Annotation[], spatial: number) {
  const { source, notes } = pickWriteSource(all);
  const chosen = all.filter((a) => a.source === source);
  if (spatial > 0)
    notes.push(
      `${counted(spatial, 'non-classification annotation')} ${spatial === 1 ? 'has' : 'have'} no place in this format`,
    );
  const attributes = unwrittenAttributesNote(chosen, 'a class list');
  if (attributes) notes.push(attributes);
  const classes = orderClasses(
    dataset.classes.map((c) => c.name),
    chosen.map((a) => a.label as string),
  );
  return { chosen, classes, notes };
}
