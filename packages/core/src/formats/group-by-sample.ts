import type { Annotation } from '../model/annotation.js';

/** Annotations grouped by their sample key, in their original order (one pass). */
export function groupBySample(annotations: readonly Annotation[]): Map<string, Annotation[]> {
  const out = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = out.get(a.sample);
    if (list) list.push(a);
    else out.set(a.sample, [a]);
  }
  return out;
}
