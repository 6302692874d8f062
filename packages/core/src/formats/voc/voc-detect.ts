import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName, joinPath } from '../paths.js';

/**
 * Whether an .xml is a VOC annotation: its root is <annotation> and it has VOC's <size> or an
 * <object> with a <bndbox> (LabelMe files also have an <annotation> root, but neither of these).
 */
async function rootIsAnnotation(io: FormatIO, file: string): Promise<boolean> {
  const text = await io.readText(file);
  const root = text
    .slice(0, 2000)
    .replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '')
    .match(/<([A-Za-z_][\w.-]*)/);
  return root?.[1] === 'annotation' && (/<size[\s>]/.test(text) || /<bndbox[\s>]/.test(text));
}

/** A folder with Annotations/*.xml, or an .xml whose root is <annotation> → 0.9. */
export async function detectVoc(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!(await io.isDirectory(path))) {
    if (extName(path) === '.xml' && (await rootIsAnnotation(io, path))) {
      return { confidence: 0.9, reason: 'XML with an <annotation> root (Pascal VOC)' };
    }
    return undefined;
  }
  const annotations = joinPath(path, 'Annotations');
  const dir = (await io.isDirectory(annotations)) ? annotations : path;
  const xml = (await io.listFiles(dir)).find((f) => extName(f) === '.xml');
  if (xml && (await rootIsAnnotation(io, joinPath(dir, xml)))) {
    return {
      confidence: 0.9,
      reason: `${dir === path ? '' : 'Annotations/'}${xml} is a Pascal VOC annotation`,
    };
  }
  return undefined;
}
