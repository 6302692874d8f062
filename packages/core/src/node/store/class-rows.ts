import type { ClassDef } from '../../model/class-def.js';
import type { StoredClass } from '../../store/project-store.js';
import { type Db, parseJson } from './db.js';

interface ClassRow extends Record<string, unknown> {
  id: number;
  name: string;
  supercategory: string | null;
  original_ids: string | null;
  keypoints: string | null;
  skeleton: string | null;
}

export async function listClasses(db: Db): Promise<StoredClass[]> {
  const rows = await db.all<ClassRow>('SELECT * FROM classes ORDER BY id');
  return rows.map((r) => {
    const c: StoredClass = { id: r.id, name: r.name, originalIds: parseJson(r.original_ids) ?? {} };
    if (r.supercategory !== null) c.supercategory = r.supercategory;
    const keypoints = parseJson<string[]>(r.keypoints);
    if (keypoints) c.keypoints = keypoints;
    const skeleton = parseJson<[number, number][]>(r.skeleton);
    if (skeleton) c.skeleton = skeleton;
    return c;
  });
}

/** New classes go to the end of the class map; known ones merge original ids and keypoint metadata. */
export async function upsertClasses(db: Db, classes: ClassDef[]): Promise<Map<string, number>> {
  const existing = await listClasses(db);
  const byName = new Map(existing.map((c) => [c.name, c]));
  let next = existing.reduce((m, c) => Math.max(m, c.id), 0) + 1;
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  // New classes in one statement: an import may run it while its reader keeps the thread busy.
  const fresh: (string | number | null)[] = [];
  for (const c of classes) {
    const known = byName.get(c.name);
    if (known === undefined) {
      const id = next++;
      fresh.push(
        id,
        c.name,
        c.supercategory ?? null,
        json(c.originalIds ?? {}),
        json(c.keypoints),
        json(c.skeleton),
      );
      byName.set(c.name, { ...c, id });
      continue;
    }
    const merged = { ...known.originalIds, ...c.originalIds };
    await db.run(
      `UPDATE classes SET original_ids = ?, supercategory = coalesce(supercategory, ?),
         keypoints = coalesce(keypoints, ?), skeleton = coalesce(skeleton, ?) WHERE id = ?`,
      [json(merged), c.supercategory ?? null, json(c.keypoints), json(c.skeleton), known.id],
    );
    known.originalIds = merged;
  }
  if (fresh.length > 0) {
    const rows = Array.from({ length: fresh.length / 6 }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
    await db.run(`INSERT INTO classes VALUES ${rows}`, fresh);
  }
  return new Map([...byName.values()].map((c) => [c.name, c.id]));
}
