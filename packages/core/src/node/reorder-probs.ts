import type { Problem } from '../formats/problems.js';
import type { Annotation } from '../model/annotation.js';

/**
 * Puts each annotation's `probs` into the project's class-map order. `fileOrder` names the class of
 * each position as the file wrote them; classes the file does not name get probability 0. A `probs`
 * list of another length cannot be mapped: it is dropped, with one problem (for all batches) naming
 * how many and where. Annotations are changed in place.
 */
export class ProbsReorder {
  private readonly target: number[];
  private readonly same: boolean;
  private dropped = 0;
  private example: Annotation | undefined;

  constructor(
    private readonly fileOrder: readonly string[],
    private readonly projectOrder: readonly string[],
    private readonly file: string,
  ) {
    const position = new Map(projectOrder.map((name, i) => [name, i]));
    this.target = fileOrder.map((name) => position.get(name) ?? -1);
    this.same = fileOrder.length === projectOrder.length && this.target.every((t, i) => t === i);
  }

  apply(annotations: readonly Annotation[]): void {
    const { target, fileOrder, projectOrder } = this;
    for (const a of annotations) {
      if (a.probs === undefined) continue;
      if (a.probs.length !== fileOrder.length) {
        this.dropped++;
        this.example ??= a;
        delete a.probs;
        continue;
      }
      if (this.same) continue;
      const out = new Array<number>(projectOrder.length).fill(0);
      for (let i = 0; i < target.length; i++) {
        const t = target[i] as number;
        if (t >= 0) out[t] = a.probs[i] as number;
      }
      a.probs = out;
    }
  }

  /** The problem of the probs dropped so far, if any. */
  problems(): Problem[] {
    const { dropped, example } = this;
    if (dropped === 0 || example === undefined) return [];
    return [
      {
        file: this.file,
        record: String(example.originalId ?? example.sample),
        reason: `${dropped} annotations have probs of another length than the file's ${this.fileOrder.length} classes; their probs were dropped`,
        hint: 'Write one probability per class, in the order of the file’s class list.',
        severity: 'warning',
      },
    ];
  }
}

/** ProbsReorder over one list of annotations; returns its problems. */
export function reorderProbs(
  annotations: Annotation[],
  fileOrder: readonly string[],
  projectOrder: readonly string[],
  file: string,
): Problem[] {
  const reorder = new ProbsReorder(fileOrder, projectOrder, file);
  reorder.apply(annotations);
  return reorder.problems();
}
