/**
 * The one place human output is made safe for a terminal. File names, class names and attributes come
 * from the user's data and may hold control characters: an ANSI escape can recolour, clear or retitle
 * the terminal, a carriage return or newline can forge a line of output ("✔ plan passed"), and the
 * Unicode bidirectional controls can reorder what is shown. Each such character is shown as a visible
 * escape instead (`\x1b`, `\r`, `\n`, `\u202e`). JSON output is never passed through here: it stays exact.
 *
 * Escaped: C0 controls (U+0000–U+001F) but the newline when `keepNewlines`, DEL and C1 controls
 * (U+007F–U+009F), the line and paragraph separators (U+2028, U+2029), and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). Tabs are escaped too: they
 * would break a table's alignment.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every unsafe character shown as an escape; newlines kept only when asked. */
export function terminalSafe(text: string, options: { keepNewlines?: boolean } = {}): string {
  const pattern = options.keepNewlines ? UNSAFE : UNSAFE_OR_NEWLINE;
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, escapeChar) : text;
}
