import { AssayError } from '../../errors.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { SPLIT_FOLDERS } from '../merge-split-reads.js';
import { baseName, dirName, isImagePath, joinPath, relativeInside, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { locateMot, type MotSequence, readSeqInfo } from './mot-files.js';

/** MOT17/MOT20's classes by their 1-based ids, used when no labels.txt names them. */
const MOT_CLASSES = [
  'pedestrian',
  'person on vehicle',
  'car',
  'bicycle',
  'motorbike',
  'non motorized vehicle',
  'static person',
  'distractor',
  'occluder',
  'occluder on the ground',
  'occluder full',
  'reflection',
  'crowd',
];

/** Class names by 1-based id: labels.txt beside the file (CVAT's and Datumaro's exports), else MOT's own. */
async function labelsOf(seq: MotSequence, input: ReadInput): Promise<{ names: string[]; file?: string }> {
  const file = joinPath(dirName(seq.file), 'labels.txt');
  if (!(await input.io.exists(file))) return { names: MOT_CLASSES };
  const names = (await input.io.readText(file))
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { names, file };
}

interface Frames {
  /** Frame number → image path relative to the sequence. */
  byFrame: Map<number, string>;
  imDir: string;
  imExt: string;
  width?: number;
  height?: number;
}

async function framesOf(seq: MotSequence, input: ReadInput): Promise<Frames> {
  const info = await readSeqInfo(seq.dir, input.io);
  // An imDir or imExt that would climb out of the sequence (`../..`) is not taken: img1, .jpg.
  const given = info.get('imdir')?.replace(/\/+$/, '');
  const imDir =
    given && relativeInside(seq.dir, joinPath(seq.dir, given))
      ? (relativeInside(seq.dir, joinPath(seq.dir, given)) as string)
      : 'img1';
  const ext = info.get('imext') ?? '.jpg';
  const imExt = /^\.[A-Za-z0-9]+$/.test(ext) ? ext : '.jpg';
  const byFrame = new Map<number, string>();
  const dir = joinPath(seq.dir, imDir);
  if (await input.io.isDirectory(dir))
    for (const f of await input.io.listFiles(dir))
      if (isImagePath(f) && /^\d+$/.test(stripExt(f))) byFrame.set(Number(stripExt(f)), `${imDir}/${f}`);
  const width = Number(info.get('imwidth'));
  const height = Number(info.get('imheight'));
  return { byFrame, imDir, imExt, ...(width > 0 && height > 0 ? { width, height } : {}) };
}

/**
 * Reads MOTChallenge tracking files (MOT15–MOT20 downloads; CVAT's "MOT 1.1" and Datumaro's mot_seq
 * exports): per sequence gt/gt.txt (else det/det.txt), rows `frame, id, left, top, width, height, conf,
 * class, visibility` in pixels, frames numbered from 1 naming img1/000001.jpg (seqinfo.ini's imDir and
 * imExt when given). Boxes carry `track_id` (ids above 0), `visibility`, and `ignored` (a gt row with
 * conf 0, MOT's "not considered"); det rows' conf is the score. Classes by 1-based id from labels.txt
 * beside the file, else MOT17's list; class -1 or none is an unlabelled box. Every frame image is a
 * sample; keys are relative to the folder named (`MOT17-02/img1/000001.jpg` for a folder of sequences).
 */
export async function readMot(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const found = await locateMot(input.path, io);
  if (!found)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} holds no MOT sequence (gt/gt.txt or det/det.txt of frame,id,left,top,width,height,… rows).`,
      {
        hint: 'Name a MOT sequence folder (gt/gt.txt, img1/), a folder of them, or the gt.txt file.',
        details: { file: input.path },
      },
    );
  const imagesRoot = input.images ?? found.root;
  const problems = new ProblemList();
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  const notes: string[] = [];
  let unlabelled = 0;
  for (const seq of found.sequences) {
    input.signal?.throwIfAborted();
    const prefix = relativeInside(imagesRoot, seq.dir) ?? baseName(seq.dir);
    const frames = await framesOf(seq, input);
    // MOT17/train/MOT17-02/: the split a folder on the way names.
    const split = prefix
      .split('/')
      .map((p) => SPLIT_FOLDERS.get(p.toLowerCase()))
      .find((x) => x !== undefined);
    const { names, file: labelsFile } = await labelsOf(seq, input);
    if (labelsFile) for (const n of names) if (!classes.has(n)) classes.set(n, { name: n });
    const sampleFor = (frame: number): Sample => {
      const rel =
        frames.byFrame.get(frame) ?? `${frames.imDir}/${String(frame).padStart(6, '0')}${frames.imExt}`;
      const key = prefix === '' ? rel : `${prefix}/${rel}`;
      let s = samples.get(key);
      if (!s) {
        s = {
          key,
          kind: 'image',
          ...(split ? { split } : {}),
          ...(frames.width ? { width: frames.width, height: frames.height } : {}),
        };
        samples.set(key, s);
      }
      return s;
    };
    for (const frame of [...frames.byFrame.keys()].sort((a, b) => a - b)) sampleFor(frame);
    const scored = seq.detections || input.source.startsWith('prediction:');
    const lines = (await io.readText(seq.file)).replace(/^\uFEFF/, '').split(/\r?\n/);
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const cells = line.split(',').map((c) => Number(c.trim()));
      const [frame, id, x, y, w, h, conf, cls, vis] = cells;
      if (
        cells.length < 6 ||
        ![frame, id, x, y, w, h].every((v) => Number.isFinite(v)) ||
        !Number.isInteger(frame) ||
        (frame as number) < 1
      ) {
        problems.skip(
          seq.file,
          `line ${i + 1}`,
          `not a MOT row (frame ≥ 1, id, left, top, width, height, …): ${line.slice(0, 80)}`,
        );
        continue;
      }
      if ((w as number) < 0 || (h as number) < 0) {
        problems.skip(seq.file, `line ${i + 1}`, `a box of negative size: ${line.slice(0, 80)}`);
        continue;
      }
      let label: string | undefined;
      if (cls !== undefined && Number.isInteger(cls) && (cls as number) > 0) {
        label = names[(cls as number) - 1];
        if (label === undefined) {
          problems.skip(
            seq.file,
            `line ${i + 1}`,
            `class ${cls} is not among the ${names.length} of ${labelsFile ?? "MOT17's classes"}`,
          );
          continue;
        }
        if (!classes.has(label)) classes.set(label, { name: label });
      } else unlabelled++;
      const attributes: Record<string, AttributeValue> = {};
      if ((id as number) > 0) attributes.track_id = id as number;
      if (!scored && vis !== undefined && Number.isFinite(vis) && vis >= 0) attributes.visibility = vis;
      if (!scored && conf === 0) attributes.ignored = true;
      annotations.push({
        sample: sampleFor(frame as number).key,
        source: input.source,
        kind: 'bbox',
        bbox: [x as number, y as number, w as number, h as number],
        ...(label !== undefined ? { label } : {}),
        ...(scored && conf !== undefined && Number.isFinite(conf) ? { score: conf } : {}),
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      });
    }
    if (seq.otherDet)
      notes.push(`${seq.otherDet} not read (ground truth was): import it with --as prediction:<name>`);
  }
  if (unlabelled > 0)
    problems.warn(
      found.sequences[0]?.file as string,
      undefined,
      `${counted(unlabelled, 'box', 'boxes')} with class -1 or none read without a class`,
    );
  notes.unshift(
    `${counted(found.sequences.length, 'sequence')}, ${counted(samples.size, 'frame')}, ${counted(classes.size, 'class', 'classes')}`,
  );
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
  };
}
