import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AssayError } from '@assay/core/errors';
import { directoryExists, removeServerNote, writeServerNote } from '@assay/core/node/serve/server-note';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { BrowseCache } from './browse-cache.js';
import { ChangeHub } from './change-hub.js';
import type { ServerContext } from './context.js';
import { ProjectHandle } from './project-handle.js';
import { isLoopback } from './security.js';

export interface StartServerOptions {
  /** Where to look for the project (walks up to `.assay/`). */
  projectDir: string;
  /** Default 5151; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything but loopback needs a token (generated when not given). */
  host?: string;
  /** Required on every request when set explicitly or bound beyond loopback; always guards /api/internal. */
  token?: string;
  /** The built web app folder (default: packages/web/dist beside this package). */
  webDist?: string;
  debug?: boolean;
  /** How often a released server checks the commands holding the project (ms, default 500). */
  pollMs?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open (with ?token= when the server needs it). */
  openUrl: string;
  port: number;
  token: string;
  projectDir: string;
  webDist: string | undefined;
  handle: ProjectHandle;
  close(): Promise<void>;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Opens the project read-only, listens, and writes `.assay/server.json` for other commands. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const requireToken = !loopback || options.token !== undefined;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const hub = new ChangeHub();
  let warm = () => {};
  const handle = await ProjectHandle.open(options.projectDir, {
    onChange: (change) => {
      hub.publish(change);
      warm();
    },
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const webDist = options.webDist ?? DEFAULT_WEB_DIST;
  const ctx: ServerContext = {
    handle,
    names: new BrowseCache(handle),
    webDist: directoryExists(webDist) ? webDist : undefined,
    debug: options.debug ?? false,
    closers: [],
  };
  // The counts, facet base and index are built in the background after opening and after every change
  // (BrowseCache.warm: on the background connection, yielding to page queries, abandoned at a hand-over).
  warm = () => ctx.names.warm();
  warm();
  let port = options.port ?? 5151;
  const app = createApp(ctx, hub, { host, token, requireToken });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      port = info.port;
      resolve(s);
    });
    s.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new AssayError('CONFLICT', `Port ${port} on ${host} is in use.`, {
              hint: 'Choose another one with --port (0 picks a free port).',
            })
          : error,
      );
    });
  }).catch(async (error) => {
    await handle.close();
    throw error;
  });
  await writeServerNote(handle.dir, {
    pid: process.pid,
    host,
    port,
    token,
    started: new Date().toISOString(),
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  return {
    url,
    openUrl: requireToken ? `${url}?token=${token}` : url,
    port,
    token,
    projectDir: handle.dir,
    webDist: ctx.webDist,
    handle,
    async close() {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams keep connections open: end them so close() returns.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      // The note goes first: a close that is cut short (serve's Ctrl-C waits a few seconds for background
      // work such as the facet index, then exits) must not leave other commands routing to a dead server.
      await removeServerNote(handle.dir);
      await ctx.names.close(); // the facet count worker
      await Promise.all(ctx.closers.map((close) => close()));
      await handle.close();
    },
  };
}
