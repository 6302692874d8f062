import type { DemoImage, DemoObject } from './demo-image.js';
import type { SeededRandom } from './seeded-random.js';
import { type Box, cocoIdOf, SHAPE_CLASSES, SHAPE_KINDS, type ShapeKind } from './shape-geometry.js';

/** Simulated detector output: COCO results plus a non-standard `probs` (class distribution, category order). */
export interface DemoDetection {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
  probs: number[];
}

/** How good a simulated model is. */
export interface DetectorProfile {
  name: string;
  /** Chance to find an object of at least 32x32 px. */
  recall: number;
  /** Chance to find a smaller object. */
  smallRecall: number;
  /** Chance a found object gets another class (doubled on small or degraded images). */
  confusion: number;
  /** Box edge noise, as a fraction of the box size (standard deviation). */
  jitter: number;
  /** Chance of each extra low-score false positive (up to 3 per image). */
  falsePositive: number;
}

export const DEMO_MODELS: readonly DetectorProfile[] = [
  { name: 'model-a', recall: 0.96, smallRecall: 0.8, confusion: 0.03, jitter: 0.035, falsePositive: 0.3 },
  { name: 'model-b', recall: 0.86, smallRecall: 0.45, confusion: 0.1, jitter: 0.07, falsePositive: 0.5 },
];

const r2 = (n: number): number => Math.round(n * 100) / 100;
const r4 = (n: number): number => Math.round(n * 10000) / 10000;

/** Class probabilities with `top` the argmax holding `pTop`, `second` (if any) the runner-up; rounded, sum 1. */
function classProbs(
  random: SeededRandom,
  top: ShapeKind,
  pTop: number,
  second?: ShapeKind,
  pSecond = 0,
): number[] {
  const rest = SHAPE_KINDS.filter((k) => k !== top && k !== second);
  const weights = rest.map(() => random.range(0.2, 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const left = 1 - pTop - pSecond;
  const probs = SHAPE_KINDS.map((k) => {
    if (k === top) return pTop;
    if (k === second) return pSecond;
    return (left * weights[rest.indexOf(k)]!) / total;
  }).map(r4);
  const topIndex = SHAPE_KINDS.indexOf(top);
  probs[topIndex] = r4(probs[topIndex]! + 1 - probs.reduce((a, b) => a + b, 0));
  return probs;
}

function clipBox(b: Box, image: DemoImage): Box | undefined {
  const x0 = Math.max(0, b.x);
  const y0 = Math.max(0, b.y);
  const x1 = Math.min(image.width, b.x + b.w);
  const y1 = Math.min(image.height, b.y + b.h);
  return x1 - x0 < 2 || y1 - y0 < 2 ? undefined : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function detectObject(random: SeededRandom, m: DetectorProfile, image: DemoImage, o: DemoObject) {
  const small = o.box.w * o.box.h < 32 * 32;
  const found = (small ? m.smallRecall : m.recall) * (image.degraded ? 0.6 : 1);
  if (!random.chance(found)) return undefined;
  const noise = (size: number): number => random.normal() * m.jitter * size;
  const x0 = o.box.x + noise(o.box.w);
  const y0 = o.box.y + noise(o.box.h);
  const x1 = o.box.x + o.box.w + noise(o.box.w);
  const y1 = o.box.y + o.box.h + noise(o.box.h);
  const box = clipBox({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, image);
  if (box === undefined) return undefined;
  const hard = small || image.degraded;
  if (random.chance(m.confusion * (hard ? 2 : 1))) {
    const wrong = random.pick(SHAPE_KINDS.filter((k) => k !== o.kind));
    const pTop = random.range(0.38, 0.6);
    const probs = classProbs(random, wrong, pTop, o.kind, random.range(0.2, pTop - 0.05));
    // As in real detectors (score = objectness x class probability), a confused box is an unsure one.
    return { box, kind: wrong, score: pTop * random.range(0.75, 1), probs };
  }
  const pTop = random.range(hard ? 0.45 : 0.6, 0.99);
  const score = Math.min(0.99, random.range(0.6, 0.99) * (image.degraded ? 0.8 : 1));
  return { box, kind: o.kind, score, probs: classProbs(random, o.kind, pTop) };
}

function falsePositive(random: SeededRandom, image: DemoImage) {
  const w = random.range(10, Math.min(80, image.width / 3));
  const h = w * random.range(0.7, 1.4);
  const box = { x: random.range(0, image.width - w), y: random.range(0, image.height - h), w, h };
  const kind = random.pick(SHAPE_KINDS);
  return {
    box: clipBox(box, image)!,
    kind,
    score: random.range(0.05, 0.45),
    probs: classProbs(random, kind, random.range(0.42, 0.7)),
  };
}

/** Detections of one simulated model on every decodable image, sorted by image then score. */
export function simulateDetector(
  random: SeededRandom,
  model: DetectorProfile,
  images: DemoImage[],
): DemoDetection[] {
  const out: DemoDetection[] = [];
  for (const image of images) {
    if (!image.decodable) continue;
    const r = random.fork(`${model.name}-${image.id}`);
    const found = image.objects.map((o) => detectObject(r, model, image, o));
    for (let k = 0; k < 3 && r.chance(model.falsePositive); k++) found.push(falsePositive(r, image));
    const detections = found.flatMap((d) =>
      d === undefined
        ? []
        : [
            {
              image_id: image.id,
              category_id: cocoIdOf(d.kind),
              bbox: [r2(d.box.x), r2(d.box.y), r2(d.box.w), r2(d.box.h)] as DemoDetection['bbox'],
              score: r4(d.score),
              probs: d.probs,
            },
          ],
    );
    out.push(...detections.sort((a, b) => b.score - a.score));
  }
  return out;
}

export const PROBS_ORDER = SHAPE_CLASSES.map((c) => c.cocoId);
