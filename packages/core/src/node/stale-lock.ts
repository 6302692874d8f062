import { readFile } from 'node:fs/promises';
import type { ProjectStore } from '../store/project-store.js';

/** What `.assay/lock.json` says about the process that opened the project for writing. */
export interface LockNote {
  pid: number;
  command: string;
  started: string;
}

export async function readLockNote(path: string): Promise<LockNote | undefined> {
  try {
    const note = JSON.parse(await readFile(path, 'utf8')) as Partial<LockNote>;
    if (typeof note.pid !== 'number') return undefined;
    return { pid: note.pid, command: String(note.command ?? 'assay'), started: String(note.started ?? '?') };
  } catch {
    return undefined;
  }
}

/** True while a process of this id exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Called once this process holds the database's write lock. A command killed from outside (out of memory,
 * SIGKILL) cannot close its runs or remove its lock note: when that note names a process that is gone
 * (or there is no note at all), its `running` runs can never finish, so they become `aborted`, and the
 * note is taken over. Returns the notes to show the user.
 */
export async function recoverStaleLock(store: ProjectStore, lock: LockNote | undefined): Promise<string[]> {
  if (lock && (lock.pid === process.pid || processAlive(lock.pid))) return [];
  const who = lock ? `"${lock.command}" (pid ${lock.pid}, started ${lock.started})` : 'an earlier command';
  const notes: string[] = [];
  if (lock) notes.push(`Took over a stale project lock: ${who} ended without closing the project.`);
  const aborted = await store.abortRunningRuns(`${who} ended without finishing this run (killed?)`);
  if (aborted.length > 0) {
    notes.push(
      `Marked ${aborted.length === 1 ? 'run' : 'runs'} ${aborted.join(', ')} aborted: ${who} ended without finishing ${aborted.length === 1 ? 'it' : 'them'}.`,
    );
  }
  return notes;
}
