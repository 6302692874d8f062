import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runCli } from '@assay/cli/test-kit';
import { runDemo } from '@assay/cli/test-kit/demo-project';
import { type RunningServer, type StartServerOptions, startServer } from '../start-server.js';

/** A demo project made by the real CLI (`assay demo`) in a temp folder. */
export async function makeDemo(
  images = 60,
): Promise<{ dir: string; project: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'assay-serve-'));
  const project = join(dir, 'demo');
  const run = await runDemo(project, ['--images', String(images)], dir);
  if (run.code !== 0) throw new Error(`assay demo failed (${run.code}):\n${run.stderr}`);
  return { dir, project, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `assay info --json` of a project, by the real CLI in a child process. */
export async function cliInfo(project: string): Promise<{
  samples: number;
  annotations: {
    total: number;
    by_source: Record<string, { total: number; by_kind: Record<string, number> }>;
  };
  classes: { name: string; counts: Record<string, number> }[];
  splits: Record<string, number>;
  scan: Record<string, number>;
  issues: { total: number; by_type: Record<string, number> };
}> {
  return json(await runCli(['info', '--json'], project));
}

/** A real server on an ephemeral loopback port, with helpers that send what the app would. */
export async function serveDemo(project: string, options: Partial<StartServerOptions> = {}) {
  const server: RunningServer = await startServer({ projectDir: project, port: 0, pollMs: 100, ...options });
  const base = server.url.replace(/\/$/, '');
  const origin = base;
  return {
    server,
    base,
    get: (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers }),
    /** A POST as the app sends it: JSON with its own Origin. */
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
