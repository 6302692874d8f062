import { toSampleKey } from '../sample-key.js';

const UPLOAD = /^\/?data\/upload\/\d+\/(.+)$/;
const LOCAL_FILES = /^\/?data\/local-files\/?\?(.*)$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Label Studio image reference → sample key. `/data/upload/<project>/<file>` keeps `<file>` (the name
 * Label Studio stored, with its random prefix); `/data/local-files/?d=<path>` keeps `<path>` (relative to
 * the local-files document root); anything else must already be a relative path. Absolute paths, URLs
 * (http, s3, gs...) and `..` are refused by toSampleKey.
 */
export function labelStudioKey(raw: string): { key: string } | { refused: string } {
  const text = raw.trim();
  const upload = UPLOAD.exec(text);
  if (upload?.[1]) return toSampleKey(decode(upload[1]));
  const local = LOCAL_FILES.exec(text);
  if (local) {
    const d = new URLSearchParams(local[1]).get('d');
    return d ? toSampleKey(d) : { refused: `the local-files reference "${raw}" has no ?d= path` };
  }
  return toSampleKey(text);
}

/** Label source name part from a Label Studio user or model name (characters outside [letters digits _ . @ + -] → `_`). */
export function sourcePart(text: string): string {
  const cleaned = text.trim().replace(/[^\p{L}\p{N}_.@+-]/gu, '_');
  return cleaned.length > 0 ? cleaned : 'unknown';
}
