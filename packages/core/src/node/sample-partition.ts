import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredSample } from '../store/project-store.js';
import type { Project } from './project.js';

/**
 * Maps each read sample to a project sample id. A key already known under the same images root is the
 * same sample. A key known under another root whose file is not under the new root (a results file
 * that names images by id) is that sample too. Anything else is new.
 */
export function partitionSamples(project: Project, root: string, keys: string[], known: StoredSample[]) {
  const storedRoot = project.storedRoot(root);
  const sameRoot = new Map<string, number>();
  const elsewhere = new Map<string, number[]>();
  for (const s of known) {
    if (s.root === storedRoot) sameRoot.set(s.key, s.id);
    else elsewhere.set(s.key, [...(elsewhere.get(s.key) ?? []), s.id]);
  }
  const existing = new Map<string, number>();
  const reused = new Set<string>();
  for (const key of keys) {
    const same = sameRoot.get(key);
    const others = elsewhere.get(key);
    if (same !== undefined) existing.set(key, same);
    else if (others?.length === 1 && !existsSync(join(root, key))) {
      existing.set(key, others[0]!);
      reused.add(key);
    }
  }
  return { storedRoot, existing, reused, fresh: new Set(keys.filter((k) => !existing.has(k))).size };
}
