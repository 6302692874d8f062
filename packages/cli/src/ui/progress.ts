import type { Output } from './output.js';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}

/** The progress line: bar, count, rate and ETA. Pure: exported for tests. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return `${label} ${bar} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} · ${rate.toFixed(0)}/s · ETA ${seconds(eta)}`;
}

/**
 * A one-line progress bar with count, rate and ETA, redrawn in place on stderr at most ten times a
 * second; silent under --json or when stderr is not a terminal. It stops (and clears its line) as soon
 * as the signal aborts, so notes printed after Ctrl-C are not drawn over.
 */
export function createProgress(out: Output, label: string, total: number, signal?: AbortSignal): Progress {
  if (!out.interactive) return { update() {}, stop() {} };
  const started = Date.now();
  let last = 0;
  let stopped = false;
  let current = { done: 0, total };
  const draw = () =>
    process.stderr.write(
      `\r\x1b[2K${progressLine(label, current.done, current.total, Date.now() - started)}`,
    );
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.stderr.write('\r\x1b[2K');
  };
  signal?.addEventListener('abort', stop, { once: true });
  return {
    update(done, newTotal) {
      if (stopped) return;
      current = { done, total: newTotal ?? current.total };
      const now = Date.now();
      if (now - last >= REDRAW_MS || done === current.total) {
        last = now;
        draw();
      }
    },
    stop,
  };
}
