import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Sample } from '../model/sample.js';
import type { Project } from './project.js';
import type { KnownSample } from './project-lookup.js';

/**
 * Maps read samples to project sample ids. A key already known under the same images root is the
 * same sample. A key known under another root whose file is not under the new root (a results file
 * that names images by id) is that sample too. Anything else is new. Built once per import; `split`
 * can be called for several batches of keys.
 */
export class SamplePartition {
  readonly storedRoot: string;
  private readonly sameRoot = new Map<string, number>();
  private readonly elsewhere = new Map<string, number[]>();
  /** Ids of known samples without an original id. */
  private readonly noOriginalId = new Set<number>();

  constructor(
    project: Project,
    private readonly root: string,
    known: readonly KnownSample[],
  ) {
    this.storedRoot = project.storedRoot(root);
    for (const s of known) {
      if (!s.hasOriginalId) this.noOriginalId.add(s.id);
      if (s.root === this.storedRoot) this.sameRoot.set(s.key, s.id);
      else this.elsewhere.set(s.key, [...(this.elsewhere.get(s.key) ?? []), s.id]);
    }
  }

  /** Known ids of `keys` (`reused`: known under another root), and how many distinct keys are new. */
  split(keys: readonly string[]) {
    const existing = new Map<string, number>();
    const reused = new Set<string>();
    for (const key of keys) {
      const same = this.sameRoot.get(key);
      const others = this.elsewhere.get(key);
      if (same !== undefined) existing.set(key, same);
      else if (others?.length === 1 && !existsSync(join(this.root, key))) {
        existing.set(key, others[0]!);
        reused.add(key);
      }
    }
    return { existing, reused, fresh: new Set(keys.filter((k) => !existing.has(k))).size };
  }

  /**
   * Whether filling in `sample`'s declared size, split and original id (upsertSamples) would leave the
   * known sample `id` as it is: the read gave none of them, or only an original id, which it has already
   * (a results file's samples, found by their original ids).
   */
  fillsNothing(sample: Sample, id: number): boolean {
    return (
      sample.width === undefined &&
      sample.height === undefined &&
      sample.split === undefined &&
      (sample.originalId === undefined || !this.noOriginalId.has(id))
    );
  }
}

/** SamplePartition for one list of keys. */
export function partitionSamples(
  project: Project,
  root: string,
  keys: string[],
  known: readonly KnownSample[],
) {
  const partition = new SamplePartition(project, root, known);
  return { storedRoot: partition.storedRoot, ...partition.split(keys) };
}
