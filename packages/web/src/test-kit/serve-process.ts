import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The built CLI, as a user runs it (scripts/test.mjs brings the build up to date before the tests): a
// server started through tsx from the sources costs about 2.5× the CPU to start (~2.8 s against ~1.1 s).
const BIN = fileURLToPath(new URL('../../../cli/bin/assay.js', import.meta.url));

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to stderr (for failure messages). */
  stderr: () => string;
  /** Ctrl-C, and wait for the exit code. */
  stop: () => Promise<number | null>;
}

/** Runs the real `assay serve --port 0 --json` in a child process; resolves once it prints its URL. */
export function startServe(projectDir: string, timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], {
    cwd: projectDir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`assay serve printed no URL in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`assay serve exited (${code}) before printing its URL:\n${stdout}\n${stderr}`));
    });
    child.stdout?.on('data', (d) => {
      stdout += d;
      let parsed: { url?: string } | undefined;
      try {
        parsed = JSON.parse(stdout) as { url?: string };
      } catch {
        return;
      }
      if (!parsed.url) return;
      clearTimeout(timer);
      resolve({
        url: parsed.url.replace(/\/+$/, ''),
        child,
        stderr: () => stderr,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}
