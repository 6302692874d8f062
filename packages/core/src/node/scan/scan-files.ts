import { AssayError } from '../../errors.js';
import { METRICS_SIDE, type SampleMetrics } from '../../metrics/sample-metrics.js';
import type { MediaProbe, ScanStatus } from '../../model/sample.js';
import { FileReader } from './file-reader.js';
import { type FileProbe, type ProbeFileOptions, probeFile } from './probe-file.js';

/** 100 megapixels: a 10000×10000 image. Larger ones get status 'too_large' and are never decoded. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/**
 * Files in flight at once. sharp decodes on libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), so 4 keeps every pool thread busy while the main thread
 * reads, hashes, measures and dispatches; more adds memory, not speed (bench/scan.bench.ts, and
 * 8 against 4 in bench/metrics.bench.ts: within the noise).
 */
export const DEFAULT_SCAN_CONCURRENCY = 4;
/** Longer side of the RGB image each file is decoded to for checking and metrics. */
export const DECODE_SIZE = METRICS_SIDE;

export interface ScanTarget {
  id: number;
  /** Absolute path of the file. */
  path: string;
  /**
   * Real path of the images root (media-path.ts realRoot): a file whose real path lies outside it (a
   * symbolic link leading out) is not read. Unset: not checked.
   */
  root?: string;
  /** Size the annotations declare; kept for the caller, not compared here. */
  declaredWidth?: number;
  declaredHeight?: number;
  /** The last probe stored for this file; an 'ok' one with the same size and mtime is reused. */
  previous?: MediaProbe;
}

export interface ScanResult {
  id: number;
  /** The new probe, or when `unchanged` the previous one with the current bytes and mtime. */
  probe: MediaProbe;
  unchanged: boolean;
  /** Metrics of the decoded image; absent when unchanged (not decoded) or not decodable. */
  metrics?: SampleMetrics;
}

export interface ScanProgress {
  done: number;
  total: number;
  /** Unchanged files reused without reading. */
  skipped: number;
  /** Files whose status is not 'ok'. */
  failed: number;
}

export interface ScanFilesOptions {
  /** Files in flight at once; default DEFAULT_SCAN_CONCURRENCY (4). */
  concurrency?: number;
  /** Largest width*height decoded; default DEFAULT_MAX_PIXELS (100 megapixels). */
  maxPixels?: number;
  /** Re-probe files even when size and mtime are unchanged; default false. */
  force?: boolean;
  /** On abort, no new file starts; files in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called after each reported result. */
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanSummary {
  total: number;
  /** Files with a reported result. */
  done: number;
  skipped: number;
  failed: number;
  /** Results per status, unchanged files counted under their (ok) status. */
  byStatus: Record<ScanStatus, number>;
  /** True when the signal stopped the scan before every target was done. */
  interrupted: boolean;
  elapsedMs: number;
}

/**
 * Scans files in parallel: for each target, stat, reuse the previous probe when unchanged, else
 * read the bytes once, hash them and probe the image (see probeFile). Results reach `onResult` in
 * completion order, one call at a time; a slow `onResult` slows the scan rather than piling up
 * results. A bad file never throws: its status says why. An error thrown by `onResult` stops the
 * scan and is rethrown once files in flight have settled.
 */
export async function scanFiles(
  targets: readonly ScanTarget[],
  options: ScanFilesOptions,
  onResult: (result: ScanResult) => void | Promise<void>,
): Promise<ScanSummary> {
  const started = performance.now();
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_SCAN_CONCURRENCY, 'concurrency');
  const probeOptions: ProbeFileOptions = {
    maxPixels: positiveInteger(options.maxPixels ?? DEFAULT_MAX_PIXELS, 'maxPixels'),
    decodeSize: DECODE_SIZE,
    force: options.force ?? false,
    reader: new FileReader(),
  };
  const tally = new ScanTally(targets.length);
  let next = 0;
  let reporting: Promise<void> = Promise.resolve();
  let callerError: { error: unknown } | undefined;

  const lane = async (): Promise<void> => {
    while (callerError === undefined && options.signal?.aborted !== true && next < targets.length) {
      const target = targets[next++]!;
      const { probe, unchanged, metrics } = await probeSafely(target, probeOptions);
      const result: ScanResult = { id: target.id, probe, unchanged, ...(metrics ? { metrics } : {}) };
      reporting = reporting.then(() => onResult(result));
      try {
        await reporting;
      } catch (error) {
        callerError ??= { error };
        return;
      }
      tally.add(result);
      options.onProgress?.(tally.progress());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, lane));
  if (callerError !== undefined) throw callerError.error;
  return tally.summary(performance.now() - started);
}

/** probeFile handles every file problem; anything else is a bug, reported on the file, not thrown. */
async function probeSafely(target: ScanTarget, options: ProbeFileOptions): Promise<FileProbe> {
  try {
    return await probeFile(target, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      probe: { status: 'unreadable', error: `unexpected error while scanning: ${message}` },
      unchanged: false,
    };
  }
}

function positiveInteger(value: number, name: string): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new AssayError('INVALID_INPUT', `scan option ${name} must be a positive integer, got ${value}`, {
    hint: `Pass a whole number of at least 1 for ${name}, or leave it out for the default.`,
  });
}

class ScanTally {
  private done = 0;
  private skipped = 0;
  private failed = 0;
  private readonly byStatus: Record<ScanStatus, number> = {
    pending: 0,
    ok: 0,
    missing: 0,
    corrupt: 0,
    unreadable: 0,
    too_large: 0,
    unsupported: 0,
  };

  constructor(private readonly total: number) {}

  add(result: ScanResult): void {
    this.done++;
    if (result.unchanged) this.skipped++;
    if (result.probe.status !== 'ok') this.failed++;
    this.byStatus[result.probe.status]++;
  }

  progress(): ScanProgress {
    return { done: this.done, total: this.total, skipped: this.skipped, failed: this.failed };
  }

  summary(elapsedMs: number): ScanSummary {
    const interrupted = this.done < this.total;
    return { ...this.progress(), byStatus: { ...this.byStatus }, interrupted, elapsedMs };
  }
}
