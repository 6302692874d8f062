import { readServerNote, type ServerNote } from './server-note.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function post(note: ServerNote, path: string): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${note.port}/api/internal/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${note.token}`,
        host: `127.0.0.1:${note.port}`,
      },
      body: JSON.stringify({ pid: process.pid }),
      signal: AbortSignal.timeout(60_000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * When `assay serve` (pid `holderPid`) owns the project, asks it over loopback to close its database for
 * this process; returns a function that hands it back, or undefined when no live server holds it.
 */
export async function askServerToRelease(
  projectDir: string,
  holderPid: number | undefined,
): Promise<(() => Promise<void>) | undefined> {
  const note = readServerNote(projectDir);
  if (note === undefined || note.pid === process.pid || !alive(note.pid)) return undefined;
  if (holderPid !== undefined && holderPid !== note.pid) return undefined;
  if (!(await post(note, 'release'))) return undefined;
  return async () => {
    await post(note, 'resume');
  };
}
