import { appendAll, maxOf, minOf } from '../../arrays/append-all.js';
import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { ImageSize } from '../format-io.js';
import { IMAGE_EXTENSIONS, relativeInside, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { resolveYoloLayout } from './resolve-yolo-layout.js';
import { yoloRecordToAnnotation } from './yolo-annotation.js';
import { FileIndex, imageStemFromLabel, type YoloEntry, type YoloLayout } from './yolo-layout.js';
import { parseYoloLine } from './yolo-line.js';

/** How many images are probed for their size at once. */
const CONCURRENCY = 16;

interface ReadState {
  input: ReadInput;
  layout: YoloLayout;
  imagesRoot: string;
  problems: ProblemList;
  prediction: boolean;
  /** Class name by YOLO id, filled from the names file or, without one, from the project. */
  classes: Map<number, ClassDef>;
}

function className(state: ReadState, id: number): string | undefined {
  const known = state.classes.get(id);
  if (known) return known.name;
  if (state.layout.names) return undefined;
  const name = state.input.lookup.classNameByOriginalId('yolo', id);
  if (name !== undefined) state.classes.set(id, { name, originalIds: { yolo: id } });
  return name;
}

/** The sample key of a label file without an image, when the project already knows that image. */
function keyOfOrphan(state: ReadState, label: string): string | undefined {
  const stem = relativeInside(state.imagesRoot, imageStemFromLabel(label) ?? stripExt(label));
  if (stem === undefined) return undefined;
  for (const ext of IMAGE_EXTENSIONS) {
    if (state.input.lookup.hasSampleKey(`${stem}${ext}`)) return `${stem}${ext}`;
  }
  return undefined;
}

function sampleKey(state: ReadState, entry: YoloEntry): string | undefined {
  if (!entry.image) {
    const key = entry.label ? keyOfOrphan(state, entry.label) : undefined;
    if (!key) {
      state.problems.skip(
        entry.label ?? state.layout.root,
        undefined,
        `label file ${entry.label} has no image, so its normalised coordinates cannot be converted`,
        'Put the image where the label expects it (images/ ↔ labels/, same name) or pass --images.',
      );
    }
    return key;
  }
  const rel = relativeInside(state.imagesRoot, entry.image);
  const checked = rel === undefined ? undefined : toSampleKey(rel);
  if (checked && 'key' in checked) return checked.key;
  state.problems.skip(
    entry.label ?? entry.image,
    undefined,
    `image ${entry.image} is outside the images folder ${state.imagesRoot}`,
    'Keep every split inside one dataset folder, or pass the common folder with --images.',
  );
  return undefined;
}

async function imageSize(state: ReadState, entry: YoloEntry, key: string): Promise<ImageSize | undefined> {
  const size = entry.image ? await state.input.io.imageSize(entry.image) : undefined;
  return size ?? state.input.lookup.sampleSize(key);
}

function parseLines(
  state: ReadState,
  entry: YoloEntry,
  lines: [number, string][],
  key: string,
  size: ImageSize,
) {
  const out: Annotation[] = [];
  const ctx = {
    prediction: state.prediction,
    ...(state.layout.kptShape ? { kptShape: state.layout.kptShape } : {}),
  };
  for (const [n, line] of lines) {
    const record = parseYoloLine(line, ctx);
    const file = entry.label ?? '';
    if (typeof record === 'string') {
      state.problems.skip(file, `line ${n}`, record, 'A YOLO label line is `class cx cy w h` in 0..1.');
      continue;
    }
    const label = className(state, record.cls);
    if (label === undefined) {
      const known = state.layout.names?.map((c) => c.id) ?? [];
      const range = known.length > 0 ? ` (known ids ${minOf(known)}..${maxOf(known)})` : '';
      const where = state.layout.configFile ?? 'the project';
      state.problems.skip(
        file,
        `line ${n}`,
        `class id ${record.cls} is not in ${where}${range}`,
        'Add the class to the names list.',
      );
      continue;
    }
    const kptDims = state.layout.kptShape?.[1] ?? 3;
    out.push(
      yoloRecordToAnnotation(record, {
        sample: key,
        source: state.input.source,
        label,
        size,
        kptDims,
        prediction: state.prediction,
      }),
    );
  }
  return out;
}

async function readEntry(
  state: ReadState,
  entry: YoloEntry,
): Promise<{ sample?: Sample; annotations: Annotation[] }> {
  const key = sampleKey(state, entry);
  if (key === undefined) return { annotations: [] };
  const text = entry.label ? (await state.input.io.readText(entry.label)).replace(/^\uFEFF/, '') : '';
  const lines = text
    .split(/\r?\n/)
    .map((line, i): [number, string] => [i + 1, line.trim()])
    .filter(([, line]) => line.length > 0 && !line.startsWith('#'));
  const sample: Sample = { key, kind: 'image', ...(entry.split ? { split: entry.split } : {}) };
  if (lines.length === 0) return { sample, annotations: [] };
  const size = await imageSize(state, entry, key);
  if (!size) {
    state.problems.skip(
      entry.image ?? key,
      undefined,
      `cannot read the size of image ${entry.image ?? key} (missing or not an image); its ${lines.length} labels in ${entry.label} were skipped`,
      'YOLO coordinates are fractions of the image size: the image must be readable. Run scan to see what is wrong with it.',
    );
    return { sample, annotations: [] };
  }
  sample.width = size.width;
  sample.height = size.height;
  return { sample, annotations: parseLines(state, entry, lines, key, size) };
}

/** Reads any of the YOLO layouts into the canonical model, converting with each image's real size. */
export async function readYolo(input: ReadInput): Promise<ReadResult> {
  const problems = new ProblemList();
  const layout = await resolveYoloLayout({ input, io: input.io, problems, files: new FileIndex(input.io) });
  const classes = new Map<number, ClassDef>();
  const kpts = layout.kptShape ? Array.from({ length: layout.kptShape[0] }, (_, i) => String(i)) : undefined;
  for (const { id, name } of layout.names ?? []) {
    classes.set(id, { name, originalIds: { yolo: id }, ...(kpts ? { keypoints: kpts } : {}) });
  }
  const imagesRoot = input.images ?? layout.imagesRoot;
  const state: ReadState = {
    input,
    layout,
    imagesRoot,
    problems,
    prediction: input.source.startsWith('prediction'),
    classes,
  };
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  for (let i = 0; i < layout.entries.length; i += CONCURRENCY) {
    if (input.signal?.aborted) throw new AssayError('INTERRUPTED', `Reading ${input.path} was interrupted.`);
    const chunk = layout.entries.slice(i, i + CONCURRENCY);
    for (const result of await Promise.all(chunk.map((entry) => readEntry(state, entry)))) {
      if (result.sample) samples.push(result.sample);
      appendAll(annotations, result.annotations);
    }
  }
  return {
    classes: [...classes.values()],
    samples,
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: layout.notes,
  };
}
