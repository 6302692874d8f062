import { classCsv } from './classification/class-csv-format.js';
import { classFolders } from './classification/class-folders-format.js';
import { coco } from './coco/coco-format.js';
import { conll } from './conll/conll-format.js';
import { cvat } from './cvat/cvat-format.js';
import type { Format } from './define-format.js';
import { kitti } from './kitti/kitti-format.js';
import { labelStudio } from './label-studio/label-studio-format.js';
import { nuscenes } from './nuscenes/nuscenes-format.js';
import { pcd, ply } from './point-files/point-files-format.js';
import { textCsv } from './text-csv/text-csv-format.js';
import { textJsonl } from './text-jsonl/text-jsonl-format.js';
import { voc } from './voc/voc-format.js';
import { yolo } from './yolo/yolo-format.js';

/** Every format Assay reads and writes, in the order `import auto` tries them. */
export const formats: readonly Format[] = [
  coco,
  yolo,
  voc,
  cvat,
  labelStudio,
  classCsv,
  classFolders,
  textCsv,
  textJsonl,
  conll,
  kitti,
  nuscenes,
  pcd,
  ply,
];

export function formatById(id: string): Format | undefined {
  return formats.find((f) => f.id === id);
}
