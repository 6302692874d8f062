import { type XMLParser, XMLValidator } from 'fast-xml-parser';
import { AssayError } from '../errors.js';

/** Deepest element nesting Assay parses (VOC and CVAT files nest about 5 levels). */
export const MAX_XML_DEPTH = 100;

const DOCTYPE_SUBSET = /<!DOCTYPE[^>[]*\[/i;

function unsupportedXml(file: string, what: string, cause?: unknown): AssayError {
  return new AssayError('UNSUPPORTED', `${file} is unsupported XML: ${what}.`, {
    hint: 'Annotation files need no DOCTYPE, entity declarations or deep nesting; re-export the file from the tool that made it.',
    details: { file },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Parses an annotation XML file with `parser` (built with maxNestedTags = MAX_XML_DEPTH). Malformed
 * XML is a PARSE_ERROR (file, line, column, `hint`); a DOCTYPE with declarations (entities: external,
 * parameter, or the quadratic and exponential blow-ups) and nesting deeper than MAX_XML_DEPTH are
 * refused as unsupported XML (UNSUPPORTED), as is anything else the parser gives up on.
 */
export function parseXmlFile(parser: XMLParser, text: string, file: string, hint: string): unknown {
  if (DOCTYPE_SUBSET.test(text) || text.includes('<!ENTITY'))
    throw unsupportedXml(file, 'it declares XML entities in a DOCTYPE, which Assay does not expand');
  assertWellFormedXml(text, file, hint);
  try {
    return parser.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nested tags/i.test(message))
      throw unsupportedXml(file, `elements are nested more than ${MAX_XML_DEPTH} levels deep`, error);
    throw unsupportedXml(file, message, error);
  }
}

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
