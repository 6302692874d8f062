import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, extName, joinPath } from '../paths.js';
import { ANNOTATION_DIRS } from './voc-layout.js';

/**
 * What LabelMe XML has and VOC does not (both have an <annotation> root and a <filename>): its polygons
 * are <pt> points (a VOC <polygon>, Roboflow's, numbers its corners <x1>, <y1>, …).
 */
const LABELME = /<pt[\s>]|<sourceAnnotation[\s>]|<imagesize[\s>]/;

/**
 * Whether an .xml is a VOC annotation: its root is <annotation> and it has VOC's <size> or an
 * <object> with a <bndbox>, or (an image without objects nor size) a <filename> and nothing of
 * LabelMe's, whose files also have an <annotation> root.
 */
async function vocKind(io: FormatIO, file: string): Promise<'voc' | 'labelme' | undefined> {
  const text = await io.readText(file);
  const root = text
    .slice(0, 2000)
    .replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '')
    .match(/<([A-Za-z_][\w.-]*)/);
  if (root?.[1] !== 'annotation') return undefined;
  if (LABELME.test(text)) return 'labelme';
  return /<size[\s>]|<bndbox[\s>]|<filename[\s>]/.test(text) ? 'voc' : undefined;
}

/** Annotation files looked at in a folder: an image without objects (or size) must not decide alone. */
const LOOK_AT = 5;

/** A folder with Annotations/*.xml (or annotations/*.xml), or an .xml whose root is <annotation> → 0.9. */
export async function detectVoc(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.isDirectory(path))) {
    if (extName(path) === '.xml' && (await vocKind(io, path)) === 'voc') {
      return { confidence: 0.9, reason: 'XML with an <annotation> root (Pascal VOC)' };
    }
    return undefined;
  }
  let dir = path;
  for (const name of ANNOTATION_DIRS) {
    if (await io.isDirectory(joinPath(path, name))) {
      dir = joinPath(path, name);
      break;
    }
  }
  const xmls = (await io.listFiles(dir)).filter((f) => extName(f) === '.xml').slice(0, LOOK_AT);
  const kinds = await Promise.all(xmls.map((f) => vocKind(io, joinPath(dir, f))));
  const xml = xmls[kinds.indexOf('voc')];
  if (xml === undefined || kinds.includes('labelme')) return undefined;
  return {
    confidence: 0.9,
    reason: `${dir === path ? '' : `${baseName(dir)}/`}${xml} is a Pascal VOC annotation`,
  };
}
