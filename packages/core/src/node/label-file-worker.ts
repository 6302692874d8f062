import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { FileBatch, FileBatchDone } from './file-batch-writer.js';

// The file-writing thread of FileBatchWriter (file-batch-writer.ts): each batch's files created and written
// in order, one open, write and close each (issue 12: a million YOLO label files cost the kernel ~50 s of
// system time, which this thread spends beside the main thread's reading and formatting).

function writeBatch(batch: FileBatch): void {
  const paths = batch.paths.split('\0');
  let at = 0;
  for (let k = 0; k < paths.length; k++) {
    const end = batch.ends[k]!;
    const fd = openSync(paths[k]!, 'w');
    try {
      while (at < end) at += writeSync(fd, batch.bytes, at, end - at);
    } finally {
      closeSync(fd);
    }
  }
}

parentPort?.on('message', (batch: FileBatch) => {
  let done: FileBatchDone;
  try {
    writeBatch(batch);
    done = { id: batch.id };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    done = { id: batch.id, error: { message: e.message, code: e.code, syscall: e.syscall, path: e.path } };
  }
  parentPort?.postMessage(done);
});
