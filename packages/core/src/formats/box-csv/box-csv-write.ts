import type { Annotation } from '../../model/annotation.js';
import { csvField } from '../classification/csv-rows.js';
import { copyImagesByKey } from '../copy-images.js';
import { counted } from '../counted.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import { BOX_CSV_FILE } from './box-csv-read.js';

/** The TensorFlow Object Detection CSV header, which the writer always writes first. */
const HEADER = ['filename', 'width', 'height', 'class', 'xmin', 'ymin', 'xmax', 'ymax'];

const num = (v: number | undefined): string => (v === undefined ? '' : String(v));

/**
 * Writes annotations.csv as the TensorFlow Object Detection CSV (`filename,width,height,class,xmin,ymin,
 * xmax,ymax`, pixels; `score` and `split` columns after them when some box has a score or some image a
 * split): one row per box of one label source (ground_truth, else the first), any other shape with a box
 * as its box, and a row with empty box cells for an image without boxes, so that it is read back.
 * Images are copied beside the CSV at <key>.
 */
export async function writeBoxCsv(input: WriteInput): Promise<WriteResult> {
  const { dataset, io, outDir } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const bySample = new Map<string, Annotation[]>();
  const skipped = new Map<string, number>();
  let asBoxes = 0;
  for (const a of dataset.annotations) {
    if (a.source !== source) continue;
    if (!a.bbox || a.label === undefined) {
      skipped.set(a.kind, (skipped.get(a.kind) ?? 0) + 1);
      continue;
    }
    if (a.kind !== 'bbox') asBoxes++;
    const list = bySample.get(a.sample);
    if (list) list.push(a);
    else bySample.set(a.sample, [a]);
  }
  const written = [...bySample.values()].flat();
  const hasScore = written.some((a) => a.score !== undefined);
  const hasSplit = dataset.samples.some((s) => s.split);
  const header = [...HEADER, ...(hasScore ? ['score'] : []), ...(hasSplit ? ['split'] : [])];
  const lines = [header.join(',')];
  for (const s of dataset.samples) {
    const head = [csvField(s.key), num(s.width), num(s.height)];
    const tail = (a?: Annotation): string[] => [
      ...(hasScore ? [num(a?.score)] : []),
      ...(hasSplit ? [csvField(s.split ?? '')] : []),
    ];
    const boxes = bySample.get(s.key) ?? [];
    if (boxes.length === 0) lines.push([...head, '', '', '', '', '', ...tail()].join(','));
    for (const a of boxes) {
      const [x, y, w, h] = a.bbox as [number, number, number, number];
      lines.push(
        [...head, csvField(a.label as string), num(x), num(y), num(x + w), num(y + h), ...tail(a)].join(','),
      );
    }
  }
  const csv = joinPath(outDir, BOX_CSV_FILE);
  await io.writeText(csv, `${lines.join('\n')}\n`);
  if (asBoxes > 0)
    notes.push(
      `${counted(asBoxes, 'shape')} other than boxes written as ${asBoxes === 1 ? 'its box' : 'their boxes'}`,
    );
  for (const [kind, n] of skipped)
    notes.push(`${counted(n, `${kind} annotation`)} not written: a box CSV holds labelled boxes only`);
  const files = [csv];
  files.push(...(await copyImagesByKey(input, dataset.samples, notes)));
  return { files, notes, annotations: written.length };
}
