import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { NoteCounter } from '../note-counter.js';
import { baseName, dirName, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { sourcePart } from './label-studio-key.js';
import { PickRule } from './label-studio-pick.js';
import { jsonFiles } from './label-studio-read.js';
import { type LsResult, PER_REGION_TYPES, perRegionValue, resultLabels } from './label-studio-result.js';
import { validTask } from './label-studio-schema.js';
import { annotatorOf, type LsTask, parseJsonFile, tasksOf, textFieldOf } from './label-studio-tasks.js';
import { labelStudioSpan } from './label-studio-text-span.js';

interface TextState {
  file: string;
  classes: Map<string, ClassDef>;
  annotations: Annotation[];
  problems: ProblemList;
  notes: NoteCounter;
}

function addClass(state: TextState, label: string): void {
  if (!state.classes.has(label)) state.classes.set(label, { name: label });
}

/** One annotation's or prediction's results on one text sample: spans, choices, per-region values. */
function readResults(
  sample: Sample,
  source: string,
  results: readonly LsResult[],
  record: string,
  state: TextState,
  groupScore: number | undefined,
): void {
  const text = sample.text ?? '';
  const regions = new Map<string, Annotation[]>();
  const spanIds = new Set(results.filter((r) => r.type?.endsWith('labels')).map((r) => r.id));
  const perRegion: LsResult[] = [];
  for (const r of results) {
    const where = `${record} result ${r.id ?? ''} (${r.type ?? 'no type'})`;
    const score = typeof r.score === 'number' && Number.isFinite(r.score) ? r.score : groupScore;
    const base = { sample: sample.key, source, ...(score === undefined ? {} : { score }) };
    if (r.id !== undefined && spanIds.has(r.id) && PER_REGION_TYPES.has(r.type ?? '')) {
      perRegion.push(r);
    } else if (r.type === 'labels' || r.type === 'hypertextlabels') {
      const read = labelStudioSpan(text, r.value ?? {});
      if ('refused' in read) {
        state.problems.skip(state.file, where, read.refused);
        continue;
      }
      if (read.converted)
        state.notes.add('span offsets counted in code points (Python) converted to UTF-16 units');
      if (read.mismatch) state.problems.warn(state.file, where, read.mismatch);
      const labels = resultLabels(r);
      if (labels.length === 0)
        state.problems.warn(state.file, where, 'a span without a label; kept unlabelled');
      for (const label of labels.length > 0 ? labels : [undefined]) {
        const a: Annotation = { ...base, kind: 'span', span: read.span };
        if (label !== undefined) {
          a.label = label;
          addClass(state, label);
        }
        if (r.id !== undefined) a.originalId = r.id;
        state.annotations.push(a);
        if (r.id !== undefined) regions.set(r.id, [...(regions.get(r.id) ?? []), a]);
      }
    } else if (r.type === 'choices') {
      const choices = Array.isArray(r.value?.choices)
        ? r.value.choices.filter((c) => typeof c === 'string')
        : [];
      if (choices.length === 0) state.problems.skip(state.file, where, 'a choices result has no choices');
      for (const label of choices as string[]) {
        addClass(state, label);
        state.annotations.push({ ...base, kind: 'classification', label });
      }
    } else if (r.type === 'relation') {
      state.notes.add('relations between spans not read');
    } else state.problems.warn(state.file, where, `"${r.type}" results are not read on text tasks`);
  }
  for (const r of perRegion) {
    const value = perRegionValue(r);
    if (value === undefined) continue;
    for (const a of regions.get(r.id ?? '') ?? [])
      a.attributes = { ...a.attributes, [r.from_name ?? r.type ?? 'value']: value };
  }
}

function sampleOf(
  task: LsTask,
  index: number,
  file: string,
  input: ReadInput,
  state: TextState,
): Sample | undefined {
  const record = `task ${String(task.id ?? `#${index + 1}`)}`;
  const field = textFieldOf(task.data);
  if (field === undefined) {
    state.problems.skip(
      file,
      record,
      'the task has no text in data',
      'Text tasks hold their text in data.text.',
    );
    return undefined;
  }
  const meta = (task as { meta?: Record<string, unknown> }).meta ?? {};
  const id = typeof task.id === 'number' || typeof task.id === 'string' ? task.id : index + 1;
  const key =
    typeof meta.key === 'string' && meta.key
      ? meta.key
      : `${input.keyPrefix ?? stripExt(baseName(file))}#${id}`;
  const sample: Sample = {
    key,
    kind: 'text',
    text: task.data?.[field] as string,
    textSource: `${baseName(file)}:${record}`,
  };
  if (typeof task.id === 'number' || typeof task.id === 'string') sample.originalId = task.id;
  if (typeof meta.split === 'string') sample.split = meta.split;
  if (typeof meta.language === 'string') sample.language = meta.language;
  if (field !== 'text') sample.metadata = { label_studio_text_field: field };
  return sample;
}

/**
 * Reads Label Studio text tasks (JSON or JSON-MIN): each task a `text` sample (data.text, or the first
 * plain string field), `labels` results → spans (character offsets), `choices` → classifications,
 * per-region results → span attributes. Annotations go to sources by the shared PickRule
 * (`annotator:<who>` each by default), predictions to `prediction:<model_version>` with their scores.
 */
export async function readLabelStudioText(input: ReadInput): Promise<ReadResult> {
  const files = await jsonFiles(input.path, input);
  const problems = new ProblemList();
  const parsed = await Promise.all(
    files.map(async (f) => ({
      file: f,
      tasks: tasksOf(parseJsonFile(await input.io.readText(f), f), f).map((t, i) =>
        validTask(t, f, i, problems),
      ),
    })),
  );
  const kept = parsed
    .flatMap((p) => p.tasks.flatMap((t) => t?.annotations ?? []))
    .filter((a) => !a.was_cancelled);
  const annotators = new Set(kept.map(annotatorOf).filter((who) => who !== undefined));
  const marked = kept.some((a) => a.ground_truth && annotatorOf(a) === undefined);
  const pick = new PickRule(
    input.source,
    input.sourceGiven === true,
    input.pick,
    annotators.size <= 1 && !marked,
  );
  const samples = new Map<string, Sample>();
  const notes = new NoteCounter();
  const classes = new Map<string, ClassDef>();
  const annotations: Annotation[] = [];
  for (const { file, tasks } of parsed) {
    const state: TextState = { file: baseName(file), classes, annotations, problems, notes };
    for (const [i, task] of tasks.entries()) {
      if (task === undefined) continue;
      const sample = sampleOf(task, i, state.file, input, state);
      if (!sample) continue;
      const record = `task ${String(task.id ?? `#${i + 1}`)}`;
      if (samples.has(sample.key)) {
        problems.skip(state.file, record, `the key "${sample.key}" is already taken by another task`);
        continue;
      }
      samples.set(sample.key, sample);
      const live = (task.annotations ?? []).filter((a) => {
        if (a.was_cancelled) notes.add('cancelled annotations not imported');
        return !a.was_cancelled;
      });
      for (const { annotation, source } of pick.pick(live))
        readResults(
          sample,
          source,
          annotation.result ?? [],
          `${record} annotation ${String(annotation.id ?? '')}`,
          state,
          undefined,
        );
      for (const p of task.predictions ?? []) {
        const model =
          typeof p.model_version === 'string' && p.model_version ? p.model_version : 'label-studio';
        const score = typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : undefined;
        readResults(
          sample,
          `prediction:${sourcePart(model)}`,
          p.result ?? [],
          `${record} prediction ${String(p.id ?? '')}`,
          state,
          score,
        );
      }
    }
  }
  const sources = [...new Set(annotations.map((a) => a.source))].sort();
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot: dirName(files[0] ?? input.path),
    problems: problems.items,
    notes: [
      `${samples.size} text tasks; sources: ${sources.join(', ') || 'none'}`,
      ...pick.notes(annotators.size),
      ...notes.list(),
    ],
  };
}
