import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath } from '../paths.js';
import { pickWriteSourceOf } from '../pick-write-source.js';
import { eachSampleAnnotations } from '../sample-annotations.js';
import { xmlEscape } from '../xml.js';
import { cvatMaskFromRle } from './cvat-mask.js';
import { inputTypeOf } from './cvat-meta.js';

const fmt = (v: number): string => String(Number(v.toFixed(4)));
const SHAPE_FIELDS = new Set(['occluded', 'z_order', 'group_id']);

function attributesOf(a: Annotation): Record<string, AttributeValue> {
  const attrs: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(a.attributes ?? {})) if (!SHAPE_FIELDS.has(k)) attrs[k] = v;
  if (a.score !== undefined) attrs.score = a.score;
  return attrs;
}

function shapeXml(tag: string, a: Annotation, fields: string): string {
  const label = xmlEscape(a.label ?? '');
  const extra = a.kind === 'classification' ? '' : shapeFields(a);
  const children = Object.entries(attributesOf(a))
    .map(([k, v]) => `\n      <attribute name="${xmlEscape(k)}">${xmlEscape(String(v))}</attribute>`)
    .join('');
  const body = children ? `>${children}\n    </${tag}>` : '/>';
  return `    <${tag} label="${label}"${extra}${fields}${body}`;
}

/** A keypoints annotation of a class with point names as a CVAT `<skeleton>` (v=0 → outside, 1 → occluded). */
function skeletonXml(a: Annotation, kp: number[], names: readonly string[]): string {
  const points = names.map((name, i) => {
    const v = kp[i * 3 + 2] ?? 0;
    const xy = `${fmt(kp[i * 3] ?? 0)},${fmt(kp[i * 3 + 1] ?? 0)}`;
    return `\n      <points label="${xmlEscape(name)}" source="manual" outside="${v === 0 ? 1 : 0}" occluded="${v === 1 ? 1 : 0}" points="${xy}"/>`;
  });
  const xml = shapeXml('skeleton', a, '');
  const open = xml.endsWith('/>') ? `${xml.slice(0, -2)}>` : xml.slice(0, xml.indexOf('>\n') + 1);
  const rest = xml.endsWith('/>') ? '\n    </skeleton>' : xml.slice(xml.indexOf('>\n') + 1);
  return `${open}${points.join('')}${rest}`;
}

function shapeFields(a: Annotation): string {
  const attrs = a.attributes ?? {};
  const z = typeof attrs.z_order === 'number' ? attrs.z_order : 0;
  const group = typeof attrs.group_id === 'number' ? ` group_id="${attrs.group_id}"` : '';
  // CVAT marks shapes a model made `auto` (its auto-annotation does): pre-annotations stay told apart.
  const origin = a.source.startsWith('prediction:') ? 'auto' : 'manual';
  return ` source="${origin}" occluded="${attrs.occluded === true ? 1 : 0}" z_order="${z}"${group}`;
}

const pointsText = (flat: number[], stride = 2): string => {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += stride)
    pairs.push(`${fmt(flat[i] ?? 0)},${fmt(flat[i + 1] ?? 0)}`);
  return pairs.join(';');
};

/**
 * The XML of one annotation; notes what CVAT cannot hold. A polygon with several rings becomes one
 * shape per ring sharing a `group_id` (CVAT's way of tying shapes of one object together).
 */
