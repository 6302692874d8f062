import { counted } from '../counted.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { CLASS_LIST_FILE, SPLIT_FOLDERS, samplesOf, writableClassificationsOf } from './class-list.js';

/** A class name as one safe folder name. */
function folderName(label: string): string {
  const name = label.replace(/[/\\]/g, '_').trim();
  return name === '' || name === '.' || name === '..' ? `_${name}` : name;
}

/**
 * Copies each image into <split?>/<class>/<key> and writes classes.txt (class-map order). One class
 * per image (the first classification of the chosen source); split folders only when every written
 * image has a split named train/val/valid/validation/test.
 */
export async function writeClassFolders(input: WriteInput): Promise<WriteResult> {
  // On export, the project's annotations in batches: only the classifications are held.
  const { chosen, classes, notes } = await writableClassificationsOf(input);
  const files = [joinPath(input.outDir, CLASS_LIST_FILE)];
  await input.io.writeText(files[0] as string, `${classes.join('\n')}\n`);
  if (input.images === 'none') {
    notes.push('class folders are made of the images; with images "none" only classes.txt was written');
    return { files, notes, annotations: 0 };
  }
  const first = new Map<string, string>();
  for (const a of chosen) {
    if (first.has(a.sample))
      notes.push(`${a.sample}: more than one class; only "${first.get(a.sample)}" written`);
    else first.set(a.sample, a.label as string);
  }
  const { samples, total } = await samplesOf(input, new Set(first.keys()));
  const useSplits =
    samples.length > 0 && samples.every((s) => s.split && SPLIT_FOLDERS.has(s.split.toLowerCase()));
  if (!useSplits && samples.some((s) => s.split))
    notes.push('splits not written: not every image has a train/val/test split');
  const unlabeled = total - samples.length;
  if (unlabeled > 0)
    notes.push(
      `${counted(unlabeled, 'image')} without a classification ${unlabeled === 1 ? 'has' : 'have'} no class folder; not written`,
    );
  let copied = 0;
  for (const s of samples) {
    const from = joinPath(input.imagesRoot, s.key);
    if (!(await input.io.exists(from))) {
      notes.push(`${s.key}: image file not found, not copied`);
      continue;
    }
    const to = joinPath(
      input.outDir,
      useSplits ? (s.split as string) : '',
      folderName(first.get(s.key) as string),
      s.key,
    );
    await input.io.copyFile(from, to);
    files.push(to);
    copied++;
  }
  return { files, notes, annotations: copied };
}
