import { readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';

/** `.assay/server.json`: written by `assay serve`, read by other commands to ask for the database. */
export interface ServerNote {
  pid: number;
  host: string;
  port: number;
  token: string;
  started: string;
}

const NOTE = join('.assay', 'server.json');

export async function writeServerNote(projectDir: string, note: ServerNote): Promise<void> {
  await writeFileAtomic(join(projectDir, NOTE), `${JSON.stringify(note)}\n`, { mode: 0o600 });
}

export function readServerNote(projectDir: string): ServerNote | undefined {
  try {
    const note = JSON.parse(readFileSync(join(projectDir, NOTE), 'utf8')) as ServerNote;
    return typeof note.pid === 'number' && typeof note.port === 'number' ? note : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the note if it is this process's. */
export async function removeServerNote(projectDir: string, pid = process.pid): Promise<void> {
  if (readServerNote(projectDir)?.pid === pid) await rm(join(projectDir, NOTE), { force: true });
}

export function directoryExists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
