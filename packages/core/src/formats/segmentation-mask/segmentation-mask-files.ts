import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';

/** The folders and files of a segmentation mask export that `path` holds. */
export interface MaskLayout {
  root: string;
  /** labelmap.txt, when there is one. */
  labelmap?: string;
  /** ImageSets/Segmentation/<subset>.txt lists. */
  lists: string[];
  hasObjects: boolean;
}

/**
 * CVAT's "Segmentation mask 1.1" export (and Datumaro's voc_segmentation): SegmentationClass/ of class
 * PNGs with labelmap.txt or ImageSets/Segmentation/*.txt beside it, SegmentationObject/ optional, and no
 * Annotations/ of VOC XML (a VOC export is voc's). `path` is that folder or its SegmentationClass/.
 * Undefined when it is not one.
 */
export async function locateMaskExport(path: string, io: FormatIO): Promise<MaskLayout | undefined> {
  if (!(await io.isDirectory(path))) return undefined;
  const root = baseName(path) === 'SegmentationClass' ? dirName(path) : path;
  const classes = joinPath(root, 'SegmentationClass');
  if (!(await io.isDirectory(classes))) return undefined;
  const annotations = joinPath(root, 'Annotations');
  if (
    (await io.isDirectory(annotations)) &&
    (await io.listFiles(annotations)).some((f) => extName(f) === '.xml')
  )
    return undefined;
  const top = await io.listFiles(root);
  const labelmap = top.includes('labelmap.txt') ? joinPath(root, 'labelmap.txt') : undefined;
  const sets = joinPath(root, 'ImageSets', 'Segmentation');
  const lists = (await io.isDirectory(sets))
    ? (await io.listFiles(sets)).filter((f) => extName(f) === '.txt').map((f) => joinPath(sets, f))
    : [];
  if (!labelmap && lists.length === 0) return undefined;
  if (!(await io.listFiles(classes)).some((f) => extName(f) === '.png')) return undefined;
  return {
    root,
    ...(labelmap ? { labelmap } : {}),
    lists: lists.sort(),
    hasObjects: await io.isDirectory(joinPath(root, 'SegmentationObject')),
  };
}
