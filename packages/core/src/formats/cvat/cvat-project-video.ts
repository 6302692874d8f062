import type { Sample } from '../../model/sample.js';
import type { FormatIO } from '../format-io.js';
import { joinPath } from '../paths.js';
import type { CvatMeta, CvatProjectTask } from './cvat-meta.js';
import type { ReadState } from './cvat-read.js';
import { readTracks, videoFrameCount, videoFrames } from './cvat-video.js';
import { type XmlNode, xmlAttr, xmlChildren } from './cvat-xml.js';

const FRAME = /^frame_(\d+)\.[^./]+$/i;

/** A project task's frames: the numbers CVAT gives them in the export, first to last. */
export interface TaskFrames {
  task: CvatProjectTask;
  /** Frame numbers in the export (tracks' `frame`, images/<subset>/frame_<n>.PNG). */
  frames: number[];
}

/**
 * Frame numbers of a CVAT project export's tasks, as CVAT numbers them (ProjectData.abs_frame_id in
 * cvat/apps/dataset_manager/bindings.py): within one subset the tasks follow each other (an offset that
 * grows by start_frame + step × size per task, tasks in `<meta>` order: by subset, then id) and each
 * subset starts again at 0; a task's frame i is offset + start_frame + i × step. So frame 0 of a second
 * task in the same subset is not frame 0, and two subsets are told apart by their images/<subset>/ folder.
 */
export function projectTaskFrames(tasks: readonly CvatProjectTask[]): TaskFrames[] {
  let offset = 0;
  let subset: string | undefined;
  return tasks.map((task) => {
    if (task.subset !== subset) {
      offset = 0;
      subset = task.subset;
    }
    const frames = videoFrames(task, [], offset);
    offset += (task.startFrame ?? 0) + task.step * videoFrameCount(task);
    return { task, frames };
  });
}

/** The frame files found under images/<subset>/, by frame number. */
async function frameFiles(root: string, subset: string, io: FormatIO): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const dir = joinPath(root, subset);
  if (!(await io.isDirectory(dir))) return found;
  for (const name of await io.listFiles(dir)) {
    const m = FRAME.exec(name);
    if (m?.[1] && !found.has(Number(m[1]))) found.set(Number(m[1]), name);
  }
  return found;
}

/**
 * Reads the tracks of a "CVAT for video 1.1" *project* export: `<meta><project><tasks>` lists the tasks,
 * each `<track>` names its `task_id` (and `subset`), and frame numbers run per subset across the tasks
 * (projectTaskFrames). Every frame of every task is a sample `<subset>/frame_<n>.PNG` (the path CVAT
 * writes its images to under images/, or the file found there), split = subset, with the task id in its
 * metadata; a track's annotations land only on its own task's frames and carry `track_id` and `task_id`.
 */
export async function readCvatProjectVideo(
  file: string,
  root: XmlNode,
  meta: CvatMeta,
  state: ReadState,
  io: FormatIO,
  imagesRoot: string,
): Promise<void> {
  const tracks = xmlChildren(root, 'track');
  if (tracks.length === 0) return;
  const files = new Map<string, Map<number, string>>();
  const byTask = new Map<string, { samples: Map<number, Sample>; frames: number[] }>();
  for (const { task, frames } of projectTaskFrames(meta.tasks)) {
    let found = files.get(task.subset);
    if (!found) files.set(task.subset, (found = await frameFiles(imagesRoot, task.subset, io)));
    const samples = new Map<number, Sample>();
    for (const f of frames) {
      const key = `${task.subset}/${found.get(f) ?? `frame_${String(f).padStart(6, '0')}.PNG`}`;
      let sample = state.samples.get(key);
      if (!sample) {
        sample = {
          key,
          kind: 'image',
          originalId: f,
          split: task.subset,
          metadata: { cvat_task_id: task.id },
        };
        if (task.width && task.height) Object.assign(sample, { width: task.width, height: task.height });
        state.samples.set(key, sample);
      }
      samples.set(f, sample);
    }
    byTask.set(task.id, { samples, frames });
  }
  const perTask = new Map<string, XmlNode[]>();
  for (const [i, track] of tracks.entries()) {
    const taskId = xmlAttr(track, 'task_id') ?? '';
    if (!byTask.has(taskId)) {
      const record = `<track id="${xmlAttr(track, 'id') ?? i}" label="${xmlAttr(track, 'label') ?? ''}">`;
      state.problems.skip(
        file,
        record,
        taskId
          ? `task_id="${taskId}" names no task of <meta><project><tasks>`
          : 'has no task_id in a project export',
        'Export the project again from CVAT, or import each task export on its own.',
      );
      continue;
    }
    perTask.set(taskId, [...(perTask.get(taskId) ?? []), track]);
  }
  for (const [taskId, list] of perTask) {
    const { samples, frames } = byTask.get(taskId)!;
    const id = /^\d+$/.test(taskId) ? Number(taskId) : taskId;
    readTracks(file, list, (f) => samples.get(f), frames, meta, state, { task_id: id });
  }
}
