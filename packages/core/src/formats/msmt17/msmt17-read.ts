import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { joinPath, normalizePath, relativeInside, toPosix } from '../paths.js';
import { ProblemList } from '../problems.js';
import { locateMsmt, MSMT_LISTS, MSMT_PARTS, msmtName } from './msmt17-files.js';

/** A line `<image path> <identity>`. */
const LINE = /^(.*\S)\s+(\d+)\s*$/;

/** The image folder of a part: the first of its names that is there (V1's train/, V2's mask_train_v2/). */
async function partFolder(root: string, part: 'train' | 'test', io: FormatIO): Promise<string> {
  for (const dir of MSMT_PARTS[part]) if (await io.isDirectory(joinPath(root, dir))) return dir;
  return MSMT_PARTS[part][0] as string;
}

/**
 * Reads MSMT17's lists: each listed image a sample (list_train.txt: split train; list_val.txt: val;
 * list_query.txt and list_gallery.txt: test, tagged query and gallery), its identity the class of a
 * classification with the camera as attribute (and camera, time and frame from its name as metadata).
 * The identities are numbered apart in train and test (0–1040 and 0–3059 are different people), so
 * the classes are named `train/0000` and `test/0000`, as the identity folders of the two parts are.
 */
export async function readMsmt17(input: ReadInput): Promise<ReadResult> {
  const { io } = input;
  const found = await locateMsmt(input.path, io);
  if (!found)
    throw new AssayError('INVALID_INPUT', `${input.path} is not an MSMT17 layout.`, {
      hint: 'MSMT17 keeps list_train.txt, list_val.txt, list_query.txt and list_gallery.txt ("0000/0000_000_01_0303morning_0015_0.jpg 0" lines) beside train/ and test/; name that folder or one of its lists.',
      details: { file: input.path },
    });
  const problems = new ProblemList();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  const classes = new Set<string>();
  const folders = {
    train: await partFolder(found.root, 'train', io),
    test: await partFolder(found.root, 'test', io),
  };
  for (const list of found.lists) {
    input.signal?.throwIfAborted();
    const place = MSMT_LISTS.get(list);
    if (!place) continue;
    const file = joinPath(found.root, list);
    const folder = folders[place.part];
    for (const [i, line] of withoutBom(await io.readText(file))
      .split(/\r?\n/)
      .entries()) {
      if (line.trim() === '') continue;
      const m = LINE.exec(line);
      if (!m) {
        problems.skip(file, `line ${i + 1}`, `not "<image path> <identity>": ${line.slice(0, 80)}`);
        continue;
      }
      const rel = relativeInside(
        found.root,
        normalizePath(joinPath(joinPath(found.root, folder), toPosix((m[1] as string).trim()))),
      );
      if (rel === undefined || rel === '') {
        problems.skip(
          file,
          `line ${i + 1}`,
          `image path "${(m[1] as string).slice(0, 80)}" leaves ${found.root}`,
        );
        continue;
      }
      if (samples.has(rel)) {
        problems.skip(file, `line ${i + 1}`, `${rel} is listed a second time`);
        continue;
      }
      const identity = (m[2] as string).padStart(4, '0');
      const label = `${place.part}/${identity}`;
      const name = msmtName(rel);
      samples.set(rel, {
        key: rel,
        kind: 'image',
        split: place.split,
        tags: [place.tag],
        metadata: { identity: label, ...(name ?? {}) },
      });
      classes.add(label);
      annotations.push({
        sample: rel,
        source: input.source,
        kind: 'classification',
        label,
        ...(name ? { attributes: { camera: name.camera } } : {}),
      });
    }
  }
  const parts = [...new Set(found.lists.map((l) => folders[MSMT_LISTS.get(l)?.part ?? 'train']))];
  return {
    classes: [...classes].sort().map((name) => ({ name })),
    samples: [...samples.values()],
    annotations,
    imagesRoot: found.root,
    problems: problems.items,
    notes: [
      `${counted(samples.size, 'image')} of ${found.lists.join(', ')} in ${parts.map((p) => `${p}/`).join(', ')}, ${counted(classes.size, 'identity', 'identities')} (the classes, named train/<id> and test/<id>: the two parts number their people apart)`,
    ],
  };
}
