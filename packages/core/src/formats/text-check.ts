import { AssayError } from '../errors.js';
import type { FormatIO } from './format-io.js';
import { baseName } from './paths.js';

/** How much of a file's start is looked at: binary files show themselves in the first kilobyte. */
const SAMPLE = 1024;

/**
 * Why `text` (a file read as UTF-8) is not text, or undefined: a NUL character, or bytes that are not
 * UTF-8 (read as U+FFFD), in its first kilobyte. Random or binary bytes (an image, an archive, a
 * database) show both; a file in another encoding (Latin-1, UTF-16) shows one of them.
 */
export function binaryTextReason(text: string): string | undefined {
  const head = text.slice(0, SAMPLE);
  const nul = head.indexOf('\0');
  if (nul >= 0) return `it holds a NUL character (character ${nul + 1}): binary data or UTF-16 text`;
  const bad = head.indexOf('\uFFFD');
  if (bad >= 0) return `it is not UTF-8 text (character ${bad + 1} is not valid UTF-8)`;
  return undefined;
}

/** Refuses a file that is not UTF-8 text (see binaryTextReason), naming it and what it should be. */
export function assertText(text: string, file: string, what: string): void {
  const reason = binaryTextReason(text);
  if (reason === undefined) return;
  throw new AssayError('INVALID_INPUT', `${file} is not a ${what}: ${reason}.`, {
    hint: `Give a ${what} saved as UTF-8 text (most spreadsheet programs offer "CSV UTF-8").`,
    details: { file },
  });
}

/**
 * The text of a text dataset file (CSV, JSON Lines, CoNLL), refused when it is not UTF-8: read leniently,
 * a Latin-1 or Windows-1252 file would be stored with U+FFFD in place of its accented letters, silently.
 * A U+FFFD in the text is checked against the bytes (the character itself is valid UTF-8).
 */
export async function readUtf8Text(io: FormatIO, path: string): Promise<string> {
  const text = await io.readText(path);
  const at = text.indexOf('\uFFFD');
  if (at < 0) return text;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(await io.readBytes(path));
    return text;
  } catch {
    const line = text.slice(0, at).split('\n').length;
    throw new AssayError(
      'INVALID_INPUT',
      `${path} is not UTF-8 text: line ${line} holds bytes that are not UTF-8.`,
      {
        hint: `Save it as UTF-8 (a Latin-1 or Windows-1252 file: iconv -f windows-1252 -t utf-8 ${path} > utf8-${baseName(path)}), then import that file.`,
        details: { file: path, line },
      },
    );
  }
}
