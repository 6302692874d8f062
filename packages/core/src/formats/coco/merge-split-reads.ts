import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import type { Licence, ReadResult } from '../dataset.js';
import { baseName } from '../paths.js';
import { ProblemList } from '../problems.js';
import type { CocoFile } from './locate.js';

/**
 * Merges the reads of one COCO file per split into one dataset: each file's samples get its split
 * (none for `default`), classes are the union in order of first appearance (the first file's ids
 * kept), a sample listed by two files stays in the first with a warning, and the images root is the
 * first file's. Image and annotation ids are per file in COCO, so they are not compared across files.
 */
export function mergeSplitReads(reads: { file: CocoFile; read: ReadResult }[], notes: string[]): ReadResult {
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const problems = new ProblemList();
  const licences = new Map<string, Licence>();
  const out: ReadResult = {
    classes: [],
    samples: [],
    annotations: [],
    imagesRoot: reads[0]?.read.imagesRoot ?? '',
    problems: problems.items,
    notes: [...notes],
  };
  for (const { file, read } of reads) {
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
    out.notes?.push(
      `${baseName(file.file)} (split ${file.split ?? 'none'}): ${read.notes?.join('; ') ?? ''}`,
    );
  }
  out.classes = [...classes.values()];
  out.samples = [...samples.values()];
  out.probsOrder = out.classes.map((c) => c.name);
  if (licences.size > 0) out.licences = [...licences.values()];
  return out;
}
