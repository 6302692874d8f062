import { AssayError } from '@assay/core/errors';
import type { CommandContext } from '../context.js';

/** How long Ctrl-C waits for the server's background work before stopping anyway. */
const CLOSE_WAIT_MS = 3000;

interface ServeOptions {
  port?: string;
  host?: string;
  token?: string;
}

function parsePort(text: string | undefined): number {
  const port = Number(text ?? '5151');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AssayError('USAGE', `--port ${text} is not a port number.`, {
      hint: 'Give a number from 1 to 65535 (0 picks a free port).',
    });
  }
  return port;
}

/** `assay serve`: the web app and its API on this project, until Ctrl-C. */
export async function run(options: ServeOptions, ctx: CommandContext): Promise<number> {
  const port = parsePort(options.port);
  const { startServer } = await import('@assay/server');
  const server = await startServer({
    projectDir: ctx.projectDir,
    port,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.token === undefined ? {} : { token: options.token }),
    debug: ctx.out.debug,
  });
  ctx.out.result({
    url: server.url,
    open_url: server.openUrl,
    port: server.port,
    project: server.projectDir,
  });
  ctx.out.line(`Assay serves ${server.projectDir}`);
  ctx.out.line(`  ${server.openUrl}`);
  if (server.webDist === undefined) {
    ctx.out.line(
      '  The web app is not built (packages/web/dist is missing): run `npm run build`; the API answers.',
    );
  }
  ctx.out.line('  Other assay commands on this project keep working; press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  // The database is open read-only here, so nothing is lost when background work (the facet index on a
  // large project) is abandoned: wait for it briefly, then stop anyway.
  const stopped = await Promise.race([
    server.close().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref()),
  ]);
  if (!stopped) {
    ctx.out.line('Stopped without waiting for background work (the project is unchanged).');
    // Only fires if that work still keeps the process alive once the command has returned.
    setTimeout(() => process.exit(130), 500).unref();
  }
  return 130;
}
