import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { AssayError } from '../errors.js';
import { toPosix } from '../formats/paths.js';
import { fsAssayError } from '../fs-error.js';
import type { ProjectStore } from '../store/project-store.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from './atomic-write.js';
import { askServerToRelease } from './serve/handoff.js';
import { readLockNote, recoverStaleLock } from './stale-lock.js';
import { openDuckDbStore } from './store/duckdb-store.js';

export const PROJECT_DIR = '.assay';
const DB_FILE = 'assay.duckdb';
const PROJECT_FILE = 'project.json';
const LOCK_FILE = 'lock.json';

export interface Project {
  /** Absolute project folder (the one holding `.assay/`). */
  dir: string;
  store: ProjectStore;
  /** Absolute path of an images root as stored in the database. */
  resolveRoot(root: string): string;
  /** How an absolute images root is stored: relative to the project when inside it, else absolute. */
  storedRoot(absolute: string): string;
  close(): Promise<void>;
}

export interface OpenProjectOptions {
  readOnly?: boolean;
  /** The command opening the project, recorded so a second process can say who holds it. */
  command?: string;
  /** Told what opening repaired (a stale lock taken over, runs of a killed command marked aborted). */
  onNote?: (text: string) => void;
  /** DuckDB's memory limit when ASSAY_DUCKDB_MEMORY_LIMIT is unset (default: store/duckdb-memory.ts). */
  memoryLimit?: string;
}

/** Creates a project folder with an empty, migrated database. */
export async function initProject(dir: string, options: { name?: string } = {}): Promise<string> {
  const root = resolve(dir);
  const meta = join(root, PROJECT_DIR, PROJECT_FILE);
  if (existsSync(meta)) {
    throw new AssayError('PROJECT_EXISTS', `${root} is already an Assay project.`, {
      hint: 'Use it as it is (cd into it), or choose another folder.',
    });
  }
  await mkdir(join(root, PROJECT_DIR), { recursive: true });
  const store = await openDuckDbStore(join(root, PROJECT_DIR, DB_FILE));
  await store.setMeta('name', options.name ?? root.split(/[\\/]/).pop() ?? 'project');
  await store.close();
  await writeFileAtomic(
    meta,
    `${JSON.stringify({ assay: VERSION, created: new Date().toISOString() }, null, 2)}\n`,
  );
  return root;
}

/** Walks up from `start` to the folder holding `.assay/project.json`. */
export async function findProjectDir(start: string): Promise<string> {
  let dir = resolve(start);
  for (;;) {
    try {
      if ((await stat(join(dir, PROJECT_DIR, PROJECT_FILE))).isFile()) return dir;
    } catch {
      // not here: go up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new AssayError('NOT_A_PROJECT', `No Assay project in ${resolve(start)} or any folder above it.`, {
    hint: 'Run `assay init <folder>` first, then run commands inside that folder (or pass --project <folder>).',
  });
}

function describeHolder(dir: string): (pid: number | undefined) => string {
  return (pid) => {
    try {
      const lock = JSON.parse(readFileSync(join(dir, PROJECT_DIR, LOCK_FILE), 'utf8')) as {
        pid: number;
        command: string;
        started: string;
      };
      if (pid === undefined || lock.pid === pid)
        return `\`${lock.command}\` (pid ${lock.pid}, started ${lock.started})`;
    } catch {
      // no lock note: fall back to the pid DuckDB reported
    }
    return pid === undefined ? 'another process' : `another process (pid ${pid})`;
  };
}

/** Only `initProject` creates a database: a project whose database is gone says so instead of starting empty. */
async function assertDatabaseExists(file: string): Promise<void> {
  try {
    if ((await stat(file)).isFile()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsAssayError(error, file) ?? error;
  }
  throw new AssayError('DATABASE_MISSING', `The project database ${file} is missing (or not a file).`, {
    hint: 'Restore .assay/assay.duckdb from a backup or snapshot of the project folder; without one, create a new project (`assay init` in a new folder) and import the data again. Assay does not recreate it empty.',
    details: { file },
  });
}

/**
 * Opens the database; when `assay serve` holds it, asks the server to let go first (serve/handoff.ts)
 * and returns the function that hands it back on close.
 */
async function openStoreOrAskServer(
  dir: string,
  options: OpenProjectOptions,
): Promise<{ store: ProjectStore; handBack?: () => Promise<void> }> {
  const file = join(dir, PROJECT_DIR, DB_FILE);
  const open = () =>
    openDuckDbStore(file, {
      readOnly: options.readOnly ?? false,
      describeHolder: describeHolder(dir),
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
  try {
    return { store: await open() };
  } catch (error) {
    if (!(error instanceof AssayError) || error.code !== 'PROJECT_LOCKED') throw error;
    const handBack = await askServerToRelease(dir, error.details?.pid as number | undefined);
    if (handBack === undefined) throw error;
    try {
      return { store: await open(), handBack };
    } catch (again) {
      await handBack();
      throw again;
    }
  }
}

export async function openProject(start: string, options: OpenProjectOptions = {}): Promise<Project> {
  const dir = await findProjectDir(start);
  await assertDatabaseExists(join(dir, PROJECT_DIR, DB_FILE));
  const { store, handBack } = await openStoreOrAskServer(dir, options);
  const lockPath = join(dir, PROJECT_DIR, LOCK_FILE);
  if (!options.readOnly) {
    try {
      for (const text of await recoverStaleLock(store, await readLockNote(lockPath))) options.onNote?.(text);
    } catch (error) {
      await store.close();
      throw error;
    }
    const note = { pid: process.pid, command: options.command ?? 'assay', started: new Date().toISOString() };
    await writeFileAtomic(lockPath, `${JSON.stringify(note)}\n`);
  }
  return {
    dir,
    store,
    resolveRoot: (root) => (isAbsolute(root) ? root : resolve(dir, root)),
    storedRoot: (absolute) => {
      const rel = relative(dir, absolute);
      if (rel === '') return '.';
      return rel.startsWith('..') || isAbsolute(rel) ? toPosix(absolute) : toPosix(rel);
    },
    async close() {
      await store.close();
      await handBack?.();
      if (!options.readOnly) {
        try {
          const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number };
          if (lock.pid === process.pid) await rm(lockPath, { force: true });
        } catch {
          // already gone
        }
      }
    },
  };
}
