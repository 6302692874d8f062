import { XMLValidator } from 'fast-xml-parser';
import { AssayError } from '../errors.js';

/** Refuses malformed XML with a PARSE_ERROR naming the file, line and column, and the given hint. */
export function assertWellFormedXml(text: string, file: string, hint: string): void {
  const valid = XMLValidator.validate(text);
  if (valid === true) return;
  const { line, col, msg } = valid.err;
  const where = col ? `line ${line}, column ${col}` : `line ${line}`;
  throw new AssayError('PARSE_ERROR', `${file} is not well-formed XML (${where}): ${msg}`, {
    hint,
    details: { file, line, column: col },
  });
}

/** Escapes text for an XML attribute or element body. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
