import { readFile } from 'node:fs/promises';
import type { DetBox, DetectionImage } from './match-boxes.js';

/** Test helper (not exported): COCO ground truth + results as DetectionImages, by ascending image id. */
export interface CocoFixture {
  imageIds: number[];
  images: DetectionImage[];
}

interface CocoAnn {
  id?: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score?: number;
  iscrowd?: number;
}

export async function loadCocoFixture(gtPath: string, dtPath: string): Promise<CocoFixture> {
  const gt = JSON.parse(await readFile(gtPath, 'utf8')) as {
    images: { id: number }[];
    annotations: CocoAnn[];
  };
  const dt = JSON.parse(await readFile(dtPath, 'utf8')) as CocoAnn[];
  const imageIds = gt.images.map((i) => i.id).sort((a, b) => a - b);
  const byId = new Map(imageIds.map((id) => [id, { gt: [] as DetBox[], pred: [] as DetBox[] }]));
  for (const a of gt.annotations)
    byId.get(a.image_id)?.gt.push({
      id: a.id ?? 0,
      label: a.category_id,
      box: a.bbox,
      ...(a.iscrowd ? { iscrowd: true } : {}),
    });
  dt.forEach((d, i) => {
    byId.get(d.image_id)?.pred.push({ id: i, label: d.category_id, box: d.bbox, score: d.score ?? 1 });
  });
  return { imageIds, images: imageIds.map((id) => byId.get(id)!) };
}
