import type { Split } from './demo-image.js';
import type { DemoPlan } from './demo-plan.js';
import { cocoIdOf, SHAPE_CLASSES } from './shape-geometry.js';

/** The COCO instances file of one split of a planned demo (ids are unique across both splits). */
export interface CocoGroundTruth {
  info: Record<string, unknown>;
  licenses: unknown[];
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: [number, number, number, number];
    area: number;
    iscrowd: 0;
    segmentation: number[][];
  }[];
  categories: { id: number; name: string; supercategory: string }[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function cocoCategories(): CocoGroundTruth['categories'] {
  return SHAPE_CLASSES.map((c) => ({ id: c.cocoId, name: c.kind, supercategory: 'shape' }));
}

export function buildCocoGroundTruth(plan: DemoPlan, split: Split): CocoGroundTruth {
  const images = plan.images.filter((i) => i.split === split);
  return {
    info: {
      description: `Assay demo "shapes" dataset, ${split} split (seed ${plan.seed})`,
      version: '1',
      year: 2025,
      contributor: 'assay demo generator (synthetic)',
    },
    licenses: [],
    images: images.map((i) => ({ id: i.id, file_name: i.name, width: i.width, height: i.height })),
    annotations: images.flatMap((image) =>
      image.labels.map((l) => ({
        id: l.id,
        image_id: image.id,
        category_id: cocoIdOf(l.kind),
        bbox: [round2(l.box.x), round2(l.box.y), round2(l.box.w), round2(l.box.h)] as [
          number,
          number,
          number,
          number,
        ],
        area: round2(l.area),
        iscrowd: 0 as const,
        segmentation: [l.ring.map(round2)],
      })),
    ),
    categories: cocoCategories(),
  };
}
