import { appendAll } from '../../arrays/append-all.js';
import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { ImageSize } from '../format-io.js';
import { IMAGE_EXTENSIONS, relativeInside, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { dotaAnnotations } from './dota-annotations.js';
import { resolveYoloLayout } from './resolve-yolo-layout.js';
import { isBinary } from './ultralytics-layout.js';
import { yoloRecordToAnnotation } from './yolo-annotation.js';
import {
  FileIndex,
  imageStemFromLabel,
  NAMES_FILES,
  type YoloEntry,
  type YoloLayout,
} from './yolo-layout.js';
import { parseYoloLine, TOLERANCE, yoloLineShape } from './yolo-line.js';

/** The class-name files a YOLO folder is searched for, in order, for messages. */
const LOOKED_FOR = `data.yaml/dataset.yaml with names:, obj.data, ${NAMES_FILES.join(', ')}, *.names`;

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
  /** Ids named by their number because no names file or project class gave a name. */
  numbered: Set<number>;
  /** DOTA classes, by the names its lines give. */
  named: Map<string, ClassDef>;
}

function className(state: ReadState, id: number): string | undefined {
  const known = state.classes.get(id);
  if (known) return known.name;
  if (state.layout.names) return undefined;
  const fromProject = state.input.lookup.classNameByOriginalId('yolo', id);
  // No names file and a class the project does not know: numbered classes `0`, `1`..., as Ultralytics
  // names them when data.yaml only gives `nc` (the reader warns once, naming the files it looked for).
  const name = fromProject ?? String(id);
  if (fromProject === undefined) state.numbered.add(id);
  state.classes.set(id, { name, originalIds: { yolo: id } });
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
  let clipped = 0;
  const file = entry.label ?? '';
  for (const [n, line] of lines) {
    const record = parseYoloLine(line, ctx);
    if (typeof record === 'string') {
      const values = line.split(/\s+/).length - 1;
      state.problems.skip(
        file,
        `line ${n}`,
        `${record}; the line was read as ${yoloLineShape(values, ctx)}`,
        'YOLO label lines are `class cx cy w h` (box), `class x1 y1 x2 y2 x3 y3 x4 y4` (oriented box) or `class x1 y1 x2 y2 ...` (polygon), in 0..1 of the image size.',
      );
      continue;
    }
    clipped += record.clipped ?? 0;
    const label = className(state, record.cls);
    if (label === undefined) {
      const known = state.layout.names?.map((c) => c.id) ?? [];
      const range = known.length > 0 ? ` (known ids ${rangeOf(known)})` : '';
      const where = state.layout.configFile ?? 'the project';
      state.problems.skip(
        file,
        `line ${n}`,
        `class id ${record.cls} is not in ${where}${range}`,
        `Add a name for class ${record.cls} to ${where}.`,
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
  if (clipped > 0) {
    state.problems.warn(
      file,
      undefined,
      `${counted(clipped, 'coordinate')} slightly outside 0..1 (within Ultralytics' ${TOLERANCE * 100}% tolerance) clipped to the image`,
      'Ultralytics accepts and clips these too; re-export the labels from the tool that wrote them to silence this.',
    );
  }
  return out;
}

/** `min..max` of a list of ids, without spreading it into Math.min/max. */
function rangeOf(ids: number[]): string {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const id of ids) {
    lo = Math.min(lo, id);
    hi = Math.max(hi, id);
  }
  return `${lo}..${hi}`;
}

/** A label file's text; a binary file (an image saved as .txt) is one problem, not a line per byte run. */
async function labelText(state: ReadState, label: string): Promise<string> {
  const bytes = await state.input.io.readBytes(label);
  if (isBinary(bytes)) {
    state.problems.skip(
      label,
      undefined,
      `${label} holds binary data, not YOLO label lines`,
      'A YOLO label file is text: one `class x y ...` line per object.',
    );
    return '';
  }
  return new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
}

async function readEntry(
  state: ReadState,
  entry: YoloEntry,
): Promise<{ sample?: Sample; annotations: Annotation[] }> {
  const key = sampleKey(state, entry);
  if (key === undefined) return { annotations: [] };
  const text = entry.label ? await labelText(state, entry.label) : '';
  const lines = text
    .split(/\r?\n/)
    .map((line, i): [number, string] => [i + 1, line.trim()])
    .filter(([, line]) => line.length > 0 && !line.startsWith('#'));
  const sample: Sample = { key, kind: 'image', ...(entry.split ? { split: entry.split } : {}) };
  if (lines.length === 0) return { sample, annotations: [] };
  if (state.layout.kind === 'dota') return { sample, annotations: readDotaLines(state, entry, lines, key) };
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

/** DOTA lines are in pixels: no image size needed to read them. */
function readDotaLines(state: ReadState, entry: YoloEntry, lines: [number, string][], key: string) {
  return dotaAnnotations(lines, {
    sample: key,
    source: state.input.source,
    file: entry.label ?? key,
    problems: state.problems,
    useClass: (name) => {
      if (!state.named.has(name)) state.named.set(name, { name });
    },
  });
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
    numbered: new Set(),
    named: new Map(),
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
  if (state.numbered.size > 0) {
    const ids = [...state.numbered].sort((a, b) => a - b);
    problems.warn(
      layout.root,
      undefined,
      `no class names found (looked for ${LOOKED_FOR}): class ids ${ids.join(', ')} imported as classes named by their number`,
      'Add classes.txt (one name per line, line 1 = id 0) or a data.yaml with `names:` and import again with --replace to name them.',
    );
  }
  const images = layout.entries.filter((e) => e.image !== undefined).length;
  if (images > 0 && !layout.entries.some((e) => e.label !== undefined)) {
    problems.warn(
      layout.root,
      undefined,
      `none of the ${images === 1 ? 'image' : `${images} images`} has a label file: imported as ${images === 1 ? 'an image' : 'images'} without objects`,
      "YOLO looks for each image's labels in the labels/ folder beside images/ (train/images/a.jpg → train/labels/a.txt); move the .txt files there, or import the label folder by its path.",
    );
  }
  return {
    classes: [
      ...[...classes.values()].sort((a, b) => Number(a.originalIds?.yolo) - Number(b.originalIds?.yolo)),
      // DOTA names its classes in each line: sorted, so the class order does not depend on read order.
      ...[...state.named.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ],
    samples,
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: layout.notes,
  };
}
