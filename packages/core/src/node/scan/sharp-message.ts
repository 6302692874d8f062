/** Longest message kept in `MediaProbe.error`; libvips can repeat one line dozens of times. */
const MAX_MESSAGE = 300;

/** libvips lines that only say where decoding stopped, not why. */
const NOISE = [/^error in tile \d+ x \d+$/i, /^unknown error$/i];

/**
 * Turns a sharp/libvips error into one readable line: drops sharp's "failOn" preamble and the
 * per-tile noise, removes duplicate lines, keeps the decoder's own words ("VipsJpeg: premature end
 * of JPEG image"), and joins what is left with "; ".
 */
export function readableSharpError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const lines = raw
    .split('\n')
    .map((line) => line.trim())
    .map((line) => line.replace(/^Warning treated as error due to failOn setting$/i, ''))
    .map((line) => line.replace(/^Input (buffer|file) has corrupt header: /i, 'corrupt header: '))
    .filter((line) => line !== '' && !NOISE.some((pattern) => pattern.test(line)));
  const unique = [...new Set(lines)];
  const message = unique.length > 0 ? unique.join('; ') : 'the decoder failed without saying why';
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}
