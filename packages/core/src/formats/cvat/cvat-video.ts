import type { Sample } from '../../model/sample.js';
import type { FormatIO } from '../format-io.js';
import { baseName, stripExt } from '../paths.js';
import { acceptLabel, type CvatMeta } from './cvat-meta.js';
import type { ReadState } from './cvat-read.js';
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

function lastFrameOf(meta: CvatMeta, tracks: XmlNode[]): number {
  const { size, startFrame, stopFrame } = meta.video;
  if (size !== undefined && size > 0) return size - 1;
  if (startFrame !== undefined && stopFrame !== undefined) return stopFrame - startFrame;
  let last = 0;
  for (const t of tracks)
    for (const child of Object.values(t))
      for (const node of Array.isArray(child) ? child : [child]) {
        const f = Number((node as XmlNode)?.['@_frame']);
        if (Number.isInteger(f)) last = Math.max(last, f);
      }
  return last;
}

/**
 * Reads the `<track>`s of a CVAT for video 1.1 file. Every frame of the task (`<meta>` size, else up
 * to the last frame a track names) is a sample named as CVAT exports frames, `frame_000000.PNG` (or
 * the `frame_<n>.<ext>` file found in the images folder), sized by `<original_size>`. Each track gives
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
  const last = lastFrameOf(meta, tracks);
  const names = await frameNames(imagesRoot, io);
  const stem = stripExt(baseName(file)).toLowerCase();
  const frames: Sample[] = [];
  for (let f = 0; f <= last; f++) {
    const key = names.get(f) ?? `frame_${String(f).padStart(6, '0')}.PNG`;
    const existing = state.samples.get(key);
    if (existing) {
      frames.push(existing);
      continue;
    }
    const sample: Sample = { key, kind: 'image', originalId: f };
    if (meta.video.width && meta.video.height)
      Object.assign(sample, { width: meta.video.width, height: meta.video.height });
    if (SPLIT_STEMS.has(stem)) sample.split = stem;
    state.samples.set(key, sample);
    frames.push(sample);
  }
  readTracks(file, tracks, (f) => frames[f], last, meta, state);
}

/**
 * Each track's annotations, one per frame it covers (cvat-tracks.ts), on the sample `frameAt` gives for
 * that frame number; frames past `last` are counted in one problem per track. `attributes` go on every
 * annotation beside `track_id`.
 */
export function readTracks(
  file: string,
  tracks: XmlNode[],
  frameAt: (frame: number) => Sample | undefined,
  last: number,
  meta: CvatMeta,
  state: ReadState,
  attributes: Record<string, string | number> = {},
): void {
  for (const [i, track] of tracks.entries()) {
    const id = xmlAttr(track, 'id') ?? String(i);
    const trackId = /^\d+$/.test(id) ? Number(id) : id;
    const label = xmlAttr(track, 'label') ?? '';
    const record = `<track id="${id}" label="${label}">`;
    if (
      !acceptLabel(label, meta, state, { file, record, hint: 'Add the label to the task or fix the track.' })
    )
      continue;
    const spec = meta.labels.find((l) => l.name === label);
    let beyond = 0;
    for (const [f, shape] of trackFrames(track, last).shapes) {
      const sample = frameAt(f);
      if (!sample) {
        if (f > last) beyond++;
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
    if (beyond > 0)
      state.problems.skip(
        file,
        record,
        `${beyond} frames of the track lie past the last frame (${last}) of <meta>`,
      );
  }
}
