/** Longest message kept in `MediaProbe.error`; libvips can repeat one line dozens of times. */
const MAX_MESSAGE = 300;

/** libvips loader prefixes, renamed for people. */
const LOADERS: [RegExp, string][] = [
  [/\bVipsJpeg: /gi, 'JPEG: '],
  [/\b(vips)?s?png: /gi, 'PNG: '],
  [/\b(vips)?webp: /gi, 'WebP: '],
  [/\b(vips)?gif(load)?: /gi, 'GIF: '],
  [/\btiff2vips: /gi, 'TIFF: '],
];

/** sharp sentences rewritten into plain words. */
const PHRASES: [RegExp, string][] = [
  [/^Warning treated as error due to failOn setting$/i, ''],
  [/^Input (buffer|file) has corrupt header: /i, 'corrupt header: '],
  [/^Input (buffer|file) contains unsupported image format$/i, 'not a supported image format'],
  [/^Input (buffer|file) is empty$/i, 'the file is empty'],
  [/^Input image exceeds pixel limit$/i, 'the image has more pixels than the limit'],
];

/** libvips lines that only say where decoding stopped, not why. */
const NOISE = [/^error in tile \d+ x \d+$/i, /^unknown error$/i];

/**
 * Turns a sharp/libvips error into one readable line: drops sharp's "failOn" preamble and the
 * per-tile noise, removes repeated lines (also one repeated inside a longer one), keeps the decoder's own words ("VipsJpeg: premature end
 * of JPEG image" becomes "JPEG: premature end of JPEG image"), and joins what is left with "; ".
 */
export function readableSharpError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const lines = raw
    .split('\n')
    .map((line) => line.trim())
    .map((line) => PHRASES.reduce((text, [pattern, words]) => text.replace(pattern, words), line))
    .map((line) => LOADERS.reduce((text, [pattern, name]) => text.replace(pattern, name), line))
    .filter((line) => line !== '' && !NOISE.some((pattern) => pattern.test(line)));
  const distinct = [...new Set(lines)];
  const unique = distinct.filter((line) => !distinct.some((other) => other !== line && other.endsWith(line)));
  const message = unique.length > 0 ? unique.join('; ') : 'the decoder failed without saying why';
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}
