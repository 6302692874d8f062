/** Small POSIX path helpers so formats need no `node:path` (they must also run in a browser/worker). */

export function toPosix(path: string): string {
  // includes() first: a global replace costs about a microsecond even when nothing matches.
  return path.includes('\\') ? path.replace(/\\/g, '/') : path;
}

export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join('/');
  return normalizePath(joined);
}

export function normalizePath(path: string): string {
  const p = toPosix(path);
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && absolute) continue;
    else out.push(part);
  }
  const body = out.join('/');
  return absolute ? `/${body}` : body || '.';
}

export function dirName(path: string): string {
  const p = normalizePath(path);
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

export function baseName(path: string): string {
  const p = toPosix(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Extension with the dot, lower-cased: ".jpg"; "" when there is none. */
export function extName(path: string): string {
  const base = baseName(path);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i).toLowerCase();
}

export function stripExt(path: string): string {
  const ext = extName(path);
  return ext ? path.slice(0, path.length - ext.length) : path;
}

/** `path` relative to `from` when it is inside it, else undefined. Both absolute. */
export function relativeInside(from: string, path: string): string | undefined {
  const a = normalizePath(from);
  const b = normalizePath(path);
  if (b === a) return '';
  const prefix = a.endsWith('/') ? a : `${a}/`;
  return b.startsWith(prefix) ? b.slice(prefix.length) : undefined;
}

/**
 * Extensions of image files. Besides the usual ones: `.jfif` and `.jpe` (JPEG, as browsers save
 * some), `.mpo` (a camera's multi-picture JPEG: its first picture decodes as JPEG; Ultralytics
 * lists it), `.heif` and `.avifs` (an AVIF image sequence): the scan says which it cannot decode.
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.bmp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.jfif',
  '.jpe',
  '.mpo',
  '.heif',
  '.avifs',
]);

export function isImagePath(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extName(path));
}
