import type { Annotation } from '../../model/annotation.js';
import { copyImagesByKey } from '../copy-images.js';
import { counted } from '../counted.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import { CREATEML_WRITE_FILE } from './createml-files.js';

/**
 * Writes annotations.createml.json (Create ML object detection: x, y the box centre, pixels) with every
 * sample, its labelled boxes of one label source (ground_truth, else the first), any other shape with a
 * box as its box; images are copied beside it at <key>. Create ML has no splits, image-level labels,
 * attributes or scores: the notes say what was left out.
 */
export async function writeCreateMl(input: WriteInput): Promise<WriteResult> {
  const { dataset, io, outDir } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const bySample = new Map<string, Annotation[]>();
  const left = new Map<string, number>();
  let asBoxes = 0;
  for (const a of dataset.annotations) {
    if (a.source !== source) continue;
    if (!a.bbox || a.label === undefined) {
      left.set(a.kind, (left.get(a.kind) ?? 0) + 1);
      continue;
    }
    if (a.kind !== 'bbox') asBoxes++;
    bySample.set(a.sample, [...(bySample.get(a.sample) ?? []), a]);
  }
  let written = 0;
  const entries = dataset.samples.map((s) => ({
    image: s.key,
    annotations: (bySample.get(s.key) ?? []).map((a) => {
      written++;
      const [x, y, w, h] = a.bbox as [number, number, number, number];
      return { label: a.label, coordinates: { x: x + w / 2, y: y + h / 2, width: w, height: h } };
    }),
  }));
  const json = joinPath(outDir, CREATEML_WRITE_FILE);
  await io.writeText(json, `${JSON.stringify(entries, null, 2)}\n`);
  if (asBoxes > 0) notes.push(`${counted(asBoxes, 'shape')} other than boxes written as their boxes`);
  for (const [kind, n] of left)
    notes.push(`${counted(n, `${kind} annotation`)} not written: Create ML holds labelled boxes only`);
  if (dataset.samples.some((s) => s.split))
    notes.push('splits not written: Create ML has one list of images');
  const files = [json];
  files.push(...(await copyImagesByKey(input, dataset.samples, notes)));
  return { files, notes, annotations: written };
}
