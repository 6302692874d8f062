import type { ProjectStore } from '../../store/project-store.js';
import type { Project } from '../project.js';
import { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';

/** Where embeddings are read from or written to: an open project, its store, or a store's Db (the server's handle). */
export type EmbeddingTarget = Project | ProjectStore | Db;

export function dbOfTarget(target: EmbeddingTarget): Db {
  if (target instanceof Db) return target;
  return storeDb('store' in target ? target.store : target);
}
