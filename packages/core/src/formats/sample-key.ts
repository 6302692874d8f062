import { normalizePath, toPosix } from './paths.js';

/**
 * Turns an image reference from an annotation file into a sample key (relative to the images root).
 * Absolute paths, drive letters, URLs other than Label Studio's local-file forms, and `..` that leave
 * the images root are refused: an annotation file must not make Assay read outside the folder the user
 * named. Returns the key, or the reason it was refused.
 */
export function toSampleKey(raw: string): { key: string } | { refused: string } {
  const text = toPosix(raw.trim());
  if (text.length === 0) return { refused: 'the image path is empty' };
  if (text.startsWith('/') || /^[a-zA-Z]:\//.test(text)) {
    return { refused: `the image path "${raw}" is absolute; it must be relative to the images folder` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return { refused: `the image path "${raw}" is a URL; Assay reads local files only` };
  }
  if (text.split('/').includes('..')) {
    return { refused: `the image path "${raw}" leaves the images folder ("..")` };
  }
  const key = normalizePath(text);
  if (key === '.' || key.length === 0) return { refused: `the image path "${raw}" names no file` };
  return { key };
}
