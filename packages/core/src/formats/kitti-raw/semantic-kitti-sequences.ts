import type { ClassDef } from '../../model/class-def.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName, dirName } from '../paths.js';
import { odometrySequences } from './odometry-sequences.js';
import { readSemanticKitti } from './semantic-kitti-read.js';

/** SemanticKITTI's split of its sequences (semantic-kitti.yaml): 08 validates, 11–21 are its test set. */
function splitOf(sequence: string): string | undefined {
  const n = Number(sequence);
  if (!/^\d\d$/.test(sequence)) return undefined;
  return n === 8 ? 'val' : n <= 10 ? 'train' : 'test';
}

/**
 * Reads every sequence of a SemanticKITTI / KITTI odometry `sequences/` folder (or of the dataset folder
 * holding it) as one dataset: each sequence read by readSemanticKitti, its sample keys, label files and
 * frame members below its folder name (`08/velodyne/000000.bin`), its samples in SemanticKITTI's split
 * (train 00–07, 09, 10; val 08; test 11–21). Classes are the union; problems and notes are kept.
 */
export async function readSemanticKittiSequences(input: ReadInput): Promise<ReadResult> {
  const folders = await odometrySequences(input.path, input.io);
  const root = dirName(folders[0]!);
  const out: ReadResult = {
    classes: [],
    samples: [],
    annotations: [],
    sensors: [],
    frames: [],
    sequences: [],
    imagesRoot: root,
    problems: [],
    notes: [],
  };
  const classes = new Map<string, ClassDef>();
  for (const folder of folders) {
    input.signal?.throwIfAborted();
    const name = baseName(folder);
    const split = splitOf(name);
    const one = await readSemanticKitti({ ...input, path: folder });
    const key = (k: string) => `${name}/${k}`;
    for (const c of one.classes) if (!classes.has(c.name)) classes.set(c.name, c);
    for (const s of one.samples) out.samples.push({ ...s, key: key(s.key), ...(split ? { split } : {}) });
    for (const a of one.annotations) {
      const file = a.pointLabels?.file;
      out.annotations.push({
        ...a,
        sample: key(a.sample),
        ...(a.pointLabels && file !== undefined
          ? { pointLabels: { ...a.pointLabels, file: key(file) } }
          : {}),
      });
    }
    for (const f of one.frames ?? [])
      out.frames!.push({ ...f, members: f.members.map((m) => ({ ...m, sample: key(m.sample) })) });
    out.sensors!.push(...(one.sensors ?? []));
    out.sequences!.push(...(one.sequences ?? []));
    out.problems.push(...one.problems);
    out.notes!.push(...(one.notes ?? []));
  }
  out.classes = [...classes.values()];
  out.notes!.push(
    `${folders.length} sequence${folders.length === 1 ? '' : 's'} in SemanticKITTI's splits (train 00–07, 09, 10; val 08; test 11–21)`,
  );
  return out;
}
