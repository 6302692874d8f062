import type { Sample } from '../../model/sample.js';
import type { FormatIO } from '../format-io.js';
import { baseName, stripExt } from '../paths.js';
import { acceptLabel, type CvatMeta, type CvatVideoMeta } from './cvat-meta.js';
import type { ReadState } from './cvat-read.js';
import { CVAT_UNSUPPORTED_SHAPES } from './cvat-shapes.js';
import { readTrackShape, trackFrames } from './cvat-tracks.js';
import { type XmlNode, xmlAttr, xmlChildren } from './cvat-xml.js';

const SPLIT_STEMS = new Set(['train', 'val', 'valid', 'validation', 'test']);
const FRAME = /^frame_(\d+)\.[^./]+$/i;

/** The name CVAT gives frame `i` of a video export: `frame_000000.PNG`, or the file found for it. */
async function frameNames(imagesRoot: string, io: FormatIO): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (!(await io.isDirectory(imagesRoot))) return found;
  for (const name of await io.listFiles(imagesRoot)) {
    const m = FRAME.exec(name);
    if (m?.[1] && !found.has(Number(m[1]))) found.set(Number(m[1]), name);
  }
  return found;
}

function frameCount(n: number): string {
  return n === 1 ? '1 frame' : `${n} frames`;
}

/** Frames a task's `<meta>` counts: `<size>`, else start to stop frame by the step; 0 when it says neither. */
export function videoFrameCount(v: CvatVideoMeta): number {
  if (v.size !== undefined && v.size > 0) return v.size;
  if (v.startFrame !== undefined && v.stopFrame !== undefined && v.stopFrame >= v.startFrame)
    return Math.floor((v.stopFrame - v.startFrame) / v.step) + 1;
  return 0;
}

/**
 * The frame numbers of a task, as CVAT writes them in tracks and frame file names
 * (TaskData.abs_frame_id in cvat/apps/dataset_manager/bindings.py): frame i is
 * offset + start_frame + i × step. A `<meta>` without a frame count gives frames 0 to the last
 * frame a track names (none when no track names one).
 */
export function videoFrames(v: CvatVideoMeta, tracks: XmlNode[], offset = 0): number[] {
  const count = videoFrameCount(v);
  const start = v.startFrame ?? 0;
  if (count > 0) return Array.from({ length: count }, (_, i) => offset + start + i * v.step);
  let last = -1;
  for (const t of tracks)
    for (const child of Object.values(t))
      for (const node of Array.isArray(child) ? child : [child]) {
        const f = Number((node as XmlNode)?.['@_frame']);
        if (Number.isInteger(f)) last = Math.max(last, f);
      }
  return Array.from({ length: last + 1 }, (_, i) => offset + i);
}

/**
 * Reads the `<track>`s of a CVAT for video 1.1 file. Every frame of the task (videoFrames: numbered from
 * `<start_frame>` by the `<frame_filter>` step) is a sample named as CVAT exports frames,
 * `frame_000010.PNG` (or the `frame_<n>.<ext>` file found in the images folder), sized by `<original_size>`. Each track gives
 * one annotation per frame it covers (cvat-tracks.ts: linear interpolation between keyframes,
 * `outside` ends a segment), with its id as the attribute `track_id`.
 */
export async function readCvatVideo(
  file: string,
  root: XmlNode,
  meta: CvatMeta,
  state: ReadState,
  io: FormatIO,
  imagesRoot: string,
): Promise<void> {
  const tracks = xmlChildren(root, 'track');
  if (tracks.length === 0) return;
  const numbers = videoFrames(meta.video, tracks);
  const names = await frameNames(imagesRoot, io);
  const stem = stripExt(baseName(file)).toLowerCase();
  const frames = new Map<number, Sample>();
  for (const f of numbers) {
    const key = names.get(f) ?? `frame_${String(f).padStart(6, '0')}.PNG`;
    let sample = state.samples.get(key);
    if (!sample) {
      sample = { key, kind: 'image', originalId: f };
      if (meta.video.width && meta.video.height)
        Object.assign(sample, { width: meta.video.width, height: meta.video.height });
      if (SPLIT_STEMS.has(stem)) sample.split = stem;
      state.samples.set(key, sample);
    }
    frames.set(f, sample);
  }
  readTracks(file, tracks, (f) => frames.get(f), numbers, meta, state);
}

/**
 * Each track's annotations, one per frame it covers (cvat-tracks.ts), on the sample `frameAt` gives for
 * that frame number (`frames`: the task's frame numbers, ascending); frames before the first or past the
 * last are counted in one problem per track. `attributes` go on every annotation beside `track_id`.
 */
export function readTracks(
  file: string,
  tracks: XmlNode[],
  frameAt: (frame: number) => Sample | undefined,
  frames: readonly number[],
  meta: CvatMeta,
  state: ReadState,
  attributes: Record<string, string | number> = {},
): void {
  const first = frames[0] ?? 0;
  const last = frames.at(-1) ?? -1;
  for (const [i, track] of tracks.entries()) {
    const id = xmlAttr(track, 'id') ?? String(i);
    const trackId = /^\d+$/.test(id) ? Number(id) : id;
    const label = xmlAttr(track, 'label') ?? '';
    const record = `<track id="${id}" label="${label}">`;
    acceptLabel(label, meta, state, { file, record });
    const spec = meta.labels.find((l) => l.name === label);
    let beyond = 0;
    for (const [f, shape] of trackFrames(track, last).shapes) {
      const sample = frameAt(f);
      if (!sample) {
        if (f > last || f < first) beyond++;
        continue;
      }
      const node = { ...shape.node, '@_label': label };
      const ctx = {
        sample: sample.key,
        source: state.source,
        width: sample.width,
        height: sample.height,
        spec,
      };
      const read = readTrackShape(shape.tag, node, trackId, ctx);
      if ('refused' in read) state.problems.skip(file, `${record} frame ${f}`, read.refused);
      else {
        if (Object.keys(attributes).length > 0)
          read.annotation.attributes = { ...read.annotation.attributes, ...attributes };
        state.annotations.push(read.annotation);
      }
    }
    const unsupported = CVAT_UNSUPPORTED_SHAPES.filter((tag) => xmlChildren(track, tag).length > 0);
    if (unsupported.length > 0)
      state.problems.skip(
        file,
        record,
        `its ${unsupported.map((t) => `<${t}>`).join(' and ')} shapes are not supported yet and were skipped`,
      );
    if (beyond > 0)
      state.problems.skip(
        file,
        record,
        frames.length === 0
          ? `${frameCount(beyond)} of the track, but <meta> gives the task no frames`
          : `${frameCount(beyond)} of the track ${beyond === 1 ? 'lies' : 'lie'} outside the task's frames (${first}–${last}) of <meta>`,
      );
  }
}