export function annotationXml(
  a: Annotation,
  notes: NoteCounter,
  nextGroup: () => number,
  pointNames?: readonly string[],
): string[] {
  if (a.kind === 'classification') return [shapeXml('tag', a, '')];
  if (a.kind === 'keypoints' && a.keypoints && pointNames?.length === a.keypoints.length / 3) {
    notes.add('keypoint boxes not written (a CVAT skeleton has none: read back as the extent of the points)');
    return [skeletonXml(a, a.keypoints, pointNames)];
  }
  if (a.kind === 'bbox' && a.bbox) {
    const [x, y, w, h] = a.bbox;
    return [shapeXml('box', a, ` xtl="${fmt(x)}" ytl="${fmt(y)}" xbr="${fmt(x + w)}" ybr="${fmt(y + h)}"`)];
  }
  if ((a.kind === 'polygon' || a.kind === 'polyline') && a.points?.length) {
    if (a.kind === 'polyline' && a.points.length > 1)
      notes.add('polylines with several lines: only the first line written');
    const rings = a.kind === 'polygon' ? a.points : a.points.slice(0, 1);
    if (rings.length === 1) return [shapeXml(a.kind, a, ` points="${pointsText(rings[0]!)}"`)];
    notes.add('polygons with several rings written as one shape per ring, grouped by group_id');
    const group = ` group_id="${nextGroup()}"`;
    const plain = { ...a, attributes: { ...a.attributes } };
    delete plain.attributes.group_id;
    return rings.map((ring) => shapeXml(a.kind, plain, ` points="${pointsText(ring)}"${group}`));
  }
  if (a.kind === 'keypoints' && a.keypoints) {
    const visible: number[] = [];
    for (let i = 0; i + 2 < a.keypoints.length; i += 3) {
      if ((a.keypoints[i + 2] ?? 0) > 0) visible.push(a.keypoints[i] ?? 0, a.keypoints[i + 1] ?? 0);
    }
    if (visible.length * 3 < a.keypoints.length * 2)
      notes.add('keypoint sets with unlabeled (v=0) points: those points dropped');
    notes.add('keypoint boxes not written (CVAT points have none: read back as the extent of the points)');
    return visible.length > 0 ? [shapeXml('points', a, ` points="${pointsText(visible)}"`)] : [];
  }
  if (a.kind === 'mask' && a.mask) {
    const m = cvatMaskFromRle(a.mask);
    if (m === undefined) return [];
    const fields = ` rle="${m.rle.join(', ')}" left="${m.left}" top="${m.top}" width="${m.width}" height="${m.height}"`;
    return [shapeXml('mask', a, fields)];
  }
  notes.add(`${a.kind} annotations with no geometry skipped`);
  return [];
}

/** What the <meta> block needs of one source's annotations: labels and attribute types, first seen first. */
class LabelSurvey {
  readonly labels: string[] = [];
  private readonly seen = new Set<string>();
  readonly specsByLabel = new Map<string, Map<string, string>>();
  add(a: Annotation): void {
    if (a.label === undefined) return;
    if (!this.seen.has(a.label)) {
      this.seen.add(a.label);
      this.labels.push(a.label);
    }
    let specs = this.specsByLabel.get(a.label);
    if (!specs) this.specsByLabel.set(a.label, (specs = new Map()));
    for (const [k, v] of Object.entries(attributesOf(a))) if (!specs.has(k)) specs.set(k, inputTypeOf(v));
  }
}

function metaXml(input: WriteInput, survey: LabelSurvey, size: number): string {
  const names = input.dataset.classes.map((c) => c.name);
  for (const label of survey.labels) if (!names.includes(label)) names.push(label);
  const { specsByLabel } = survey;
  const labels = names.map((name) => {
    const specs = specsByLabel.get(name) ?? new Map<string, string>();
    const attrs = [...specs].map(
      ([k, t]) =>
        `\n            <attribute>\n              <name>${xmlEscape(k)}</name>\n              <mutable>False</mutable>\n              <input_type>${t}</input_type>\n              <default_value>${t === 'checkbox' ? 'false' : ''}</default_value>\n              <values>${t === 'checkbox' ? 'false\ntrue' : ''}</values>\n            </attribute>`,
    );
    const points = input.dataset.classes.find((c) => c.name === name)?.keypoints;
    const type = points ? 'skeleton' : 'any';
    const own = `        <label>\n          <name>${xmlEscape(name)}</name>\n          <type>${type}</type>\n          <attributes>${attrs.join('')}\n          </attributes>\n        </label>`;
    const subs = (points ?? []).map(
      (p) =>
        `        <label>\n          <name>${xmlEscape(p)}</name>\n          <type>points</type>\n          <attributes>\n          </attributes>\n          <parent>${xmlEscape(name)}</parent>\n        </label>`,
    );
    return [own, ...subs].join('\n');
  });
  return `  <meta>\n    <task>\n      <name>assay export</name>\n      <size>${size}</size>\n      <mode>annotation</mode>\n      <labels>\n${labels.join('\n')}\n      </labels>\n    </task>\n  </meta>`;
}

