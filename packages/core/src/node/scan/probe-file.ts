import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import type { MediaProbe } from '../../model/sample.js';
import { mediaRefusal } from '../media-path.js';
import type { DecodedImage } from './decode-image.js';
import { FileReader } from './file-reader.js';
import { measureImage } from './measure-image.js';
import { type ImageProbe, type ProbeImageOptions, probeImage } from './probe-image.js';
import type { ScanTarget } from './scan-files.js';

export interface ProbeFileOptions extends ProbeImageOptions {
  /** Re-probe even when size and mtime match the previous 'ok' probe. */
  force: boolean;
  /** Stats and reads the file; share one across a scan (see FileReader). Default: a new one. */
  reader?: FileReader;
}

export interface FileProbe {
  probe: MediaProbe;
  /** True when the previous probe was reused without reading the file. */
  unchanged: boolean;
  /** The small decoded image and its metrics, when the file was read and decoded. */
  image?: DecodedImage;
  metrics?: SampleMetrics;
}

/** Two mtimes closer than this are the same; stores may keep whole milliseconds only. */
const MTIME_TOLERANCE_MS = 1;

/**
 * Probes one file: stat, then (unless unchanged since an 'ok' probe) read it once, hash the bytes
 * and probe the image, measuring the decoded pixels (see measureImage). Never throws for a missing, unreadable or broken file.
 */
export async function probeFile(target: ScanTarget, options: ProbeFileOptions): Promise<FileProbe> {
  const reader = options.reader ?? new FileReader();
  let stats: Stats;
  try {
    stats = await reader.stat(target.path);
  } catch (error) {
    return { probe: fsFailure(error), unchanged: false };
  }
  let refusal: ReturnType<typeof mediaRefusal>;
  try {
    refusal = mediaRefusal(
      target.path,
      target.root === undefined ? [] : [target.root],
      stats,
      reader.folders,
    );
  } catch (error) {
    return { probe: fsFailure(error), unchanged: false };
  }
  if (refusal !== undefined)
    return { probe: { status: 'unreadable', error: refusal.reason }, unchanged: false };
  const facts = { bytes: stats.size, mtimeMs: stats.mtimeMs };
  if (!options.force && isUnchanged(target.previous, facts)) {
    return { probe: { ...target.previous, ...facts }, unchanged: true };
  }
  let bytes: Buffer;
  try {
    bytes = await reader.read(target.path);
  } catch (error) {
    return { probe: { ...fsFailure(error), ...facts }, unchanged: false };
  }
  const fileFacts = { bytes: bytes.length, mtimeMs: stats.mtimeMs, sha256: sha256Hex(bytes) };
  if (bytes.length === 0)
    return { probe: { status: 'corrupt', ...fileFacts, error: 'the file is empty' }, unchanged: false };
  let image: ImageProbe;
  try {
    image = await probeImage(bytes, options);
  } finally {
    reader.release(bytes); // the decode is over: nothing reads the bytes any more
  }
  const probe = { ...image.probe, ...fileFacts };
  if (image.image === undefined) return { probe, unchanged: false };
  return { probe, unchanged: false, image: image.image, metrics: measureImage(image.image, probe) };
}

function isUnchanged(
  previous: MediaProbe | undefined,
  facts: { bytes: number; mtimeMs: number },
): previous is MediaProbe {
  return (
    previous !== undefined &&
    previous.status === 'ok' &&
    previous.bytes === facts.bytes &&
    previous.mtimeMs !== undefined &&
    Math.abs(previous.mtimeMs - facts.mtimeMs) < MTIME_TOLERANCE_MS
  );
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Missing for paths that are not there; unreadable for everything the file system refuses. */
function fsFailure(error: unknown): MediaProbe {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return { status: 'missing', error: 'file not found' };
    case 'ENOTDIR':
      return { status: 'missing', error: 'a parent of the path is not a folder' };
    case 'EACCES':
    case 'EPERM':
      return { status: 'unreadable', error: 'permission denied' };
    case 'EISDIR':
      return { status: 'unreadable', error: 'is a directory, not a file' };
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'unreadable', error: code === undefined ? message : `${code}: ${message}` };
    }
  }
}
