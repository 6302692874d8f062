import type { Annotation } from '../../model/annotation.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { groupBySample } from '../group-by-sample.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath } from '../paths.js';
import { xmlEscape } from '../xml.js';
import type { LsResult } from './label-studio-result.js';
import type { LsAnnotation, LsPrediction, LsTask } from './label-studio-tasks.js';

/** Control names of written text results; label_config.xml declares the same ones. */
export const LS_TEXT_CONTROLS = { span: 'label', classification: 'choice', text: 'text' } as const;

function resultsOf(a: Annotation, text: string, nextId: () => string, notes: NoteCounter): LsResult[] {
  const common = {
    id: nextId(),
    to_name: LS_TEXT_CONTROLS.text,
    ...(a.score === undefined ? {} : { score: a.score }),
  };
  if (a.kind === 'classification' && a.label !== undefined) {
    if (a.probs) notes.add('class probabilities not written (a Label Studio result has one score)');
    return [
      {
        ...common,
        type: 'choices',
        from_name: LS_TEXT_CONTROLS.classification,
        value: { choices: [a.label] },
      },
    ];
  }
  if (a.kind === 'span' && a.span) {
    const { start, end } = a.span;
    const region: LsResult = {
      ...common,
      type: 'labels',
      from_name: LS_TEXT_CONTROLS.span,
      value: { start, end, text: text.slice(start, end), labels: a.label === undefined ? [] : [a.label] },
    };
    // Attributes as per-region results sharing the region's id, as Label Studio stores them.
    const attributes = Object.entries(a.attributes ?? {}).map(([k, v]) => ({
      id: region.id,
      type: typeof v === 'number' ? 'number' : 'textarea',
      from_name: k,
      to_name: LS_TEXT_CONTROLS.text,
      value: typeof v === 'number' ? { number: v } : { text: [String(v)] },
    }));
    return [region, ...attributes];
  }
  notes.add(`${a.kind} annotations not written (text tasks hold spans and choices)`);
  return [];
}

function groupOf(source: string, result: LsResult[], id: number): LsAnnotation | LsPrediction {
  if (source.startsWith('prediction:')) {
    const scores = result.map((r) => r.score).filter((s): s is number => s !== undefined);
    const score = scores.length > 0 ? scores.reduce((x, y) => x + y, 0) / scores.length : undefined;
    return {
      id,
      model_version: source.slice('prediction:'.length),
      ...(score === undefined ? {} : { score }),
      result,
    };
  }
  if (source === 'ground_truth') return { id, ground_truth: true, was_cancelled: false, result };
  const who = source.slice(source.indexOf(':') + 1);
  return { id, completed_by: { email: who }, ground_truth: false, was_cancelled: false, result };
}

function labelConfig(input: WriteInput): string {
  const kinds = new Set(input.dataset.annotations.map((a) => a.kind));
  const items = (tag: string) =>
    input.dataset.classes.map((c) => `    <${tag} value="${xmlEscape(c.name)}"/>`).join('\n');
  const body = [`  <Text name="${LS_TEXT_CONTROLS.text}" value="$text"/>`];
  if (kinds.has('span') || !kinds.has('classification'))
    body.push(
      `  <Labels name="${LS_TEXT_CONTROLS.span}" toName="${LS_TEXT_CONTROLS.text}">\n${items('Label')}\n  </Labels>`,
    );
  if (kinds.has('classification'))
    body.push(
      `  <Choices name="${LS_TEXT_CONTROLS.classification}" toName="${LS_TEXT_CONTROLS.text}" choice="multiple">\n${items('Choice')}\n  </Choices>`,
    );
  return `<View>\n${body.join('\n')}\n</View>\n`;
}

/**
 * Writes `label-studio.json` (one task per text sample: data.text, meta {key, split, language}; one
 * annotation per human source, completed_by {email: name}; one prediction per model with result
 * scores) and `label_config.xml` (Text, Labels, Choices). Image samples are left out (noted).
 */
export async function writeLabelStudioText(input: WriteInput): Promise<WriteResult> {
  const notes = new NoteCounter();
  const files = [joinPath(input.outDir, 'label-studio.json'), joinPath(input.outDir, 'label_config.xml')];
  const bySample = groupBySample(input.dataset.annotations);
  const tasks: LsTask[] = [];
  let serial = 0;
  let groups = 0;
  let written = 0;
  const nextId = (): string => `r${(++serial).toString(36)}`;
  const ids = new Set<number>();
  for (const s of input.dataset.samples) {
    if (s.kind !== 'text') {
      notes.add('image samples not written (text tasks)');
      continue;
    }
    const text = s.text ?? '';
    const bySource = new Map<string, LsResult[]>();
    for (const a of bySample.get(s.key) ?? []) {
      const list = resultsOf(a, text, nextId, notes);
      if (list.length > 0) written++;
      bySource.set(a.source, [...(bySource.get(a.source) ?? []), ...list]);
    }
    const entries = [...bySource].map(([source, list]) => ({
      source,
      item: groupOf(source, list, ++groups),
    }));
    const meta: Record<string, string> = { key: s.key };
    if (s.split !== undefined) meta.split = s.split;
    if (s.language !== undefined) meta.language = s.language;
    const task: LsTask & { meta: Record<string, string> } = {
      id: typeof s.originalId === 'number' && !ids.has(s.originalId) ? s.originalId : tasks.length + 1,
      data: { text },
      meta,
      annotations: entries
        .filter((e) => !e.source.startsWith('prediction:'))
        .map((e) => e.item as LsAnnotation),
      predictions: entries
        .filter((e) => e.source.startsWith('prediction:'))
        .map((e) => e.item as LsPrediction),
    };
    ids.add(task.id as number);
    tasks.push(task);
  }
  await input.io.writeText(files[0] as string, `${JSON.stringify(tasks, null, 2)}\n`);
  await input.io.writeText(files[1] as string, labelConfig(input));
  return { files, notes: notes.list(), annotations: written };
}
