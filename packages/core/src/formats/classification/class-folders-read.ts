import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { isImagePath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { orderClasses, readClassList, SPLIT_FOLDERS } from './class-list.js';

/** Whether the image files' top folders are all split names (train/val/test/valid/validation). */
export function isSplitLayout(images: string[]): boolean {
  const tops = new Set(
    images.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/')).toLowerCase()),
  );
  return tops.size > 0 && [...tops].every((t) => SPLIT_FOLDERS.has(t));
}

/**
 * Reads root/<class>/<image> (or root/<split>/<class>/<image>): one classification per image, the
 * class being the first folder below the root (or below the split). Deeper folders stay in the key.
 * Class map: classes.txt at the root when present, then the other folder names sorted.
 */
export async function readClassFolders(input: ReadInput): Promise<ReadResult> {
  const root = input.path;
  if (!(await input.io.isDirectory(root))) {
    throw new AssayError('INVALID_INPUT', `${root} is not a folder of class folders.`, {
      hint: 'Point to the folder holding one sub-folder per class (optionally inside train/val/test).',
    });
  }
  const files = await input.io.listFiles(root, { recursive: true });
  const images = files.filter(isImagePath);
  const splitLayout = isSplitLayout(images);
  const problems = new ProblemList();
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  for (const file of images) {
    const parts = file.split('/');
    const depth = splitLayout ? 3 : 2;
    if (parts.length < depth) {
      problems.skip(
        root,
        file,
        `the image is not inside a class folder${splitLayout ? ' of a split folder' : ''}`,
      );
      continue;
    }
    const key = toSampleKey(file);
    if ('refused' in key) {
      problems.skip(root, file, key.refused);
      continue;
    }
    const label = (splitLayout ? parts[1] : parts[0]) as string;
    samples.push({ key: key.key, kind: 'image', ...(splitLayout ? { split: parts[0] as string } : {}) });
    annotations.push({ sample: key.key, source: input.source, kind: 'classification', label });
  }
  const found = [...new Set(annotations.map((a) => a.label as string))].sort();
  const names = orderClasses(await readClassList(root, input.io), found);
  const classes = names.map((name, i) => ({ name, originalIds: { 'class-folders': i } }));
  const ignored = files.length - images.length;
  return {
    classes,
    samples,
    annotations,
    imagesRoot: input.images ?? root,
    problems: problems.items,
    notes: [
      `${samples.length} images in ${found.length} class folders${splitLayout ? ' inside split folders' : ''}`,
      ...(ignored > 0 ? [`${counted(ignored, 'non-image file')} ignored`] : []),
    ],
  };
}
