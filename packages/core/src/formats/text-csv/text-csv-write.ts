import type { Annotation } from '../../model/annotation.js';
import { csvField } from '../classification/csv-rows.js';
import { counted } from '../counted.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';

/** Each text sample's labels of the chosen source, in sample order; the notes name what is left out. */
export function textLabels(input: WriteInput): {
  labels: Map<string, Annotation[]>;
  notes: string[];
  written: number;
} {
  const { dataset } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const labels = new Map<string, Annotation[]>();
  let written = 0;
  let other = 0;
  for (const a of dataset.annotations) {
    if (a.source !== source) continue;
    if (a.kind !== 'classification' || a.label === undefined) {
      other++;
      continue;
    }
    const list = labels.get(a.sample) ?? [];
    list.push(a);
    labels.set(a.sample, list);
    written++;
  }
  if (other > 0)
    notes.push(
      `${counted(other, 'annotation')} that ${other === 1 ? 'is not a class label' : 'are not class labels'} (spans, shapes) not written`,
    );
  const images = dataset.samples.filter((s) => s.kind !== 'text').length;
  if (images > 0)
    notes.push(
      `${counted(images, 'sample')} that ${images === 1 ? 'is not a text' : 'are not texts'} not written`,
    );
  return { labels, notes, written };
}

/**
 * Writes `text.csv`: `id,text,label[,label_2...][,split]`, one row per text sample (also those without a
 * label), RFC 4180 quoting, LF line ends. The id is the sample key, so a re-import finds the same samples.
 */
export async function writeTextCsv(input: WriteInput): Promise<WriteResult> {
  const { labels, notes, written } = textLabels(input);
  const texts = input.dataset.samples.filter((s) => s.kind === 'text');
  const width = Math.max(1, ...[...labels.values()].map((l) => l.length));
  const hasSplit = texts.some((s) => s.split !== undefined);
  const header = ['id', 'text', 'label'];
  for (let i = 2; i <= width; i++) header.push(`label_${i}`);
  if (hasSplit) header.push('split');
  const lines = [header.join(',')];
  for (const s of texts) {
    const ls = labels.get(s.key) ?? [];
    const cells = [s.key, s.text ?? ''];
    for (let i = 0; i < width; i++) cells.push(ls[i]?.label ?? '');
    if (hasSplit) cells.push(s.split ?? '');
    lines.push(cells.map(csvField).join(','));
  }
  const file = joinPath(input.outDir, 'text.csv');
  await input.io.writeText(file, `${lines.join('\n')}\n`);
  return { files: [file], notes, annotations: written };
}
