import { AssayError } from '../../errors.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import {
  baseName,
  dirName,
  isImagePath,
  joinPath,
  normalizePath,
  relativeInside,
  toPosix,
} from '../paths.js';
import { ProblemList } from '../problems.js';

/** The attributes after x, y, w, h, in WIDER FACE's own order (its readme.txt). */
const WIDER_ATTRIBUTES = ['blur', 'expression', 'illumination', 'invalid', 'occlusion', 'pose'];
/** The order Datumaro (and CVAT's "WiderFace 1.0" export, written by it) puts them in. */
const DATUMARO_ATTRIBUTES = ['blur', 'expression', 'illumination', 'occluded', 'pose', 'invalid'];

const GT_FILE = /^wider_face_(\w+?)_bbx_gt\.txt$/;

/** The annotation files `path` names: a wider_face_<split>_bbx_gt.txt, or a folder holding wider_face_split/. */
export async function locateWiderFace(
  path: string,
  io: FormatIO,
): Promise<{ root: string; files: string[] } | undefined> {
  if (!(await io.isDirectory(path)))
    return GT_FILE.test(baseName(path)) ? { root: dirName(dirName(path)), files: [path] } : undefined;
  const split = baseName(path) === 'wider_face_split' ? path : joinPath(path, 'wider_face_split');
  if (!(await io.isDirectory(split))) return undefined;
  const files = (await io.listFiles(split)).filter((f) => GT_FILE.test(f)).map((f) => joinPath(split, f));
  return files.length === 0 ? undefined : { root: dirName(split), files };
}

/** Datumaro's label list (labels.txt or dataset_meta.json's label_map), when it wrote one. */
async function datumaroLabels(root: string, io: FormatIO): Promise<string[] | undefined> {
  const txt = joinPath(root, 'labels.txt');
  if (await io.exists(txt))
    return (await io.readText(txt))
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const meta = joinPath(root, 'dataset_meta.json');
  if (!(await io.exists(meta))) return undefined;
  try {
    const map = (JSON.parse(withoutBom(await io.readText(meta))) as { label_map?: Record<string, string> })
      .label_map;
    return map ? Object.values(map) : [];
  } catch {
    return [];
  }
}

const isCount = (line: string) => /^\s*\d+\s*$/.test(line);

/**
 * Reads WIDER FACE (its download: wider_face_split/wider_face_<split>_bbx_gt.txt beside
 * WIDER_<split>/images/<event>/<image>.jpg; CVAT's and Datumaro's "WiderFace" exports): per image its path,
 * the number of faces, then one line per face `x y w h` and six attributes (WIDER's order: blur,
 * expression, illumination, invalid, occlusion, pose; Datumaro's when it wrote labels.txt or
 * dataset_meta.json: blur, expression, illumination, occluded, pose, invalid, with a label as the line's
 * last word). Faces are boxes of class `face`; an image with no face has the count 0 and one line of zeros.
 * Keys are relative to the dataset folder (`WIDER_train/images/0--Parade/a.jpg`); the split is the file's.
 */
export async function readWiderFace(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const found = await locateWiderFace(input.path, io);
  if (!found)
    throw new AssayError(
      'INVALID_INPUT',
      `${input.path} holds no WIDER FACE annotation file (wider_face_split/wider_face_<split>_bbx_gt.txt).`,
      {
        hint: 'Name the folder holding wider_face_split/ and WIDER_<split>/images/, or the _bbx_gt.txt file.',
        details: { file: input.path },
      },
    );
  const imagesRoot = input.images ?? found.root;
  const labels = await datumaroLabels(found.root, io);
  const attrNames = labels ? DATUMARO_ATTRIBUTES : WIDER_ATTRIBUTES;
  const problems = new ProblemList();
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  for (const file of found.files) {
    input.signal?.throwIfAborted();
    const split = (GT_FILE.exec(baseName(file))?.[1] ?? '').toLowerCase();
    const lines = withoutBom(await io.readText(file)).split(/\r?\n/);
    let i = 0;
    while (i < lines.length) {
      const pathLine = (lines[i] ?? '').trim();
      i++;
      if (pathLine === '') continue;
      if (!isImagePath(pathLine)) {
        problems.skip(file, `line ${i}`, `expected an image path, got "${pathLine.slice(0, 80)}"`);
        continue;
      }
      const rel = toPosix(pathLine);
      const abs = normalizePath(joinPath(imagesRoot, `WIDER_${split}`, 'images', rel));
      const inside = relativeInside(imagesRoot, abs);
      // A path leaving the folder is skipped with its faces (they are still read past).
      const key = inside === '' ? undefined : inside;
      if (key === undefined)
        problems.skip(file, `line ${i}`, `image path "${pathLine.slice(0, 80)}" leaves the dataset folder`);
      else if (!samples.has(key))
        samples.set(key, {
          key,
          kind: 'image',
          ...(split === 'train' || split === 'val' || split === 'test' ? { split } : {}),
        });
      // Datumaro: the event folder (`0--Parade`) is an image label when its labels name it.
      const event = rel.includes('/') ? (rel.split('/')[0] as string).replace(/^\d+--/, '') : undefined;
      if (key !== undefined && labels && event && labels.includes(event)) {
        if (!classes.has(event)) classes.set(event, { name: event });
        annotations.push({ sample: key, source: input.source, kind: 'classification', label: event });
      }
      if (!isCount(lines[i] ?? '')) continue; // a file list: no counts
      const n = Number(lines[i]);
      i++;
      // WIDER writes one line of zeros after a count of 0.
      if (n === 0 && /^\s*0(\s+0)*\s*$/.test(lines[i] ?? '')) i++;
      for (let k = 0; k < n && i < lines.length; k++, i++) {
        const words = (lines[i] ?? '').trim().split(/\s+/);
        const [x, y, w, h] = words.slice(0, 4).map(Number);
        if (
          words.length < 4 ||
          ![x, y, w, h].every((v) => Number.isFinite(v)) ||
          (w as number) < 0 ||
          (h as number) < 0
        ) {
          problems.skip(
            file,
            `line ${i + 1}`,
            `not a face box "x y w h …": ${(lines[i] ?? '').slice(0, 80)}`,
          );
          continue;
        }
        if (key === undefined) continue;
        const attributes: Record<string, AttributeValue> = {};
        for (const [j, name] of attrNames.entries()) {
          const v = words[4 + j];
          if (v === undefined || v === '-') continue;
          attributes[name] =
            v === 'True' ? true : v === 'False' ? false : Number.isFinite(Number(v)) ? Number(v) : v;
        }
        const last = words.length === 5 || words.length === 11 ? words[words.length - 1] : undefined;
        const label = last !== undefined && labels?.includes(last) ? last : 'face';
        if (!classes.has(label)) classes.set(label, { name: label });
        annotations.push({
          sample: key,
          source: input.source,
          kind: 'bbox',
          label,
          bbox: [x as number, y as number, w as number, h as number],
          ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
        });
      }
    }
  }
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: [
      `${counted(found.files.length, 'annotation file')}, ${counted(samples.size, 'image')}, ${counted(annotations.filter((a) => a.kind === 'bbox').length, 'face')}${labels ? ' (Datumaro’s attribute order: labels.txt or dataset_meta.json present)' : ''}`,
    ],
  };
}
