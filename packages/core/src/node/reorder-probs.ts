import type { Problem } from '../formats/problems.js';
import type { Annotation } from '../model/annotation.js';

/**
 * Puts each annotation's `probs` into the project's class-map order. `fileOrder` names the class of
 * each position as the file wrote them; classes the file does not name get probability 0. A `probs`
 * list of another length cannot be mapped: it is dropped, with one problem naming how many and where.
 * Returns the problems; annotations are changed in place.
 */
export function reorderProbs(
  annotations: Annotation[],
  fileOrder: readonly string[],
  projectOrder: readonly string[],
  file: string,
): Problem[] {
  const position = new Map(projectOrder.map((name, i) => [name, i]));
  const target = fileOrder.map((name) => position.get(name) ?? -1);
  const same = fileOrder.length === projectOrder.length && target.every((t, i) => t === i);
  let dropped = 0;
  let example: Annotation | undefined;
  for (const a of annotations) {
    if (a.probs === undefined) continue;
    if (a.probs.length !== fileOrder.length) {
      dropped++;
      example ??= a;
      delete a.probs;
      continue;
    }
    if (same) continue;
    const out = new Array<number>(projectOrder.length).fill(0);
    for (let i = 0; i < target.length; i++) {
      const t = target[i] as number;
      if (t >= 0) out[t] = a.probs[i] as number;
    }
    a.probs = out;
  }
  if (dropped === 0 || example === undefined) return [];
  return [
    {
      file,
      record: String(example.originalId ?? example.sample),
      reason: `${dropped} annotations have probs of another length than the file's ${fileOrder.length} classes; their probs were dropped`,
      hint: 'Write one probability per class, in the order of the file’s class list.',
      severity: 'warning',
    },
  ];
}
