import { appendAll } from '../../arrays/append-all.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { CLASS_LIST_FILE, samplesOf, writableClassificationsOf } from './class-list.js';
import { csvField } from './csv-rows.js';

/**
 * Writes labels.csv (`path,label[,split][,score][,<class>...]`, one row per classification of the
 * chosen source, probability columns in class-map order when annotations carry probs) and
 * classes.txt; images are copied beside the CSV at <key> so the paths resolve from its folder.
 */
export async function writeClassCsv(input: WriteInput): Promise<WriteResult> {
  // On export, the project's annotations in batches: only the classifications are held.
  const { chosen, classes, notes } = await writableClassificationsOf(input);
  const keys = new Set(chosen.map((a) => a.sample));
  const splits = new Map((await samplesOf(input, keys)).samples.map((s) => [s.key, s.split]));
  const hasSplit = chosen.some((a) => splits.get(a.sample));
  const hasScore = chosen.some((a) => a.score !== undefined);
  const hasProbs = chosen.some((a) => a.probs?.length === classes.length);
  const header = [
    'path',
    'label',
    ...(hasSplit ? ['split'] : []),
    ...(hasScore ? ['score'] : []),
    ...(hasProbs ? classes : []),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const a of chosen) {
    const cells = [a.sample, a.label as string];
    if (hasSplit) cells.push(splits.get(a.sample) ?? '');
    if (hasScore) cells.push(a.score === undefined ? '' : String(a.score));
    if (hasProbs)
      appendAll(
        cells,
        classes.map((_, i) => String(a.probs?.[i] ?? 0)),
      );
    lines.push(cells.map(csvField).join(','));
  }
  const files = [joinPath(input.outDir, 'labels.csv'), joinPath(input.outDir, CLASS_LIST_FILE)];
  await input.io.writeText(files[0] as string, `${lines.join('\n')}\n`);
  await input.io.writeText(files[1] as string, `${classes.join('\n')}\n`);
  if (input.images === 'none') return { files, notes, annotations: chosen.length };
  for (const key of new Set(chosen.map((a) => a.sample))) {
    const from = joinPath(input.imagesRoot, key);
    if (!(await input.io.exists(from))) {
      notes.push(`${key}: image file not found, not copied`);
      continue;
    }
    await input.io.copyFile(from, joinPath(input.outDir, key));
    files.push(joinPath(input.outDir, key));
  }
  return { files, notes, annotations: chosen.length };
}
