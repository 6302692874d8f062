import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  type AcrossClassAnalyses,
  type AcrossClassInput,
  acrossClassAnalyses,
} from '../../eval/detection-analyses.js';
import type { AcrossClassWorkerInput, AcrossClassWorkerMessage } from './across-class-worker.js';

/**
 * TIDE and the confusion matrix of a box evaluation on a second thread, while the calling thread
 * accumulates (issue 10: the `eval coco --json` process on two cores). The worker is started first
 * (`startAcrossClassWorker`, before the files are read: Node's start of a thread and the loading of
 * its code take about as long as reading them), then given the objects once they are loaded (`run`:
 * copied, a few MB). The result is acrossClassAnalyses' on the calling thread, which `run` falls back
 * to when the worker cannot be started or fails.
 */
export interface AcrossClassWorker {
  /** TIDE and the confusion matrix of `input` at `iou` (default 0.5), on the worker when it works. */
  run(input: AcrossClassInput, iou?: number): Promise<AcrossClassAnalyses>;
  /** Stops the worker (also after `run`'s answer; a second call does nothing). */
  stop(): void;
}

/** `start`: makes the worker (tests give one that fails); by default the compiled across-class-worker.js. */
export function startAcrossClassWorker(start: () => Worker = defaultWorker): AcrossClassWorker {
  let worker: Worker | undefined;
  let failure: unknown;
  try {
    worker = start();
    // Never what keeps the process alive, and no 'error' left unheard before `run`.
    worker.unref();
    worker.on('error', (e) => {
      failure ??= e;
    });
  } catch (e) {
    failure = e;
  }
  const stop = () => {
    void worker?.terminate();
    worker = undefined;
  };
  const run = (input: AcrossClassInput, iou?: number): Promise<AcrossClassAnalyses> => {
    const here = () => acrossClassAnalyses(input, iou === undefined ? {} : { iou });
    const w = worker;
    if (w === undefined || failure !== undefined) {
      stop();
      return Promise.resolve(here());
    }
    return new Promise<AcrossClassAnalyses>((resolve) => {
      let settled = false;
      const finish = (result: () => AcrossClassAnalyses) => {
        if (settled) return;
        settled = true;
        stop();
        resolve(result());
      };
      w.on('message', (m: AcrossClassWorkerMessage) => finish(m.type === 'done' ? () => m.result : here));
      w.on('error', () => finish(here));
      w.on('exit', () => finish(here));
      w.ref();
      try {
        w.postMessage({ input, ...(iou === undefined ? {} : { iou }) } satisfies AcrossClassWorkerInput);
      } catch {
        finish(here);
      }
    });
  };
  return { run, stop };
}

/**
 * The compiled worker beside this module (dist, or the CLI's bundle, where each worker is an entry of
 * its own). Run from source (tsx: tests, benches) the worker is still dist's .js: Node 20 does not carry
 * tsx's loader hooks into workers.
 */
export function acrossClassWorkerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL(here.replace(/\/src\/node\/eval\/[^/]+$/, '/dist/node/eval/across-class-worker.js'))
    : new URL('./across-class-worker.js', here);
}

function defaultWorker(): Worker {
  const url = acrossClassWorkerFile();
  if (!existsSync(url)) throw new Error(`The worker ${url.pathname} is missing.`);
  return new Worker(url);
}
