import { XMLParser } from 'fast-xml-parser';
import { MAX_XML_DEPTH, parseXmlFile } from '../xml.js';

/** An XML element as fast-xml-parser gives it (attributes ignored, values kept as text). */
export type XmlNode = string | { [tag: string]: XmlNode | XmlNode[] | undefined };

/** Elements that may repeat, so they are always arrays (one <object> is still a list). */
const REPEATED = new Set([
  'annotation.object',
  'annotation.object.part',
  'annotation.object.attributes.attribute',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  maxNestedTags: MAX_XML_DEPTH,
  isArray: (_name, jpath) => REPEATED.has(String(jpath)),
});

/**
 * Parses one VOC annotation file. Malformed XML throws PARSE_ERROR naming the file and line; a
 * well-formed file whose root is not <annotation> returns undefined (the caller decides).
 */
export function parseVocXml(text: string, file: string): XmlNode | undefined {
  const doc = parseXmlFile(
    parser,
    text,
    file,
    'The file is damaged or truncated; re-export it or fix the XML at that line.',
  ) as Record<string, XmlNode>;
  const root = doc.annotation;
  if (root === '') return {};
  return root === undefined || typeof root === 'string' ? undefined : root;
}

/** Trimmed text of a leaf element, or undefined when it is absent or not a leaf. */
export function xmlText(node: XmlNode | XmlNode[] | undefined): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return undefined;
}

/** Child element by tag (undefined when absent or when the node is a leaf). */
export function xmlChild(
  node: XmlNode | XmlNode[] | undefined,
  tag: string,
): XmlNode | XmlNode[] | undefined {
  return node !== undefined && typeof node === 'object' && !Array.isArray(node) ? node[tag] : undefined;
}

export function xmlList(node: XmlNode | XmlNode[] | undefined): XmlNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** Leaf children of an element as [tag, text] pairs (for <actions>). */
export function xmlLeaves(node: XmlNode | XmlNode[] | undefined): [string, string][] {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return [];
  return Object.entries(node).flatMap(([tag, value]) => {
    const text = xmlText(value);
    return text === undefined ? [] : [[tag, text] as [string, string]];
  });
}
