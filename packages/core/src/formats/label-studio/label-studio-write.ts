import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath } from '../paths.js';
import { eachSampleAnnotations } from '../sample-annotations.js';
import { xmlEscape } from '../xml.js';
import type { LsResult } from './label-studio-result.js';
import type { LsAnnotation, LsPrediction, LsTask } from './label-studio-tasks.js';

/** Control names the written results use; label_config.xml declares the same ones. */
export const LS_CONTROLS = {
  bbox: 'label',
  polygon: 'polygon',
  keypoints: 'keypoint',
  classification: 'choice',
} as const;

interface Size {
  width: number;
  height: number;
}

const pct = (v: number, of: number): number => (v / of) * 100;

/** Rectangle + named points with parentID (one object), else one point per visible keypoint. */
function keypointResults(
  a: Annotation & { keypoints: number[] },
  size: Size,
  names: readonly string[] | undefined,
  base: (type: string, from: string, value: Record<string, unknown>) => LsResult,
  notes: NoteCounter,
): LsResult[] {
  const kp = a.keypoints;
  const named = names !== undefined && names.length === kp.length / 3 && a.bbox !== undefined;
  const out: LsResult[] = [];
  let parent: string | undefined;
  if (named && a.bbox) {
    const [x, y, w, h] = a.bbox;
    const value = {
      x: pct(x, size.width),
      y: pct(y, size.height),
      width: pct(w, size.width),
      height: pct(h, size.height),
      rotation: 0,
    };
    const rect = base('rectanglelabels', LS_CONTROLS.bbox, {
      ...value,
      rectanglelabels: a.label === undefined ? [] : [a.label],
    });
    parent = rect.id;
    out.push(rect);
  } else if (kp.length > 3) notes.add('keypoint sets whose class names no points written as separate points');
  for (let i = 0; i + 2 < kp.length; i += 3) {
    if ((kp[i + 2] ?? 0) <= 0) continue;
    const [x, y] = [pct(kp[i] ?? 0, size.width), pct(kp[i + 1] ?? 0, size.height)];
    const label = named ? names[i / 3] : a.label;
    const point = base('keypointlabels', LS_CONTROLS.keypoints, {
      x,
      y,
      width: 0.5,
      keypointlabels: label === undefined ? [] : [label],
    });
    out.push(parent === undefined ? point : { ...point, parentID: parent });
  }
  if (kp.some((v, i) => i % 3 === 2 && v === 1)) notes.add('hidden keypoints (v=1) written as placed points');
  return out;
}

function results(
  a: Annotation,
  size: Size | undefined,
  notes: NoteCounter,
  nextId: () => string,
  pointNames?: readonly string[],
): LsResult[] {
  const labels = a.label === undefined ? [] : [a.label];
  const base = (type: string, from: string, value: Record<string, unknown>): LsResult => ({
    id: nextId(),
    type,
    from_name: from,
    ...(size ? { original_width: size.width, original_height: size.height } : {}),
    value,
    ...(a.score === undefined ? {} : { score: a.score }),
  });
  if (a.kind === 'classification')
    return a.label ? [base('choices', LS_CONTROLS.classification, { choices: labels })] : [];
  if (!size) {
    notes.add('annotations on images of unknown size not written');
    return [];
  }
  if (a.kind === 'bbox' && a.bbox) {
    const [x, y, w, h] = a.bbox;
    if (x < 0 || y < 0 || x + w > size.width || y + h > size.height)
      notes.add(
        'boxes reaching past the image edge written as they are (Assay reads them back unchanged; `assay check` reports them as out_of_bounds)',
      );
    const value = {
      x: pct(x, size.width),
      y: pct(y, size.height),
      width: pct(w, size.width),
      height: pct(h, size.height),
      rotation: 0,
    };
    return [base('rectanglelabels', LS_CONTROLS.bbox, { ...value, rectanglelabels: labels })];
  }
  if (a.kind === 'polygon' && a.points) {
    if (a.points.length > 1) notes.add('polygons with several rings written as one result per ring');
    return a.points.map((ring) => {
      const points: number[][] = [];
      for (let i = 0; i + 1 < ring.length; i += 2)
        points.push([pct(ring[i] ?? 0, size.width), pct(ring[i + 1] ?? 0, size.height)]);
      return base('polygonlabels', LS_CONTROLS.polygon, { points, closed: true, polygonlabels: labels });
    });
  }
  if (a.kind === 'keypoints' && a.keypoints)
    return keypointResults({ ...a, keypoints: a.keypoints }, size, pointNames, base, notes);
  notes.add(`${a.kind} annotations not written (no Label Studio result for them)`);
  return [];
}

/**
 * An annotation's attributes as per-region results sharing its (first) region's id, as Label Studio
 * stores per-region controls: text → textarea, number → number, boolean → textarea "true"/"false".
 * `rotation` is the rectangle's own field, not an attribute result.
 */
function attributeResults(a: Annotation, region: LsResult | undefined): LsResult[] {
  if (!region || a.kind === 'classification') return [];
  return Object.entries(a.attributes ?? {})
    .filter(([k]) => k !== 'rotation')
    .map(([k, v]) => ({
      id: region.id,
      type: typeof v === 'number' ? 'number' : 'textarea',
      from_name: k,
      to_name: 'image',
      value: typeof v === 'number' ? { number: v } : { text: [String(v)] },
    }));
}

async function sizeOf(input: WriteInput, s: Sample): Promise<Size | undefined> {
  if (s.width && s.height) return { width: s.width, height: s.height };
  return input.io.imageSize(joinPath(input.imagesRoot, s.key));
}

