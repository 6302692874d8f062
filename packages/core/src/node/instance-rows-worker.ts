import { parentPort } from 'node:worker_threads';
import {
  type InstanceRowsContext,
  type InstanceRowsJob,
  instanceRowsBytes,
} from '../formats/coco/instance-rows.js';
import { TextBytes } from '../formats/text-bytes.js';
import type { InstanceRowsDone, InstanceRowsMessage } from './instance-rows-pool.js';

// A thread of the COCO instance-rows pool (instance-rows-pool.ts): formats each job's plain rows as bytes
// (instanceRowsBytes, the same bytes as on the main thread) and hands them back (issue 12).

let context: InstanceRowsContext | undefined;
const out = new TextBytes(1 << 20);

function format(id: number, job: InstanceRowsJob): void {
  let done: InstanceRowsDone;
  let transfer: ArrayBuffer[] = [];
  try {
    out.clear();
    const written = instanceRowsBytes(out, job, context!);
    const bytes = out.bytes().slice();
    done = { id, bytes, written };
    transfer = [bytes.buffer as ArrayBuffer];
  } catch (error) {
    const e = error as Error;
    done = { id, error: { message: e.message, stack: e.stack } };
  }
  parentPort?.postMessage(done, transfer);
}

parentPort?.on('message', (message: InstanceRowsMessage) => {
  if ('context' in message) context = message.context;
  else format(message.id, message.job);
});
