/**
 * `assay issues | head` closes our stdout early. Node then emits EPIPE on the stream, which crashed
 * the process with exit 1 and a stack. A reader that stopped reading wants no more output, but the
 * command may be half-way through writing to the project (`assay check | head`): so the closed stream
 * swallows what is still written, and the command finishes its work and exits with its own code
 * (0 when it succeeded), quietly.
 */
export function closeQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stream.write = swallow;
    });
  }
}

function swallow(_chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
  const done = typeof encoding === 'function' ? encoding : callback;
  if (typeof done === 'function') queueMicrotask(() => done());
  return true;
}