function annotationsOf(source: string, list: LsResult[], id: number): LsAnnotation | LsPrediction {
  if (source.startsWith('prediction:')) {
    const scores = list.map((r) => r.score).filter((s): s is number => s !== undefined);
    const score = scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined;
    return {
      id,
      model_version: source.slice('prediction:'.length),
      ...(score === undefined ? {} : { score }),
      result: list,
    };
  }
  if (source === 'ground_truth') return { id, ground_truth: true, was_cancelled: false, result: list };
  const who = source.slice(source.indexOf(':') + 1);
  return {
    id,
    completed_by: /^\d+$/.test(who) ? Number(who) : who,
    ground_truth: false,
    was_cancelled: false,
    result: list,
  };
}

function labelConfig(input: WriteInput, kinds: ReadonlySet<string>): string {
  const names = input.dataset.classes.map((c) => c.name);
  const points = [...new Set([...names, ...input.dataset.classes.flatMap((c) => c.keypoints ?? [])])];
  const items = (tag: string): string =>
    (tag === 'Point' ? points : names)
      .map((n) => `    <${tag === 'Point' ? 'Label' : tag} value="${xmlEscape(n)}"/>`)
      .join('\n');
  const controls = [
    ['bbox', 'RectangleLabels', LS_CONTROLS.bbox, 'Label'],
    ['polygon', 'PolygonLabels', LS_CONTROLS.polygon, 'Label'],
    ['keypoints', 'KeyPointLabels', LS_CONTROLS.keypoints, 'Point'],
    ['classification', 'Choices', LS_CONTROLS.classification, 'Choice'],
  ] as const;
  const body = controls
    .filter(([kind]) => kinds.has(kind) || (kind === 'bbox' && (kinds.size === 0 || kinds.has('keypoints'))))
    .map(([, tag, name, item]) => `  <${tag} name="${name}" toName="image">\n${items(item)}\n  </${tag}>`);
  return `<View>\n  <Image name="image" value="$image"/>\n${body.join('\n')}\n</View>\n`;
}

/**
 * Writes `label-studio.json` (tasks: data.image = the sample key, one annotation per human source, one
 * prediction per model with result scores; percentages from the sample size) and `label_config.xml`.
 * Images are copied to images/<key> unless images is 'none'. Polylines and masks are not written; splits
 * are not written (a task has none: noted); attributes are per-region results (attributeResults).
 */
export async function writeLabelStudio(input: WriteInput): Promise<WriteResult> {
  const notes = new NoteCounter();
  const files = [joinPath(input.outDir, 'label-studio.json'), joinPath(input.outDir, 'label_config.xml')];
  let serial = 0;
  let groups = 0;
  let written = 0;
  const nextId = (): string => `r${(++serial).toString(36)}`;
  const pointNames = new Map(
    input.dataset.classes.flatMap((c) => (c.keypoints ? [[c.name, c.keypoints]] : [])),
  );
  // Kinds for label_config.xml: of the dataset's annotations, or (from a project in batches) of those written.
  const kinds = new Set(input.dataset.annotations.map((a) => a.kind));
  let splits = false;
  /** One task as JSON.stringify(tasks, null, 2) writes it inside the list (indented one level). */
  const taskText = (task: LsTask) => JSON.stringify(task, null, 2).replaceAll('\n', '\n  ');
  async function* json(): AsyncGenerator<string> {
    let i = 0;
    let parts: string[] = [];
    // Samples with their annotations: from the project in batches on export (the file written as made).
    for await (const { sample: s, annotations } of eachSampleAnnotations(input)) {
      if (s.split) splits = true;
      const size = await sizeOf(input, s);
      const bySource = new Map<string, LsResult[]>();
      for (const a of annotations) {
        if (input.batches) kinds.add(a.kind);
        const list = results(a, size, notes, nextId, pointNames.get(a.label ?? ''));
        if (list.length > 0) written++;
        list.push(...attributeResults(a, list[0]));
        bySource.set(a.source, [...(bySource.get(a.source) ?? []), ...list]);
      }
      const entries = [...bySource].map(([source, list]) => ({
        source,
        item: annotationsOf(source, list, ++groups),
      }));
      const task: LsTask = {
        id: i + 1,
        data: { image: s.key },
        annotations: entries
          .filter((e) => !e.source.startsWith('prediction:'))
          .map((e) => e.item as LsAnnotation),
        predictions: entries
          .filter((e) => e.source.startsWith('prediction:'))
          .map((e) => e.item as LsPrediction),
      };
      parts.push(`${i === 0 ? '[\n  ' : ',\n  '}${taskText(task)}`);
      if (parts.length === TASKS_PER_CHUNK) {
        yield parts.join('');
        parts = [];
      }
      i++;
      if (input.images === 'none') continue;
      const from = joinPath(input.imagesRoot, s.key);
      if (!(await input.io.exists(from))) notes.add('image files not found, not copied');
      else await input.io.copyFile(from, joinPath(input.outDir, 'images', s.key));
    }
    parts.push(i === 0 ? '[]\n' : '\n]\n');
    yield parts.join('');
  }
  await input.io.writeTextChunks(files[0] as string, json());
  if (splits)
    notes.add('splits not written (Label Studio tasks have no split; import with --split to set one)');
  await input.io.writeText(files[1] as string, labelConfig(input, kinds));
  return { files, notes: notes.list(), annotations: written };
}

/** Tasks per piece of label-studio.json handed to the writer. */
const TASKS_PER_CHUNK = 256;
