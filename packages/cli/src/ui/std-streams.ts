import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a command's output goes when it is not the process's own stdout and stderr. */
export interface StdStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

const redirected = new AsyncLocalStorage<StdStreams>();

/**
 * Runs `fn` with everything the CLI prints (ui/output.ts, errors, commander's usage) sent to `streams`
 * instead of the process's stdout and stderr: a command called in the process of a test
 * (test-kit/call-cli.ts). Without it (`assay` itself) the CLI writes to the process's streams.
 */
export function withStdStreams<T>(streams: StdStreams, fn: () => Promise<T>): Promise<T> {
  return redirected.run(streams, fn);
}

/** True inside withStdStreams: there is no terminal to draw progress on. */
export function stdRedirected(): boolean {
  return redirected.getStore() !== undefined;
}

export function writeStdout(text: string): void {
  const streams = redirected.getStore();
  if (streams) streams.stdout(text);
  else process.stdout.write(text);
}

export function writeStderr(text: string): void {
  const streams = redirected.getStore();
  if (streams) streams.stderr(text);
  else process.stderr.write(text);
}
