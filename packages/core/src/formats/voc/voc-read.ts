import { appendAll } from '../../arrays/append-all.js';
import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { settleImagesRoot } from './voc-images-root.js';
import { imagesByStem, VOC_DEFAULT_SPLIT, vocLayout, vocSplits } from './voc-layout.js';
import { joinVocMasks, type VocMaskCounts, type VocMasks, vocMasks } from './voc-masks.js';
import { vocObjectAnnotations } from './voc-object.js';
import { parseVocXml, type XmlNode, xmlChild, xmlList, xmlText } from './voc-xml.js';

const CONCURRENCY = 32;

interface FileResult {
  sample?: Sample;
  annotations: Annotation[];
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function vocSample(
  root: XmlNode,
  id: string,
  key: string,
  split: string | undefined,
  file: string,
  problems: ProblemList,
): Sample {
  const size = xmlChild(root, 'size');
  const width = positive(xmlText(xmlChild(size, 'width')));
  const height = positive(xmlText(xmlChild(size, 'height')));
  if (width === undefined || height === undefined) {
    problems.warn(
      file,
      '<size>',
      'no usable <size> (width/height missing or 0); scan will read it from the image',
    );
  }
  const depth = positive(xmlText(xmlChild(size, 'depth')));
  const folder = xmlText(xmlChild(root, 'folder'));
  const metadata = { ...(folder ? { folder } : {}), ...(depth ? { depth } : {}) };
  return {
    key,
    kind: 'image',
    originalId: id,
    ...(width && height ? { width, height } : {}),
    ...(split && split !== VOC_DEFAULT_SPLIT ? { split } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

async function readFile(
  input: ReadInput,
  file: string,
  single: boolean,
  splits: Map<string, string>,
  problems: ProblemList,
  masks?: { at: VocMasks; counts: VocMaskCounts },
): Promise<FileResult> {
  const root = parseVocXml(await input.io.readText(file), file);
  if (!root) {
    const reason = `${file} is not a VOC annotation (its root element is not <annotation>)`;
    if (single)
      throw new AssayError('INVALID_INPUT', reason, { hint: 'Pass a Pascal VOC .xml annotation file.' });
    problems.skip(file, undefined, reason);
    return { annotations: [] };
  }
  const id = stripExt(baseName(file));
  const filename = xmlText(xmlChild(root, 'filename'));
  const checked = toSampleKey(filename || `${id}.jpg`);
  if ('refused' in checked) {
    problems.skip(
      file,
      '<filename>',
      checked.refused,
      'VOC <filename> must name an image inside JPEGImages/.',
    );
    return { annotations: [] };
  }
  if (!filename) problems.warn(file, '<filename>', `no <filename>; assumed ${checked.key}`);
  const sample = vocSample(root, id, checked.key, splits.get(id), file, problems);
  const ctx = {
    sample: checked.key,
    source: input.source,
    skip: (record: string, reason: string) =>
      problems.skip(file, record, reason, 'Fix or remove this object.'),
  };
  const annotations = xmlList(xmlChild(root, 'object')).flatMap((o, i) =>
    vocObjectAnnotations(o, i + 1, ctx),
  );
  if (!masks) return { sample, annotations };
  const withMasks = await joinVocMasks(
    masks.at,
    id,
    annotations,
    { ...sample, source: input.source },
    input.io,
    problems,
    masks.counts,
  );
  return { sample, annotations: withMasks };
}

/** Samples for ids a split list names without an annotation file (VOC test images, backgrounds). */
async function listedOnly(
  input: ReadInput,
  imagesRoot: string,
  splits: Map<string, string>,
  seen: Set<string>,
  problems: ProblemList,
  splitsDir = '',
) {
  const unseen = [...splits].filter(([id]) => !seen.has(id));
  if (unseen.length === 0) return [];
  const byStem = await imagesByStem(input.io, imagesRoot);
  const samples: Sample[] = [];
  for (const [id, split] of unseen) {
    const key = byStem.get(id);
    if (key)
      samples.push({ key, kind: 'image', originalId: id, ...(split === VOC_DEFAULT_SPLIT ? {} : { split }) });
    else
      problems.warn(
        `${splitsDir}/${split}.txt`,
        id,
        `lists ${id}, which has neither an annotation file nor an image`,
      );
  }
  return samples;
}

/** Reads VOC annotations into the canonical model (bbox convention: see voc-object.ts). */
export async function readVoc(input: ReadInput): Promise<ReadResult> {
  const problems = new ProblemList();
  const layout = await vocLayout(input);
  const splits = await vocSplits(input.io, layout.splitsDir);
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  const keys = new Set<string>();
  const maskDirs = await vocMasks(layout.root, input.io);
  const counts: VocMaskCounts = { joined: 0, apart: 0, files: 0 };
  const masks = maskDirs ? { at: maskDirs, counts } : undefined;
  for (let i = 0; i < layout.xmlFiles.length; i += CONCURRENCY) {
    if (input.signal?.aborted) throw new AssayError('INTERRUPTED', `Reading ${input.path} was interrupted.`);
    const chunk = layout.xmlFiles.slice(i, i + CONCURRENCY);
    const results = await Promise.all(
      chunk.map((f) => readFile(input, f, layout.single, splits, problems, masks)),
    );
    for (const [j, result] of results.entries()) {
      if (!result.sample) continue;
      if (keys.has(result.sample.key)) {
        problems.skip(
          chunk[j] ?? '',
          '<filename>',
          `${result.sample.key} is already annotated by another file`,
          'Keep one annotation file per image.',
        );
        continue;
      }
      keys.add(result.sample.key);
      samples.push(result.sample);
      appendAll(annotations, result.annotations);
    }
  }
  const settled = await settleImagesRoot(input.io, layout, samples, annotations);
  const imagesRoot = settled.root;
  const seen = new Set(samples.map((s) => String(s.originalId)));
  appendAll(samples, await listedOnly(input, imagesRoot, splits, seen, problems, layout.splitsDir));
  const classes = [...new Set(annotations.map((a) => a.label ?? ''))]
    .filter(Boolean)
    .map((name) => ({ name }));
  const notes = [
    `${counted(layout.xmlFiles.length, 'annotation file')}, ${counted(classes.length, 'class', 'classes')}`,
    ...(settled.note ? [settled.note] : []),
  ];
  if (counts.files > 0)
    notes.push(
      `${counted(counts.files, 'SegmentationObject PNG')}: ${counted(counts.joined, 'object')} with ${counts.joined === 1 ? 'its mask' : 'their masks'} (instance k is the k-th <object>)${counts.apart > 0 ? `, ${counted(counts.apart, 'instance')} matching no object read apart (see warnings)` : ''}`,
    );
  return { classes, samples, annotations, imagesRoot, problems: problems.items, notes };
}
