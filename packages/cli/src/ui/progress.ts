import cliProgress from 'cli-progress';
import type { Output } from './output.js';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/** A progress bar with count, rate and ETA on a terminal; silent under --json or when not a TTY. */
export function createProgress(out: Output, label: string, total: number): Progress {
  if (!out.interactive) return { update() {}, stop() {} };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {value}/{total} · {rate}/s · ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0' });
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(0) : '0' });
    },
    stop() {
      bar.stop();
    },
  };
}
