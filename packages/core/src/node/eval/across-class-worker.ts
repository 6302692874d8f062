/**
 * Worker-thread entry of `AcrossClassWorker` (across-class-in-worker.ts): waits for one evaluation's
 * objects, makes TIDE and the confusion matrix of them (acrossClassAnalyses) and posts them back, the
 * per-object error arrays transferred. Started before the files are read, so that Node's start of the
 * thread and the loading of this module happen while the main thread reads them.
 */
import { parentPort } from 'node:worker_threads';
import {
  type AcrossClassAnalyses,
  type AcrossClassInput,
  acrossClassAnalyses,
} from '../../eval/detection-analyses.js';

export interface AcrossClassWorkerInput {
  input: AcrossClassInput;
  iou?: number;
}

export type AcrossClassWorkerMessage =
  | { type: 'done'; result: AcrossClassAnalyses }
  | { type: 'error'; message: string; stack?: string };

const port = parentPort;
port?.once('message', ({ input, iou }: AcrossClassWorkerInput) => {
  try {
    const result = acrossClassAnalyses(input, iou === undefined ? {} : { iou });
    port.postMessage({ type: 'done', result } satisfies AcrossClassWorkerMessage, [
      result.tide.dtError.buffer as ArrayBuffer,
      result.tide.gtError.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({
      type: 'error',
      message: err.message,
      stack: err.stack,
    } satisfies AcrossClassWorkerMessage);
  }
});
