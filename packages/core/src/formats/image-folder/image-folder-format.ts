import { AssayError } from '../../errors.js';
import type { Sample } from '../../model/sample.js';
import { isSplitLayout } from '../classification/class-folders-read.js';
import { isClutter } from '../clutter-files.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import { defineFormat, type ReadInput } from '../define-format.js';
import { extName, isImagePath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';

/** Files that hold annotations in some format: a folder with one is another format's. */
const ANNOTATION_EXTENSIONS = new Set(['.json', '.jsonl', '.xml', '.yaml', '.yml', '.csv', '.tsv', '.txt']);

/**
 * The images of a folder and its sub-folders, without annotations: one sample each, keyed by its path
 * below the folder (in the split its top folder names, when every top folder is train/val/test…), so
 * that a folder of photos can be scanned, embedded, checked and labelled. Other files are counted in a
 * note.
 */
async function readImageFolder(input: ReadInput): Promise<ReadResult> {
  const root = input.images ?? input.path;
  if (!(await input.io.isDirectory(root))) {
    throw new AssayError('INVALID_INPUT', `${root} is not a folder.`, {
      hint: 'Point to the folder holding the images.',
    });
  }
  const files = await input.io.listFiles(root, { recursive: true });
  const images = files.filter(isImagePath);
  const split = isSplitLayout(images);
  const problems = new ProblemList();
  const samples: Sample[] = [];
  for (const file of images) {
    const key = toSampleKey(file);
    if ('refused' in key) {
      problems.skip(root, file, key.refused);
      continue;
    }
    const top = file.slice(0, file.indexOf('/'));
    samples.push({ key: key.key, kind: 'image', ...(split ? { split: top } : {}) });
  }
  const others = files.length - images.length;
  const notes = [
    `${counted(samples.length, 'image')}, no annotations${split ? '; splits from the top folders' : ''}`,
  ];
  if (others > 0) notes.push(`${counted(others, 'other file')} left out`);
  return { classes: [], samples, annotations: [], imagesRoot: root, problems: problems.items, notes };
}

/**
 * A folder of images without annotations (photos to scan, embed, check and label), imported by name:
 * `import auto` only guesses it (below 0.5) for a folder holding images at its top and no annotation
 * file (JSON, XML, YAML, CSV, TXT), so that its hint names the command.
 */
export const imageFolder = defineFormat({
  id: 'image-folder',
  title: 'A folder of images without annotations',
  tasks: [],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: true, scores: false },
  async detect(path, io) {
    if (!(await io.isDirectory(path))) return undefined;
    const files = (await io.listFiles(path, { recursive: true })).filter((f) => !isClutter(f));
    if (files.some((f) => ANNOTATION_EXTENSIONS.has(extName(f)))) return undefined;
    const images = files.filter(isImagePath);
    if (images.length === 0) return undefined;
    // Never sure: the images/ or JPEGImages/ folder of a labelled dataset looks the same, and importing
    // it as photos without labels would lose them silently. A guess, named in import auto's hint.
    if (!images.some((f) => !f.includes('/'))) return undefined;
    return {
      confidence: 0.45,
      reason: `${counted(images.length, 'image')} and no annotation file; \`assay import image-folder\` reads them without labels`,
    };
  },
  read: readImageFolder,
});
