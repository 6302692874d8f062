import type { Sample } from '../../model/sample.js';
import { imageListOf, resultsByItem } from './label-studio-image-list.js';
import type { State } from './label-studio-read-state.js';
import type { LsResult } from './label-studio-result.js';
import { imageRefOf, type LsTask } from './label-studio-tasks.js';

/** One image of a task: its sample, and its index in the task's image list (undefined: the task's one image). */
export interface TaskImage {
  sample: Sample;
  item?: number;
}

/** The sample of an image reference (made, or an earlier task's), or undefined (skipped with a problem). */
async function sampleOfRef(
  file: string,
  task: LsTask,
  record: string,
  ref: string,
  results: readonly LsResult[],
  state: State,
  single: boolean,
): Promise<Sample | undefined> {
  const key = await state.refs.resolve(ref);
  if ('refused' in key) {
    state.problems.skip(
      file,
      record,
      key.refused,
      'Point data.image at a file relative to the images folder, or pass --map-prefix FROM=TO.',
    );
    return undefined;
  }
  const existing = state.samples.get(key.key);
  if (existing) {
    state.problems.warn(file, record, `image "${key.key}" is in several tasks; their labels are merged`);
    return existing;
  }
  const sample: Sample = { key: key.key, kind: 'image' };
  // A task's id is one image's: the images of a list task have none (COCO would renumber them all).
  if (single && (typeof task.id === 'number' || typeof task.id === 'string')) sample.originalId = task.id;
  if (key.mapped) sample.metadata = { label_studio_image: ref };
  const sized = results.find((r) => Number(r.original_width) > 0 && Number(r.original_height) > 0);
  if (sized) Object.assign(sample, { width: sized.original_width, height: sized.original_height });
  state.samples.set(key.key, sample);
  return sample;
}

/**
 * The images of a task: its image reference (data.image...), else each image of a list of them
 * (label-studio-image-list.ts), with the results on each.
 */
export async function imagesOf(
  file: string,
  task: LsTask,
  index: number,
  state: State,
): Promise<TaskImage[]> {
  const record = `task ${String(task.id ?? `#${index + 1}`)}`;
  const results = [...(task.annotations ?? []), ...(task.predictions ?? [])].flatMap((a) => a.result ?? []);
  const ref = imageRefOf(task);
  if (ref !== undefined) {
    const sample = await sampleOfRef(file, task, record, ref, results, state, true);
    return sample ? [{ sample }] : [];
  }
  const list = imageListOf(task);
  if (!list) {
    state.problems.skip(
      file,
      record,
      'the task has no image reference in data',
      'Point data.image at a file relative to the images folder, or pass --map-prefix FROM=TO.',
    );
    return [];
  }
  const { byItem } = resultsByItem(results, list.refs.length);
  const out: TaskImage[] = [];
  for (const [item, ref] of list.refs.entries()) {
    const where = `${record} data.${list.field}[${item}]`;
    const sample = await sampleOfRef(file, task, where, ref, byItem[item] ?? [], state, false);
    if (sample) out.push({ sample, item });
  }
  return out;
}
