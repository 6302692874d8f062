import type { AttributeValue } from '../../model/annotation.js';
import { type XmlNode, xmlChild, xmlChildren, xmlText } from './cvat-xml.js';

/** An attribute a CVAT label declares in `<meta>`: its input kind decides how values are typed. */
export interface CvatAttributeSpec {
  name: string;
  /** checkbox, radio, select, number or text. */
  inputType: string;
}

export interface CvatLabelSpec {
  name: string;
  attributes: Map<string, CvatAttributeSpec>;
}

export interface CvatMeta {
  /** Where the labels came from: a task, a project (images carry `subset`), a job, or no meta. */
  scope: 'task' | 'project' | 'job' | 'none';
  /** Labels in the order `<meta>` lists them. */
  labels: CvatLabelSpec[];
}

function readLabel(node: XmlNode): CvatLabelSpec | undefined {
  const name = xmlText(node, 'name');
  if (name.length === 0) return undefined;
  const attributes = new Map<string, CvatAttributeSpec>();
  for (const a of xmlChildren(xmlChild(node, 'attributes'), 'attribute')) {
    const attrName = xmlText(a, 'name');
    if (attrName) attributes.set(attrName, { name: attrName, inputType: xmlText(a, 'input_type') || 'text' });
  }
  return { name, attributes };
}

/** Reads the label list of `<meta><task|project|job>`; a file without `<meta>` has scope `none`. */
export function readCvatMeta(root: XmlNode): CvatMeta {
  const meta = xmlChild(root, 'meta');
  for (const scope of ['project', 'task', 'job'] as const) {
    const holder = xmlChild(meta, scope);
    if (holder === undefined) continue;
    const labels = xmlChildren(xmlChild(holder, 'labels'), 'label')
      .map(readLabel)
      .filter((l): l is CvatLabelSpec => l !== undefined);
    return { scope, labels };
  }
  return { scope: 'none', labels: [] };
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Types an attribute value: `checkbox` → boolean, `number` → number, other declared kinds stay text
 * ("0003" stays "0003"). Undeclared attributes become a number or boolean only when the text clearly
 * is one (`12`, `-5.6`, `true`), else text.
 */
export function typedAttribute(text: string, spec?: CvatAttributeSpec): AttributeValue {
  const t = text.trim();
  if (spec?.inputType === 'checkbox') return t.toLowerCase() === 'true' || t === '1';
  if (spec?.inputType === 'number') {
    const n = Number(t);
    return t.length > 0 && Number.isFinite(n) ? n : text;
  }
  if (spec !== undefined) return text;
  if (t === 'true' || t === 'false') return t === 'true';
  return NUMBER.test(t) ? Number(t) : text;
}

/** The CVAT input type that carries a value of this type (for writing `<meta>`). */
export function inputTypeOf(value: AttributeValue): string {
  if (typeof value === 'boolean') return 'checkbox';
  if (typeof value === 'number') return 'number';
  return 'text';
}
