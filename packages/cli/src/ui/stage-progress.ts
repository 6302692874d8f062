import type { Output } from './output.js';
import { createProgress, type Progress } from './progress.js';

/**
 * Progress of a command that goes through named stages (the embedding analysis: vectors loaded, the
 * k-NN index, UMAP epochs): each stage's name as a note when it starts, then a bar while it counts.
 * `stop()` clears the bar of the last stage.
 */
export function stageProgress(
  out: Output,
  signal?: AbortSignal,
): { update(stage: string, done: number, total: number): void; stop(): void } {
  let current: string | undefined;
  let bar: Progress | undefined;
  return {
    update(stage, done, total) {
      if (stage !== current) {
        bar?.stop();
        bar = undefined;
        current = stage;
        out.note(`· ${stage}`);
      }
      if (total <= 0) return;
      bar ??= createProgress(out, stage, total, signal);
      bar.update(done, total);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
