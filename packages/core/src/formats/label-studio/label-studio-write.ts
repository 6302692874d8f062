import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { groupBySample } from '../group-by-sample.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath } from '../paths.js';
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

function results(
  a: Annotation,
  size: Size | undefined,
  notes: NoteCounter,
  nextId: () => string,
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
  if (a.kind === 'keypoints' && a.keypoints) {
    const out: LsResult[] = [];
    for (let i = 0; i + 2 < a.keypoints.length; i += 3) {
      if ((a.keypoints[i + 2] ?? 0) <= 0) continue;
      const [x, y] = [pct(a.keypoints[i] ?? 0, size.width), pct(a.keypoints[i + 1] ?? 0, size.height)];
      out.push(base('keypointlabels', LS_CONTROLS.keypoints, { x, y, width: 0.5, keypointlabels: labels }));
    }
    notes.add('keypoint sets written as separate keypoints');
    return out;
  }
  notes.add(`${a.kind} annotations not written (no Label Studio result for them)`);
  return [];
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

function labelConfig(input: WriteInput): string {
  const kinds = new Set(input.dataset.annotations.map((a) => a.kind));
  const names = input.dataset.classes.map((c) => c.name);
  const items = (tag: string): string => names.map((n) => `    <${tag} value="${xmlEscape(n)}"/>`).join('\n');
  const controls = [
    ['bbox', 'RectangleLabels', LS_CONTROLS.bbox, 'Label'],
    ['polygon', 'PolygonLabels', LS_CONTROLS.polygon, 'Label'],
    ['keypoints', 'KeyPointLabels', LS_CONTROLS.keypoints, 'Label'],
    ['classification', 'Choices', LS_CONTROLS.classification, 'Choice'],
  ] as const;
  const body = controls
    .filter(([kind]) => kinds.has(kind) || (kind === 'bbox' && kinds.size === 0))
    .map(([, tag, name, item]) => `  <${tag} name="${name}" toName="image">\n${items(item)}\n  </${tag}>`);
  return `<View>\n  <Image name="image" value="$image"/>\n${body.join('\n')}\n</View>\n`;
}

/**
 * Writes `label-studio.json` (tasks: data.image = the sample key, one annotation per human source, one
 * prediction per model with result scores; percentages from the sample size) and `label_config.xml`.
 * Images are copied to images/<key> unless images is 'none'. Polylines and masks are not written.
 */
export async function writeLabelStudio(input: WriteInput): Promise<WriteResult> {
  const notes = new NoteCounter();
  const files = [joinPath(input.outDir, 'label-studio.json'), joinPath(input.outDir, 'label_config.xml')];
  const bySample = groupBySample(input.dataset.annotations);
  const tasks: LsTask[] = [];
  let serial = 0;
  let groups = 0;
  let written = 0;
  const nextId = (): string => `r${(++serial).toString(36)}`;
  for (const [i, s] of input.dataset.samples.entries()) {
    const size = await sizeOf(input, s);
    const bySource = new Map<string, LsResult[]>();
    for (const a of bySample.get(s.key) ?? []) {
      const list = results(a, size, notes, nextId);
      if (list.length > 0) written++;
      bySource.set(a.source, [...(bySource.get(a.source) ?? []), ...list]);
    }
    const entries = [...bySource].map(([source, list]) => ({
      source,
      item: annotationsOf(source, list, ++groups),
    }));
    tasks.push({
      id: i + 1,
      data: { image: s.key },
      annotations: entries
        .filter((e) => !e.source.startsWith('prediction:'))
        .map((e) => e.item as LsAnnotation),
      predictions: entries
        .filter((e) => e.source.startsWith('prediction:'))
        .map((e) => e.item as LsPrediction),
    });
    if (input.images === 'none') continue;
    const from = joinPath(input.imagesRoot, s.key);
    if (!(await input.io.exists(from))) notes.add('image files not found, not copied');
    else await input.io.copyFile(from, joinPath(input.outDir, 'images', s.key));
  }
  await input.io.writeText(files[0] as string, `${JSON.stringify(tasks, null, 2)}\n`);
  await input.io.writeText(files[1] as string, labelConfig(input));
  return { files, notes: notes.list(), annotations: written };
}
