import type { ClassDef } from '../../model/class-def.js';
import type { ProblemList } from '../problems.js';
import { isCocoId } from './read-geometry.js';
import { type CocoId, isRecord } from './schema.js';

export interface CategoryTable {
  classes: ClassDef[];
  /** COCO category id → class name. */
  nameById: Map<CocoId, string>;
  /** Class name → class, to merge two ids with one name. */
  byName: Map<string, ClassDef>;
}

function readSkeleton(value: unknown): [number, number][] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(Number.isInteger)) return undefined;
  }
  return value as [number, number][];
}

function readKeypointNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

export function newCategoryTable(): CategoryTable {
  return { classes: [], nameById: new Map(), byName: new Map() };
}

/**
 * Reads one record of `categories` into the class map, in file order. Each class keeps its COCO id
 * in `originalIds.coco` (ids need not be contiguous). Two ids with one name become one class (warning).
 */
export function addCategory(
  table: CategoryTable,
  raw: unknown,
  index: number,
  file: string,
  problems: ProblemList,
): void {
  const record = `categories[${index}]`;
  if (!isRecord(raw) || !isCocoId(raw.id) || typeof raw.name !== 'string' || raw.name.trim() === '') {
    problems.skip(file, record, 'a category needs an integer id and a non-empty name', 'Fix the category.');
    return;
  }
  if (table.nameById.has(raw.id)) {
    problems.skip(file, `${record} (id ${raw.id})`, `category id ${raw.id} appears twice; kept the first`);
    return;
  }
  const name = raw.name;
  table.nameById.set(raw.id, name);
  if (table.byName.has(name)) {
    problems.warn(file, `${record} (id ${raw.id})`, `category "${name}" also has another id; merged`);
    return;
  }
  const def: ClassDef = { name, originalIds: { coco: raw.id } };
  if (typeof raw.supercategory === 'string' && raw.supercategory !== '')
    def.supercategory = raw.supercategory;
  const keypoints = readKeypointNames(raw.keypoints);
  if (keypoints) def.keypoints = keypoints;
  const skeleton = readSkeleton(raw.skeleton);
  if (skeleton) def.skeleton = skeleton;
  table.byName.set(name, def);
  table.classes.push(def);
}
