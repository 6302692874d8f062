import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { locateMarket, MARKET_FOLDERS, reidName } from './market1501-files.js';

/**
 * Reads a Market-1501 layout (bounding_box_train/, bounding_box_test/, query/, gt_bbox/ of images named
 * `<identity>_c<camera>s<sequence>_<frame>_<box>.jpg`; DukeMTMC-reID's `<identity>_c<camera>_f<frame>.jpg`):
 * each image a sample of its folder's split (train; test for the gallery and the queries, told apart by
 * the tags `gallery` and `query`), its identity the class of a classification (attribute camera, as
 * metadata with sequence and frame). Two identities are no person's (Market-1501's page: a detected box
 * overlapping its hand-drawn box by less than 20% is a distractor, 0000; by 20–50% junk, -1, "of zero
 * influence" to the accuracy, which evaluation leaves out); their images are read without a
 * class, tagged `junk` or `distractor`.
 */
export async function readMarket1501(input: ReadInput): Promise<ReadResult> {
  const found = await locateMarket(input.path, input.io);
  if (!found)
    throw new AssayError('INVALID_INPUT', `${input.path} is not a Market-1501 layout.`, {
      hint: 'Market-1501 keeps its images in bounding_box_train/, bounding_box_test/ and query/, each named <identity>_c<camera>s<sequence>_<frame>_<box>.jpg (0002_c1s1_000451_03.jpg); name the folder holding them, or one of them.',
      details: { file: input.path },
    });
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  const identities = new Set<string>();
  const counts = { junk: 0, distractor: 0 };
  for (const folder of found.folders) {
    input.signal?.throwIfAborted();
    const place = MARKET_FOLDERS.get(folder.name);
    for (const file of folder.images) {
      const name = reidName(file);
      if (!name) continue;
      const key = `${folder.name}/${file}`;
      const junk = name.identity === '-1' ? 'junk' : /^0+$/.test(name.identity) ? 'distractor' : undefined;
      const { identity, ...where } = name;
      samples.push({
        key,
        kind: 'image',
        ...(place?.split ? { split: place.split } : {}),
        tags: [place?.tag ?? folder.name, ...(junk ? [junk] : [])],
        metadata: { identity, ...where },
      });
      if (junk) {
        counts[junk]++;
        continue;
      }
      identities.add(identity);
      annotations.push({
        sample: key,
        source: input.source,
        kind: 'classification',
        label: identity,
        attributes: { camera: name.camera },
      });
    }
  }
  const notes = [
    `${counted(samples.length, 'image')} in ${found.folders.map((f) => `${f.name}/`).join(', ')}, ${counted(identities.size, 'identity', 'identities')} (the classes)`,
  ];
  if (counts.junk + counts.distractor > 0)
    notes.push(
      `${counted(counts.junk, 'junk image')} (identity -1) and ${counted(counts.distractor, 'distractor')} (identity 0000) read without a class, tagged junk and distractor`,
    );
  return {
    classes: [...identities].sort().map((name) => ({ name })),
    samples,
    annotations,
    imagesRoot: found.root,
    problems: [],
    notes,
  };
}
