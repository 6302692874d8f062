import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { joinPath, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { parseKittiCalib, veloToRect } from './kitti-calib.js';
import { parseKittiLabels } from './kitti-label.js';
import { kittiLabelAnnotations } from './kitti-label-annotations.js';

/** Where the project's KITTI frames may live (the folder imported, or its training/ and testing/ parts). */
const PREFIXES = ['', 'training/', 'testing/'];
const IMAGE_EXTS = ['png', 'jpg', 'jpeg'];

/** A folder of label files, and the part of the project (`training/`, `testing/`) it names, if any. */
interface LabelFolder {
  dir: string;
  files: string[];
  /** The prefixes its ids may match: one when the folder sits under training/ or testing/. */
  prefixes: string[];
}

/**
 * The folders of label files in a predictions folder: `label_2/` (a KITTI-shaped copy), `data/` (what
 * the devkit and most detectors write), or the folder itself; or those under its `training/` and
 * `testing/`, which then match only that part of the project.
 */
async function labelFolders(input: ReadInput): Promise<LabelFolder[]> {
  const out: LabelFolder[] = [];
  for (const part of ['training/', 'testing/', '']) {
    for (const sub of ['label_2', 'data', '']) {
      const rel = `${part}${sub}`.replace(/\/$/, '');
      if (part === '' && out.length > 0) return out;
      const dir = rel === '' ? input.path : joinPath(input.path, rel);
      if (!(await input.io.isDirectory(dir))) continue;
      const files = (await input.io.listFiles(dir)).filter((f) => f.endsWith('.txt')).sort();
      if (files.length === 0) continue;
      out.push({ dir, files, prefixes: part === '' ? PREFIXES : [part] });
      break;
    }
  }
  return out;
}

/** True when the folder is label files only: no velodyne/, image_2/ or calib/ in it or its parts. */
export async function isKittiLabelsOnly(input: ReadInput): Promise<boolean> {
  for (const prefix of PREFIXES)
    for (const folder of ['velodyne', 'image_2', 'calib'])
      if (await input.io.isDirectory(joinPath(input.path, `${prefix}${folder}`))) return false;
  return (await labelFolders(input)).length > 0;
}

interface ProjectFrame {
  name: string;
  veloKey?: string;
  imageKey?: string;
}

/** The project's frames of a label file's id, one per part (training/, testing/) that has it. */
function projectFrames(input: ReadInput, id: string, prefixes: readonly string[]): ProjectFrame[] {
  const { lookup } = input;
  const out: ProjectFrame[] = [];
  for (const prefix of prefixes) {
    const veloKey = `${prefix}velodyne/${id}.bin`;
    const imageKey = IMAGE_EXTS.map((e) => `${prefix}image_2/${id}.${e}`).find((k) => lookup.hasSampleKey(k));
    if (!lookup.hasSampleKey(veloKey) && imageKey === undefined) continue;
    out.push({
      name: `${prefix}${id}`,
      ...(lookup.hasSampleKey(veloKey) ? { veloKey } : {}),
      ...(imageKey === undefined ? {} : { imageKey }),
    });
  }
  return out;
}

/**
 * Reads a folder of KITTI label files without sweeps, images or calibration (detector results: label_2
 * lines with a score), matching each `<id>.txt` to the project's frame `<id>` (as a KITTI import named
 * it, under training/ or testing/ too). Each object becomes a 2D box on the frame's image and a cuboid on
 * its sweep, converted with the calibration the project keeps for the frame (its velodyne sensor's
 * `kittiCalib`), with the original ids a KITTI import gives, so that evaluation pairs them.
 */
export async function readKittiPredictions(input: ReadInput): Promise<ReadResult> {
  const problems = new ProblemList();
  const folders = await labelFolders(input);
  const out = { annotations: [] as Annotation[], classes: new Map<string, ClassDef>() };
  const samples = new Map<string, Sample>();
  let frames = 0;
  for (const { dir, files, prefixes } of folders)
    for (const name of files) {
      input.signal?.throwIfAborted();
      frames += await readLabelFile(
        input,
        joinPath(dir, name),
        stripExt(name),
        prefixes,
        out,
        samples,
        problems,
      );
    }
  return {
    classes: [...out.classes.values()],
    samples: [...samples.values()],
    annotations: out.annotations,
    imagesRoot: input.path,
    problems: problems.items,
    notes: [
      `${frames} frames matched to the project's, ${out.annotations.filter((a) => a.kind === 'cuboid').length} 3D boxes`,
    ],
  };
}

/** One label file onto its project frame; 1 when it found the frame, else 0 (a skipped record). */
async function readLabelFile(
  input: ReadInput,
  file: string,
  id: string,
  prefixes: readonly string[],
  out: { annotations: Annotation[]; classes: Map<string, ClassDef> },
  samples: Map<string, Sample>,
  problems: ProblemList,
): Promise<number> {
  const candidates = projectFrames(input, id, prefixes);
  const frame = candidates[0];
  if (candidates.length > 1) {
    problems.skip(
      file,
      undefined,
      `the project has frame ${id} in ${candidates.map((c) => c.name.slice(0, -id.length) || './').join(' and ')}`,
      'Put the label files under training/ or testing/ in the predictions folder, to say which frames they are for.',
    );
    return 0;
  }
  if (frame === undefined) {
    problems.skip(
      file,
      undefined,
      `the project has no KITTI frame ${id} (no sample velodyne/${id}.bin or image_2/${id}.png)`,
      'Import the KITTI dataset first (`assay import kitti DIR`), then its predictions with --as prediction:NAME.',
    );
    return 0;
  }
  const lines = input.lookup.sensor?.(`${frame.name}/velodyne`)?.metadata?.kittiCalib;
  let rect: ReturnType<typeof veloToRect> | undefined;
  if (Array.isArray(lines)) {
    try {
      rect = veloToRect(
        parseKittiCalib(lines.join('\n'), `the project's calibration of frame ${frame.name}`),
      );
    } catch (error) {
      problems.warn(file, undefined, (error as Error).message);
    }
  }
  for (const key of [frame.veloKey, frame.imageKey])
    if (key !== undefined) samples.set(key, key === frame.veloKey ? { key, kind: 'point_cloud' } : { key });
  const objects = parseKittiLabels(await input.io.readText(file), file, problems);
  const dontCare = kittiLabelAnnotations(
    objects,
    { ...frame, file, frame: frame.name, source: input.source, ...(rect === undefined ? {} : { rect }) },
    out,
    problems,
  );
  if (dontCare.length > 0)
    problems.warn(
      file,
      undefined,
      `${counted(dontCare.length, 'DontCare line')} ${dontCare.length === 1 ? 'is' : 'are'} not predictions: not kept`,
    );
  return 1;
}
