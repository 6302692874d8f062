import type { AttributeValue } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { ProblemList } from '../problems.js';
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
  /** `<type>` (rectangle, polygon, skeleton, points, any...), when given. */
  type?: string;
  /** A skeleton's point labels, in `<meta>` order (labels whose `<parent>` names this one). */
  points?: string[];
}

/** What `<meta>` says of a video task (CVAT for video): frame count, frame size. */
export interface CvatVideoMeta {
  size?: number;
  startFrame?: number;
  stopFrame?: number;
  /** `step=N` of `<frame_filter>` (1 when absent). */
  step: number;
  width?: number;
  height?: number;
}

/** One `<task>` of a project's `<meta><project><tasks>`: its id, subset and frames. */
export interface CvatProjectTask extends CvatVideoMeta {
  id: string;
  name: string;
  /** `<subset>` (CVAT writes `default` for a task without one). */
  subset: string;
}

export interface CvatMeta {
  /** Where the labels came from: a task, a project (images carry `subset`), a job, or no meta. */
  scope: 'task' | 'project' | 'job' | 'none';
  /** Labels in the order `<meta>` lists them (a skeleton's point labels only in its `points`). */
  labels: CvatLabelSpec[];
  video: CvatVideoMeta;
  /** A project export's tasks, in the order `<meta>` lists them (CVAT: by subset, then id). */
  tasks: CvatProjectTask[];
}

function readLabel(node: XmlNode): (CvatLabelSpec & { parent?: string }) | undefined {
  const name = xmlText(node, 'name');
  if (name.length === 0) return undefined;
  const type = xmlText(node, 'type');
  const parent = xmlText(node, 'parent');
  const attributes = new Map<string, CvatAttributeSpec>();
  for (const a of xmlChildren(xmlChild(node, 'attributes'), 'attribute')) {
    const attrName = xmlText(a, 'name');
    if (attrName) attributes.set(attrName, { name: attrName, inputType: xmlText(a, 'input_type') || 'text' });
  }
  return { name, attributes, ...(type ? { type } : {}), ...(parent ? { parent } : {}) };
}

function numberIn(node: XmlNode | undefined, tag: string): number | undefined {
  const text = xmlText(node, tag).trim();
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : undefined;
}

function readVideo(holder: XmlNode): CvatVideoMeta {
  const size = xmlChild(holder, 'original_size');
  const out: CvatVideoMeta = {
    step: Number(/step\s*=\s*(\d+)/.exec(xmlText(holder, 'frame_filter'))?.[1] ?? 1) || 1,
  };
  const fields = [
    ['size', numberIn(holder, 'size')],
    ['startFrame', numberIn(holder, 'start_frame')],
    ['stopFrame', numberIn(holder, 'stop_frame')],
    ['width', numberIn(size, 'width')],
    ['height', numberIn(size, 'height')],
  ] as const;
  for (const [k, v] of fields) if (v !== undefined) out[k] = v;
  return out;
}

/** Reads the label list of `<meta><task|project|job>`; a file without `<meta>` has scope `none`. */
export function readCvatMeta(root: XmlNode): CvatMeta {
  const meta = xmlChild(root, 'meta');
  for (const scope of ['project', 'task', 'job'] as const) {
    const holder = xmlChild(meta, scope);
    if (holder === undefined) continue;
    const all = xmlChildren(xmlChild(holder, 'labels'), 'label')
      .map(readLabel)
      .filter((l) => l !== undefined);
    const labels: CvatLabelSpec[] = [];
    for (const { parent, ...label } of all) {
      if (parent === undefined) labels.push(label);
    }
    for (const { parent, name } of all) {
      const owner = labels.find((l) => l.name === parent);
      if (owner) owner.points = [...(owner.points ?? []), name];
    }
    const tasks = xmlChildren(xmlChild(holder, 'tasks'), 'task').map((t) => ({
      ...readVideo(t),
      id: xmlText(t, 'id').trim(),
      name: xmlText(t, 'name'),
      subset: xmlText(t, 'subset').trim() || 'default',
    }));
    return { scope, labels, video: readVideo(holder), tasks };
  }
  return { scope: 'none', labels: [], video: { step: 1 }, tasks: [] };
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

/**
 * Makes sure `label` is a class: a label the file's `<meta>` does not declare (CVAT's documentation
 * example, files written by hand or by other tools) becomes a class of its own, and is remembered in
 * `state.undeclared` (with where it was first met) for one warning naming them all. An empty label passes.
 */
export function acceptLabel(
  label: string,
  meta: CvatMeta,
  state: {
    classes: Map<string, ClassDef>;
    undeclared: Map<string, { file: string; record: string }>;
  },
  where: { file: string; record: string },
): void {
  if (!label || state.classes.has(label)) return;
  if (meta.labels.length > 0) state.undeclared.set(label, { file: where.file, record: where.record });
  state.classes.set(label, { name: label });
}

/** One warning per file naming the labels its `<meta>` does not declare, read as classes of their own. */
export function warnUndeclared(
  undeclared: ReadonlyMap<string, { file: string; record: string }>,
  problems: ProblemList,
): void {
  const byFile = new Map<string, { labels: string[]; record: string }>();
  for (const [label, { file, record }] of undeclared) {
    const entry = byFile.get(file);
    if (entry) entry.labels.push(label);
    else byFile.set(file, { labels: [label], record });
  }
  for (const [file, { labels, record }] of byFile) {
    const names = labels.map((l) => `"${l}"`).join(', ');
    problems.warn(
      file,
      record,
      `${labels.length === 1 ? `label ${names} is` : `labels ${names} are`} not declared in <meta>; read as ${labels.length === 1 ? 'a class' : 'classes'} of ${labels.length === 1 ? 'its' : 'their'} own (the first at this record)`,
      "CVAT declares every label of a task; add them to the task's labels before importing the file into CVAT.",
    );
  }
}
