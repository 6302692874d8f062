import { AssayError } from '../../errors.js';
import { type DemoImage, extensionOf, imageFromScene, type Split } from './demo-image.js';
import { planScene, type SceneConstraints, sceneMeets } from './demo-scene.js';
import { PLANTERS, type PlantedDraft, type PlantedKind } from './plant-problems.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

/** The whole demo dataset planned in memory: every image, its ground truth and the planted problems. */
export interface PlannedProblem {
  kind: PlantedKind;
  /** File names relative to images/, e.g. "train/img_0001.jpg". */
  samples: string[];
  variant?: string;
  annotation?: Record<string, unknown>;
  detail: string;
}

export interface DemoPlan {
  seed: number;
  /** Sorted by id (the number in the file name). */
  images: DemoImage[];
  planted: PlannedProblem[];
}

export const MIN_DEMO_IMAGES = 20;
export const MAX_DEMO_IMAGES = 5000;
const TEST_SHARE = 0.2;

/** How many instances of each planted kind: about one per 60 images, 1 to 6 (at least 3 near duplicates). */
export function plantedCount(kind: PlantedKind, images: number): number {
  const perKind = Math.max(1, Math.min(6, Math.round(images / 60)));
  return kind === 'near_duplicate' ? Math.max(3, perKind) : perKind;
}

function checkOptions(seed: number, images: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new AssayError(
      'INVALID_INPUT',
      `Demo seed must be a whole number from 0 to 4294967295, got ${seed}.`,
      {
        hint: 'Pass a whole number such as 7.',
      },
    );
  }
  if (!Number.isInteger(images) || images < MIN_DEMO_IMAGES || images > MAX_DEMO_IMAGES) {
    throw new AssayError(
      'INVALID_INPUT',
      `Demo image count must be a whole number from ${MIN_DEMO_IMAGES} to ${MAX_DEMO_IMAGES}, got ${images}.`,
      { hint: `Every planted problem needs its own images; use at least ${MIN_DEMO_IMAGES}.` },
    );
  }
}

function plannedImage(
  random: SeededRandom,
  index: number,
  split: Split,
  constraints: SceneConstraints,
  jpeg: boolean,
) {
  for (let attempt = 0; ; attempt++) {
    const r = random.fork(`scene-${index}-${attempt}`);
    const scene = planScene(r, constraints);
    if (!sceneMeets(scene, constraints) && attempt < 50) continue;
    const format = jpeg || !r.chance(0.25) ? 'jpg' : 'png';
    return imageFromScene(scene, split, format, r.int(85, 95));
  }
}

/** Gives every image its id and file name (numbers shuffled so copies do not sit at the end) and label ids. */
function finalize(random: SeededRandom, images: DemoImage[]): DemoImage[] {
  const numbers = random.shuffle(images.map((_, i) => i + 1));
  images.forEach((image, i) => {
    image.id = numbers[i]!;
    image.name = `${image.split}/img_${String(image.id).padStart(4, '0')}.${extensionOf(image)}`;
  });
  const sorted = [...images].sort((a, b) => a.id - b.id);
  let labelId = 0;
  for (const image of sorted) for (const label of image.labels) label.id = ++labelId;
  return sorted;
}

function describe(draft: PlantedDraft): PlannedProblem {
  const { detail, annotation } = draft.describe();
  return {
    kind: draft.kind,
    samples: draft.images.map((i) => i.name),
    ...(draft.variant === undefined ? {} : { variant: draft.variant }),
    ...(annotation === undefined ? {} : { annotation }),
    detail,
  };
}

/** Plans `count` drawn images plus the copies the planted problems add. Pure: same seed, same plan. */
export function planDemo(seed: number, count: number): DemoPlan {
  checkOptions(seed, count);
  const random = createSeededRandom(seed);
  const order = random.fork('order').shuffle(Array.from({ length: count }, (_, i) => i));
  const splitRandom = random.fork('split');
  const bases: (DemoImage | undefined)[] = new Array(count);
  const ctx = { random: random.fork('plant'), extras: [] as DemoImage[] };
  const drafts: PlantedDraft[] = [];
  let next = 0;
  for (const planter of PLANTERS) {
    for (let k = 0; k < plantedCount(planter.kind, count); k++) {
      const index = order[next++]!;
      const split = planter.train || !splitRandom.chance(TEST_SHARE) ? 'train' : 'test';
      const base = plannedImage(random, index, split, planter.constraints, planter.jpeg);
      bases[index] = base;
      drafts.push(planter.plant(ctx, base, k));
    }
  }
  for (let index = 0; index < count; index++) {
    if (bases[index] !== undefined) continue;
    bases[index] = plannedImage(random, index, splitRandom.chance(TEST_SHARE) ? 'test' : 'train', {}, false);
  }
  const images = finalize(random.fork('names'), [...(bases as DemoImage[]), ...ctx.extras]);
  return { seed, images, planted: drafts.map(describe) };
}
