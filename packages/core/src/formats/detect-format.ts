import { AssayError } from '../errors.js';
import type { Detection, Format } from './define-format.js';
import type { FormatIO } from './format-io.js';

export interface DetectedFormat {
  format: Format;
  detection: Detection;
}

/** Asks every format whether `path` is its own; returns the candidates, most confident first. */
export async function rankFormats(
  formats: readonly Format[],
  path: string,
  io: FormatIO,
): Promise<DetectedFormat[]> {
  const ranked: DetectedFormat[] = [];
  for (const format of formats) {
    try {
      const detection = await format.detect(path, io);
      if (detection && detection.confidence > 0) ranked.push({ format, detection });
    } catch {
      // a detector that cannot read the path simply does not claim it
    }
  }
  return ranked.sort((a, b) => b.detection.confidence - a.detection.confidence);
}

/** The format `assay import auto` uses: the most confident claim of at least 0.5. */
export async function detectFormat(
  formats: readonly Format[],
  path: string,
  io: FormatIO,
): Promise<DetectedFormat> {
  const ranked = await rankFormats(formats, path, io);
  const best = ranked[0];
  if (best && best.detection.confidence >= 0.5) return best;
  const tried = ranked.map(
    (r) => `${r.format.id} (${Math.round(r.detection.confidence * 100)}%: ${r.detection.reason})`,
  );
  throw new AssayError('UNKNOWN_FORMAT', `Could not tell which format ${path} is in.`, {
    hint: `Name the format: assay import <${formats.map((f) => f.id).join('|')}> ${path}.${tried.length ? ` Weak guesses: ${tried.join('; ')}.` : ''}`,
  });
}
