import { boxCsv } from './box-csv/box-csv-format.js';
import { brat } from './brat/brat-format.js';
import { camvid } from './camvid/camvid-format.js';
import { celeba } from './celeba/celeba-format.js';
import { cityscapes } from './cityscapes/cityscapes-format.js';
import { classCsv } from './classification/class-csv-format.js';
import { classFolders } from './classification/class-folders-format.js';
import { coco } from './coco/coco-format.js';
import { cocoPanoptic } from './coco-panoptic/panoptic-format.js';
import { conll } from './conll/conll-format.js';
import { createMl } from './createml/createml-format.js';
import { cvat } from './cvat/cvat-format.js';
import { datumaro } from './datumaro/datumaro-format.js';
import type { Format } from './define-format.js';
import { imageFolder } from './image-folder/image-folder-format.js';
import { imageList } from './image-list/image-list-format.js';
import { kitti } from './kitti/kitti-format.js';
import { kittiRaw } from './kitti-raw/kitti-raw-format.js';
import { labelStudio } from './label-studio/label-studio-format.js';
import { labelStudioText } from './label-studio/label-studio-text-format.js';
import { labelMe } from './labelme/labelme-format.js';
import { market1501 } from './market1501/market1501-format.js';
import { mot } from './mot/mot-format.js';
import { msmt17 } from './msmt17/msmt17-format.js';
import { nuscenes } from './nuscenes/nuscenes-format.js';
import { openImages } from './open-images/open-images-format.js';
import { las, pcd, ply } from './point-files/point-files-format.js';
import { sam } from './sam/sam-format.js';
import { segmentationMask } from './segmentation-mask/segmentation-mask-format.js';
import { withSplitFolders } from './split-folders.js';
import { supervisely } from './supervisely/supervisely-format.js';
import { textCsv } from './text-csv/text-csv-format.js';
import { textJsonl } from './text-jsonl/text-jsonl-format.js';
import { withSplitFiles } from './text-split-files.js';
import { via } from './via/via-format.js';
import { voc } from './voc/voc-format.js';
import { vott } from './vott/vott-format.js';
import { widerFace } from './widerface/widerface-format.js';
import { yolo } from './yolo/yolo-format.js';

/** Every format Assay reads and writes, in the order `import auto` tries them. */
export const formats: readonly Format[] = [
  coco,
  yolo,
  withSplitFolders(voc),
  cvat,
  labelStudio,
  labelStudioText,
  withSplitFolders(createMl),
  withSplitFolders(labelMe),
  via,
  vott,
  supervisely,
  datumaro,
  openImages,
  mot,
  cityscapes,
  widerFace,
  sam,
  imageList,
  cocoPanoptic,
  market1501,
  msmt17,
  segmentationMask,
  camvid,
  celeba,
  withSplitFolders(boxCsv),
  withSplitFolders(classCsv),
  classFolders,
  withSplitFiles(textCsv),
  withSplitFiles(textJsonl),
  withSplitFiles(conll),
  brat,
  kitti,
  kittiRaw,
  nuscenes,
  pcd,
  ply,
  las,
  imageFolder,
];

export function formatById(id: string): Format | undefined {
  return formats.find((f) => f.id === id);
}