async function sampleSize(input: WriteInput, s: Sample): Promise<{ width?: number; height?: number }> {
  if (s.width !== undefined && s.height !== undefined) return { width: s.width, height: s.height };
  return (await input.io.imageSize(joinPath(input.imagesRoot, s.key))) ?? {};
}

/** Every annotation to write, a batch at a time: from the project on export, else the dataset's. */
async function* annotationLists(input: WriteInput): AsyncGenerator<readonly Annotation[]> {
  if (input.batches) yield* input.batches.annotations();
  else yield input.dataset.annotations;
}

/** How many samples the export writes. */
async function sampleCount(input: WriteInput): Promise<number> {
  if (!input.batches) return input.dataset.samples.length;
  let n = 0;
  for await (const batch of input.batches.samples()) n += batch.length;
  return n;
}

/** Images per piece of annotations.xml handed to the writer. */
const IMAGES_PER_CHUNK = 512;

/**
 * Writes `annotations.xml` (CVAT for images 1.1) and, unless images is 'none', images/<key>. On export the
 * samples and annotations come from the project in batches and the file is written as it is made: a pass
 * for the sources, labels and attributes of <meta>, then one over the samples with their annotations.
 */
export async function writeCvat(input: WriteInput): Promise<WriteResult> {
  const surveys = new Map<string, LabelSurvey>();
  for await (const list of annotationLists(input))
    for (const a of list) {
      let survey = surveys.get(a.source);
      if (!survey) surveys.set(a.source, (survey = new LabelSurvey()));
      survey.add(a);
    }
  const picked = pickWriteSourceOf(surveys.keys());
  const notes = new NoteCounter();
  for (const note of picked.notes) notes.add(note);
  let group = 0;
  const nextGroup = () => ++group;
  let written = 0;
  const pointNames = new Map(
    input.dataset.classes.flatMap((c) => (c.keypoints ? [[c.name, c.keypoints]] : [])),
  );
  const files = [joinPath(input.outDir, 'annotations.xml')];
  const meta = metaXml(
    input,
    surveys.get(picked.source ?? '') ?? new LabelSurvey(),
    await sampleCount(input),
  );
  async function* xml(): AsyncGenerator<string> {
    yield `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n${meta}\n`;
    let i = 0;
    let images: string[] = [];
    for await (const { sample: s, annotations } of eachSampleAnnotations(input)) {
      const { width, height } = await sampleSize(input, s);
      if (width === undefined) notes.add('images of unknown size written as 0x0');
      const subset = s.split ? ` subset="${xmlEscape(s.split)}"` : '';
      const shapes = annotations.flatMap((a) => {
        if (a.source !== picked.source) return [];
        const xml = annotationXml(a, notes, nextGroup, pointNames.get(a.label ?? ''));
        if (xml.length > 0) written++;
        return xml;
      });
      const head = `  <image id="${i}" name="${xmlEscape(s.key)}" width="${width ?? 0}" height="${height ?? 0}"${subset}`;
      images.push(shapes.length > 0 ? `${head}>\n${shapes.join('\n')}\n  </image>` : `${head}/>`);
      if (images.length === IMAGES_PER_CHUNK) {
        yield `${i >= IMAGES_PER_CHUNK ? '\n' : ''}${images.join('\n')}`;
        images = [];
      }
      i++;
      if (input.images === 'none') continue;
      const from = joinPath(input.imagesRoot, s.key);
      if (!(await input.io.exists(from))) {
        notes.add('image files not found, not copied');
        continue;
      }
      const to = joinPath(input.outDir, 'images', s.key);
      await input.io.copyFile(from, to);
      files.push(to);
    }
    if (images.length > 0) yield `${i > images.length ? '\n' : ''}${images.join('\n')}`;
    yield '\n</annotations>\n';
  }
  await input.io.writeTextChunks(files[0] as string, xml());
  return { files, notes: notes.list(), annotations: written };
}
