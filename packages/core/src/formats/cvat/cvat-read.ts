import { AssayError } from '../../errors.js';
import { ELLIPSE_VERTICES } from '../../geometry/ellipse.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, joinPath, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { acceptLabel, type CvatMeta, readCvatMeta, warnUndeclared } from './cvat-meta.js';
import { readCvatProjectVideo } from './cvat-project-video.js';
import { CVAT_SHAPES, CVAT_UNSUPPORTED_SHAPES, readCvatShape } from './cvat-shapes.js';
import { readCvatVideo } from './cvat-video.js';
import { parseCvatXml, type XmlNode, xmlAttr, xmlChildren } from './cvat-xml.js';

/** File stems that name a split when a task export is saved per subset (`train.xml`, as Datumaro does). */
const SPLIT_STEMS = new Set(['train', 'val', 'valid', 'validation', 'test']);

export interface ReadState {
  classes: Map<string, ClassDef>;
  samples: Map<string, Sample>;
  annotations: Annotation[];
  problems: ProblemList;
  source: string;
  /** Labels used but not declared in `<meta>`, and where each was first met (see acceptLabel). */
  undeclared: Map<string, { file: string; record: string }>;
}

/** The XML files a path names: the file itself, or a folder's annotations.xml, else its top-level .xml files. */
export async function cvatFiles(path: string, io: FormatIO): Promise<string[]> {
  if (!(await io.isDirectory(path))) return [path];
  const main = joinPath(path, 'annotations.xml');
  if (await io.exists(main)) return [main];
  const xml = (await io.listFiles(path)).filter((f) => extName(f) === '.xml').map((f) => joinPath(path, f));
  if (xml.length === 0) {
    throw new AssayError('NOT_FOUND', `No CVAT XML file in ${path}.`, {
      hint: 'Point to annotations.xml from a "CVAT for images 1.1" export, or the folder holding it.',
    });
  }
  return xml;
}

function sampleKey(image: XmlNode, meta: CvatMeta): { key: string } | { refused: string } {
  const name = xmlAttr(image, 'name') ?? '';
  const subset = xmlAttr(image, 'subset');
  // Project exports keep each subset's images in images/<subset>/<name>.
  return toSampleKey(meta.scope === 'project' && subset ? `${subset}/${name}` : name);
}

function readSample(file: string, image: XmlNode, meta: CvatMeta, state: ReadState): Sample | undefined {
  const record = `<image id="${xmlAttr(image, 'id') ?? ''}" name="${xmlAttr(image, 'name') ?? ''}">`;
  const key = sampleKey(image, meta);
  if ('refused' in key) {
    state.problems.skip(file, record, key.refused, 'Image names must be relative to the images folder.');
    return undefined;
  }
  if (state.samples.has(key.key)) {
    state.problems.skip(file, record, `image "${key.key}" is listed twice; the second entry is skipped`);
    return undefined;
  }
  const width = Number(xmlAttr(image, 'width'));
  const height = Number(xmlAttr(image, 'height'));
  if (!(width > 0 && height > 0 && Number.isFinite(width + height))) {
    const size = `${xmlAttr(image, 'width')}x${xmlAttr(image, 'height')}`;
    state.problems.skip(file, record, `width/height ${size} are not positive numbers`);
    return undefined;
  }
  const sample: Sample = { key: key.key, kind: 'image', width, height };
  const id = xmlAttr(image, 'id');
  if (id !== undefined) sample.originalId = /^\d+$/.test(id) ? Number(id) : id;
  const stem = stripExt(baseName(file)).toLowerCase();
  const split = xmlAttr(image, 'subset') ?? (SPLIT_STEMS.has(stem) ? stem : undefined);
  if (split) sample.split = split;
  return sample;
}

function readShapes(file: string, image: XmlNode, sample: Sample, meta: CvatMeta, state: ReadState): void {
  const record = `<image name="${xmlAttr(image, 'name') ?? ''}">`;
  for (const tag of Object.keys(CVAT_SHAPES)) {
    xmlChildren(image, tag).forEach((node, i) => {
      const where = `${record} <${tag}> #${i + 1}`;
      const label = xmlAttr(node, 'label') ?? '';
      acceptLabel(label, meta, state, { file, record: where });
      const spec = meta.labels.find((l) => l.name === label);
      const ctx = {
        sample: sample.key,
        source: state.source,
        width: sample.width,
        height: sample.height,
        spec,
      };
      const shape = readCvatShape(tag, node, ctx);
      if ('refused' in shape) state.problems.skip(file, where, shape.refused);
      else state.annotations.push(shape.annotation);
    });
  }
  for (const tag of CVAT_UNSUPPORTED_SHAPES) {
    const n = xmlChildren(image, tag).length;
    if (n > 0)
      state.problems.skip(
        file,
        record,
        `${counted(n, `<${tag}> shape`)} ${n === 1 ? 'is' : 'are'} not supported yet: skipped`,
      );
  }
}

async function readFile(file: string, io: FormatIO, state: ReadState, imagesRoot: string): Promise<void> {
  const root = parseCvatXml(await io.readText(file), file);
  const meta = readCvatMeta(root);
  for (const label of meta.labels)
    if (!state.classes.has(label.name))
      state.classes.set(label.name, {
        name: label.name,
        ...(label.points ? { keypoints: label.points } : {}),
      });
  if (meta.scope === 'project' && meta.tasks.length > 0)
    await readCvatProjectVideo(file, root, meta, state, io, imagesRoot);
  else await readCvatVideo(file, root, meta, state, io, imagesRoot);
  for (const image of xmlChildren(root, 'image')) {
    const sample = readSample(file, image, meta, state);
    if (sample === undefined) continue;
    state.samples.set(sample.key, sample);
    readShapes(file, image, sample, meta, state);
  }
}

/**
 * Reads CVAT for images 1.1 XML. Images root: ReadInput.images, else `<folder>/images` when it
 * exists (CVAT's export layout), else the XML's folder.
 */
export async function readCvat(input: ReadInput): Promise<ReadResult> {
  const files = await cvatFiles(input.path, input.io);
  const state: ReadState = {
    classes: new Map(),
    samples: new Map(),
    annotations: [],
    problems: new ProblemList(),
    source: input.source,
    undeclared: new Map(),
  };
  const base = dirName(files[0] ?? input.path);
  const images = joinPath(base, 'images');
  const imagesRoot = input.images ?? ((await input.io.isDirectory(images)) ? images : base);
  for (const file of files) await readFile(file, input.io, state, imagesRoot);
  warnUndeclared(state.undeclared, state.problems);
  const ellipses = state.annotations.filter(
    (a) => a.kind === 'polygon' && a.attributes?.shape === 'ellipse',
  ).length;
  if (ellipses > 0)
    state.problems.warn(
      files.join(', '),
      undefined,
      `${counted(ellipses, '<ellipse> shape')} read as ${ellipses === 1 ? 'a polygon' : 'polygons'} of ${ELLIPSE_VERTICES} points on the ellipse (box and area: the ellipse's own; attribute shape=ellipse)`,
      'Assay has no ellipse kind; the polygon lies within 0.7% of the ellipse area.',
    );
  return {
    classes: [...state.classes.values()],
    samples: [...state.samples.values()],
    annotations: state.annotations,
    imagesRoot,
    problems: state.problems.items,
    notes: [
      `${counted(files.length, 'CVAT XML file')}; ${counted(state.samples.size, 'image or frame', 'images or frames')}; ${counted(state.classes.size, 'label')}`,
    ],
  };
}
