/**
 * Builds DetectionScenes from hand-written boxes for tests: the layout `evaluateImages` produces with
 * useCats false (detections score-descending, stable; at most maxDets per image; IoU per pair, crowd
 * ground truth as intersection over the detection's area).
 */
import type { DetectionScenes } from './detection-scenes.js';

export type TestBox = [number, number, number, number];

export interface TestImage {
  gt: { box: TestBox; cls: number; crowd?: boolean }[];
  dt: { box: TestBox; cls: number; score: number }[];
}

function overlap(a: TestBox, b: TestBox, crowd: boolean): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = crowd ? a[2] * a[3] : a[2] * a[3] + b[2] * b[3] - inter;
  return inter / union;
}

export function testScenes(images: TestImage[], categoryCount: number, maxDets = 100): DetectionScenes {
  const dtCategory: number[] = [];
  const dtScore: number[] = [];
  const gtCategory: number[] = [];
  const gtCrowd: number[] = [];
  const dtStart = [0];
  const gtStart = [0];
  const iouStart = [0];
  const dtOrder: number[] = [];
  const gtOrder: number[] = [];
  const ious: number[] = [];
  for (const image of images) {
    const dtBase = dtCategory.length;
    for (const g of image.gt) {
      gtOrder.push(gtCategory.length);
      gtCategory.push(g.cls);
      gtCrowd.push(g.crowd ? 1 : 0);
    }
    for (const d of image.dt) {
      dtCategory.push(d.cls);
      dtScore.push(d.score);
    }
    const order = image.dt
      .map((_, i) => i)
      .sort((a, b) => image.dt[b]!.score - image.dt[a]!.score || a - b)
      .slice(0, maxDets);
    for (const i of order) {
      dtOrder.push(dtBase + i);
      for (const g of image.gt) ious.push(overlap(image.dt[i]!.box, g.box, g.crowd === true));
    }
    dtStart.push(dtOrder.length);
    gtStart.push(gtOrder.length);
    iouStart.push(ious.length);
  }
  return {
    categoryCount,
    groupCount: images.length,
    dtStart: Int32Array.from(dtStart),
    dtOrder: Int32Array.from(dtOrder),
    gtStart: Int32Array.from(gtStart),
    gtOrder: Int32Array.from(gtOrder),
    iouStart: Float64Array.from(iouStart),
    ious: Float64Array.from(ious),
    dtCategory: Int32Array.from(dtCategory),
    dtScore: Float64Array.from(dtScore),
    gtCategory: Int32Array.from(gtCategory),
    gtCrowd: Uint8Array.from(gtCrowd),
  };
}

/** Seeded images whose detections share a few scores (many ties across and within images and classes). */
export function tiedImages(count: number): TestImage[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const box = (): TestBox => [
    Math.floor(rand() * 40),
    Math.floor(rand() * 40),
    10 + Math.floor(rand() * 10),
    10,
  ];
  const jitter = (b: TestBox): TestBox => [
    b[0] + Math.floor(rand() * 8) - 4,
    b[1] + Math.floor(rand() * 8) - 4,
    b[2],
    b[3],
  ];
  const images: TestImage[] = [];
  for (let i = 0; i < count; i++) {
    const gt: TestImage['gt'] = Array.from({ length: Math.floor(rand() * 4) }, () => ({
      box: box(),
      cls: Math.floor(rand() * 3),
    }));
    const dt = gt.map((g) => ({ box: jitter(g.box), cls: rand() < 0.8 ? g.cls : (g.cls + 1) % 3, score: 0 }));
    for (let k = Math.floor(rand() * 3); k > 0; k--)
      dt.push({ box: box(), cls: Math.floor(rand() * 3), score: 0 });
    for (const d of dt) d.score = [0.25, 0.5, 0.75, -0, 0][Math.floor(rand() * 5)]!;
    // now and then a crowd region (with a detection inside it), and objects of an unknown class (-1)
    if (rand() < 0.15) {
      const region = box();
      gt.push({ box: region, cls: Math.floor(rand() * 3), crowd: true });
      dt.push({ box: jitter(region), cls: gt[gt.length - 1]!.cls, score: 0.5 });
    }
    if (rand() < 0.05) gt.push({ box: box(), cls: -1 });
    if (rand() < 0.05) dt.push({ box: box(), cls: -1, score: 0.75 });
    images.push({ gt, dt });
  }
  return images;
}
