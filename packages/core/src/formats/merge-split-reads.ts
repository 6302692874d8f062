import type { ClassDef } from '../model/class-def.js';
import type { Sample } from '../model/sample.js';
import type { Licence, ReadResult } from './dataset.js';
import { baseName, dirName, joinPath, normalizePath, relativeInside } from './paths.js';
import { ProblemList } from './problems.js';

/** One split's annotation file (or folder) and the split it gives its samples (none for `default`). */
export interface SplitSource {
  file: string;
  split?: string;
}

/** Split folder names as exports write them (Roboflow: `valid`) and the split each one means. */
export const SPLIT_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['train', 'train'],
  ['val', 'val'],
  ['valid', 'val'],
  ['validation', 'val'],
  ['test', 'test'],
]);

/**
 * Merges the reads of one annotation file (or folder) per split into one dataset (COCO's per-split files,
 * Roboflow's per-split VOC folders): each file's samples get its split (none for `default`), classes are the union in order of first appearance (the first file's ids
 * kept), a sample listed by two files stays in the first with a warning. When the files' images roots
 * differ (`images/train/`, `images/val/`; Roboflow's `train/`, `valid/`), the merged root is the folder
 * holding them all and each file's keys get the path from there to its own root (`train/a.jpg`).
 * Image and annotation ids are per file in COCO, so they are not compared across files. Class
 * probabilities are rewritten from each file's class order into the merged one (a class a file lacks: 0).
 */
export function mergeSplitReads(
  reads: { file: SplitSource; read: ReadResult }[],
  notes: string[],
): ReadResult {
  const root = commonFolder(reads.map((r) => r.read.imagesRoot));
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const problems = new ProblemList();
  const licences = new Map<string, Licence>();
  const out: ReadResult = {
    classes: [],
    samples: [],
    annotations: [],
    imagesRoot: root,
    problems: problems.items,
    notes: [...notes],
  };
  alignProbs(reads.map((r) => r.read));
  for (const { file, read: own } of reads) {
    const read = rebase(own, root);
    for (const c of read.classes) if (!classes.has(c.name)) classes.set(c.name, c);
    problems.items.push(...read.problems);
    for (const s of read.samples) {
      const earlier = samples.get(s.key);
      if (earlier) {
        problems.warn(
          file.file,
          `image "${s.key}"`,
          `is also in split ${earlier.split ?? 'default'}; kept there, with this file's annotations too`,
        );
        continue;
      }
      samples.set(s.key, file.split === undefined ? s : { ...s, split: file.split });
    }
    out.annotations.push(...read.annotations);
    for (const l of read.licences ?? []) if (!licences.has(l.id)) licences.set(l.id, l);
    const sameName = reads.filter((r) => baseName(r.file.file) === baseName(file.file)).length > 1;
    const label = sameName
      ? joinPath(baseName(dirName(file.file)), baseName(file.file))
      : baseName(file.file);
    out.notes?.push(`${label} (split ${file.split ?? 'none'}): ${read.notes?.join('; ') ?? ''}`);
  }
  out.classes = [...classes.values()];
  out.samples = [...samples.values()];
  out.probsOrder = out.classes.map((c) => c.name);
  if (licences.size > 0) out.licences = [...licences.values()];
  return out;
}

/** Annotation probabilities rewritten from each read's class order into the merged one (union, first seen first). */
function alignProbs(reads: readonly ReadResult[]): void {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const r of reads)
    for (const c of r.classes)
      if (!seen.has(c.name)) {
        seen.add(c.name);
        order.push(c.name);
      }
  for (const r of reads) {
    const own = r.probsOrder;
    if (own === undefined || own.join('\n') === order.join('\n')) continue;
    const at = order.map((c) => own.indexOf(c));
    for (const a of r.annotations) {
      const probs = a.probs;
      if (probs !== undefined) a.probs = at.map((i) => (i < 0 ? 0 : (probs[i] ?? 0)));
    }
    r.probsOrder = order;
  }
}

/** The deepest folder that holds every one of `paths` (absolute, or all relative alike). */
export function commonFolder(paths: readonly string[]): string {
  const [first, ...rest] = paths.map(normalizePath);
  if (first === undefined) return '';
  let parts = first.split('/');
  for (const path of rest) {
    const other = path.split('/');
    let n = 0;
    while (n < parts.length && n < other.length && parts[n] === other[n]) n++;
    parts = parts.slice(0, n);
  }
  const joined = parts.join('/');
  return joined === '' && first.startsWith('/') ? '/' : joined || '.';
}

/** `read` with its sample keys (and its annotations' sample references) relative to `root`. */
function rebase(read: ReadResult, root: string): ReadResult {
  const prefix = relativeInside(root, read.imagesRoot);
  if (!prefix) return read;
  const key = (k: string): string => joinPath(prefix, k);
  return {
    ...read,
    samples: read.samples.map((s) => ({ ...s, key: key(s.key) })),
    annotations: read.annotations.map((a) => ({ ...a, sample: key(a.sample) })),
  };
}
