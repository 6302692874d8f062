import { XMLParser } from 'fast-xml-parser';
import { AssayError } from '../../errors.js';
import { MAX_XML_DEPTH, parseXmlFile } from '../xml.js';

/** One parsed XML element: attributes under `@_name`, text under `#text`, children by tag name. */
export type XmlNode = Record<string, unknown>;

/** Tags that may repeat anywhere in a CVAT file, so they are always parsed as arrays. */
const REPEATED = new Set([
  'image',
  'track',
  'label',
  'attribute',
  'task',
  'box',
  'polygon',
  'polyline',
  'points',
  'tag',
  'mask',
  'skeleton',
  'ellipse',
  'cuboid',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  maxNestedTags: MAX_XML_DEPTH,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});

/** Parses CVAT XML; malformed XML is a PARSE_ERROR naming the file and line. Returns `<annotations>`. */
export function parseCvatXml(text: string, file: string): XmlNode {
  const doc = parseXmlFile(
    parser,
    text,
    file,
    'The file may be truncated or hand-edited; re-export it from CVAT ("CVAT for images 1.1").',
  ) as XmlNode;
  const root = doc.annotations;
  if (root === undefined || typeof root !== 'object' || root === null) {
    throw new AssayError('PARSE_ERROR', `${file} has no <annotations> root element.`, {
      hint: 'Expected a CVAT for images 1.1 export (annotations.xml).',
      details: { file },
    });
  }
  return root as XmlNode;
}

/** An attribute of an element, or undefined. */
export function xmlAttr(node: XmlNode, name: string): string | undefined {
  const v = node[`@_${name}`];
  return v === undefined || v === null ? undefined : String(v);
}

/** Child elements with a tag (always a list). */
export function xmlChildren(node: XmlNode | undefined, tag: string): XmlNode[] {
  const v = node?.[tag];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item) =>
    typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item },
  );
}

/** The first child element with a tag, or undefined. */
export function xmlChild(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  return xmlChildren(node, tag)[0];
}

/** Text content of an element or of a child element. */
export function xmlText(node: XmlNode | undefined, tag?: string): string {
  const target = tag === undefined ? node : node?.[tag];
  if (target === undefined || target === null) return '';
  if (typeof target !== 'object') return String(target);
  const first = Array.isArray(target) ? target[0] : target;
  if (typeof first !== 'object' || first === null) return String(first ?? '');
  const text = (first as XmlNode)['#text'];
  return text === undefined ? '' : String(text);
}
