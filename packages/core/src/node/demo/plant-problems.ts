import type { DemoImage, GtLabel } from './demo-image.js';
import { derivedImage, labelOf } from './demo-image.js';
import type { SceneConstraints } from './demo-scene.js';
import type { SeededRandom } from './seeded-random.js';
import { type Box, SHAPE_KINDS } from './shape-geometry.js';

/** The planted problems: each takes one freshly planned image and breaks it (or copies it) on purpose. */
export type PlantedKind =
  | 'exact_duplicate'
  | 'near_duplicate'
  | 'corrupt_file'
  | 'dark'
  | 'blurry'
  | 'out_of_bounds_box'
  | 'duplicate_label'
  | 'swapped_classes'
  | 'missing_boxes'
  | 'split_leakage';

/** A planted problem before file names and annotation ids exist; `describe` runs once they do. */
export interface PlantedDraft {
  kind: PlantedKind;
  images: DemoImage[];
  variant?: string;
  describe(): { detail: string; annotation?: Record<string, unknown> };
}

export interface PlantContext {
  random: SeededRandom;
  /** New images made by a planter (copies), added to the dataset after the base images. */
  extras: DemoImage[];
}

export interface Planter {
  kind: PlantedKind;
  /** What the base scene must offer (e.g. a wide margin so a crop does not cut a shape). */
  constraints: SceneConstraints;
  /** Base image must be a JPEG (re-encoding, truncation). */
  jpeg: boolean;
  /** Base image stays in train (its copy may go to test). */
  train: boolean;
  /** The `index`-th instance of this kind, planted into `base`. */
  plant(ctx: PlantContext, base: DemoImage, index: number): PlantedDraft;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const boxArray = (b: Box): number[] => [round2(b.x), round2(b.y), round2(b.w), round2(b.h)];
const NEAR_VARIANTS = ['reencoded', 'resized', 'cropped'] as const;
/** Largest per-side crop (px) of the cropped near duplicates; bases keep shapes this far from the edges plus 10. */
const MAX_CROP = 30;

function renderSource(image: DemoImage) {
  if (image.source.kind !== 'render') throw new Error('planters take freshly planned images');
  return image.source;
}

function nearDuplicate(ctx: PlantContext, base: DemoImage, index: number): PlantedDraft {
  const variant = NEAR_VARIANTS[index % NEAR_VARIANTS.length]!;
  const r = ctx.random;
  let copy: DemoImage;
  let detail: () => string;
  if (variant === 'reencoded') {
    const quality = r.int(30, 50);
    copy = derivedImage(base, base.split, { kind: 'jpeg', of: base, quality }, undefined);
    detail = () => `${copy.name} is ${base.name} decoded and re-encoded at JPEG quality ${quality}`;
  } else if (variant === 'resized') {
    const width = Math.round(base.width * r.range(0.6, 0.8));
    const height = Math.round((base.height * width) / base.width);
    const t = { sx: width / base.width, sy: height / base.height, dx: 0, dy: 0, width, height };
    copy = derivedImage(base, base.split, { kind: 'jpeg', of: base, quality: 85, width }, t);
    detail = () => `${copy.name} is ${base.name} resized to ${width}x${height} (boxes scaled)`;
  } else {
    // A light crop, 2-5% of the side from each edge (at most 10% of a side in all), as the
    // near-duplicate check is designed for (docs/metrics.md: 10%/6% crops of real photos).
    const cut = (side: number) => Math.min(MAX_CROP, Math.max(4, Math.round(side * r.range(0.02, 0.05))));
    const [left, top, right, bottom] = [base.width, base.height, base.width, base.height].map(cut) as [
      number,
      number,
      number,
      number,
    ];
    const crop = { x: left, y: top, w: base.width - left - right, h: base.height - top - bottom };
    const t = { sx: 1, sy: 1, dx: -left, dy: -top, width: crop.w, height: crop.h };
    copy = derivedImage(base, base.split, { kind: 'jpeg', of: base, quality: 88, crop }, t);
    detail = () => `${copy.name} is ${base.name} cropped by ${left},${top},${right},${bottom} px (l,t,r,b)`;
  }
  ctx.extras.push(copy);
  return { kind: 'near_duplicate', images: [base, copy], variant, describe: () => ({ detail: detail() }) };
}

function labelSummary(l: GtLabel): Record<string, unknown> {
  return { id: l.id, category: l.kind, bbox: boxArray(l.box) };
}

/** A planter that changes its base image in place; bases get one clearly visible shape first by default. */
const inPlace = (
  kind: PlantedKind,
  plant: Planter['plant'],
  options: Partial<Pick<Planter, 'constraints' | 'jpeg'>> = {},
): Planter => ({ kind, constraints: { minFirstRadius: 20 }, jpeg: false, train: false, ...options, plant });

export const PLANTERS: readonly Planter[] = [
  {
    kind: 'exact_duplicate',
    constraints: {},
    jpeg: false,
    train: true,
    plant(ctx, base) {
      const copy = derivedImage(base, base.split, { kind: 'copy', of: base }, undefined);
      ctx.extras.push(copy);
      const describe = () => ({ detail: `${copy.name} is a byte-identical copy of ${base.name}` });
      return { kind: 'exact_duplicate', images: [base, copy], describe };
    },
  },
  {
    kind: 'near_duplicate',
    constraints: { edgeMargin: MAX_CROP + 10 },
    jpeg: true,
    train: true,
    plant: nearDuplicate,
  },
  {
    kind: 'corrupt_file',
    constraints: {},
    jpeg: true,
    train: false,
    plant(ctx, base) {
      const keep = ctx.random.range(0.25, 0.6);
      base.source = { ...renderSource(base), keep };
      base.decodable = false;
      const detail = `JPEG truncated to ${Math.round(keep * 100)}% of its bytes; still listed in the ground truth`;
      return { kind: 'corrupt_file', images: [base], describe: () => ({ detail }) };
    },
  },
  inPlace('dark', (ctx, base) => {
    const gain = ctx.random.range(0.04, 0.08);
    base.source = { ...renderSource(base), effect: { kind: 'dark', gain } };
    base.degraded = true;
    const detail = `very low brightness: every pixel multiplied by ${gain.toFixed(3)}`;
    return { kind: 'dark', images: [base], describe: () => ({ detail }) };
  }),
  inPlace(
    'blurry',
    (ctx, base) => {
      const sigma = ctx.random.range(5, 8);
      base.source = { ...renderSource(base), effect: { kind: 'blur', sigma } };
      base.degraded = true;
      const detail = `strong gaussian blur (sigma ${sigma.toFixed(1)} px)`;
      return { kind: 'blurry', images: [base], describe: () => ({ detail }) };
    },
    { constraints: { minFirstRadius: 20, minObjects: 3 } },
  ),
  inPlace(
    'out_of_bounds_box',
    (_ctx, base) => {
      const label = base.labels[0]!;
      const describe = () => ({
        detail: `the ${label.kind} is partly outside the picture and its box was not clipped to the ${base.width}x${base.height} image`,
        annotation: { ...labelSummary(label), image_size: [base.width, base.height] },
      });
      return { kind: 'out_of_bounds_box', images: [base], describe };
    },
    { constraints: { straddleEdge: true, minFirstRadius: 20 } },
  ),
  inPlace('duplicate_label', (ctx, base) => {
    const label = ctx.random.pick(base.labels);
    const twin = labelOf(label);
    base.labels.splice(base.labels.indexOf(label) + 1, 0, twin);
    const describe = () => ({
      detail: `annotations ${label.id} and ${twin.id} are the same ${label.kind} box twice`,
      annotation: { ids: [label.id, twin.id], category: label.kind, bbox: boxArray(label.box) },
    });
    return { kind: 'duplicate_label', images: [base], describe };
  }),
  inPlace('swapped_classes', (ctx, base) => {
    const label = base.labels[0]!;
    const truth = label.kind;
    label.kind = ctx.random.pick(SHAPE_KINDS.filter((k) => k !== truth));
    const describe = () => ({
      detail: `annotation ${label.id} is labelled ${label.kind} but the shape is a ${truth}`,
      annotation: { ...labelSummary(label), labelled: label.kind, true_category: truth },
    });
    return { kind: 'swapped_classes', images: [base], describe };
  }),
  inPlace(
    'missing_boxes',
    (_ctx, base) => {
      const [missing] = base.labels.splice(0, 1) as [GtLabel];
      const describe = () => ({
        detail: `a ${missing.kind} is drawn but has no ground-truth annotation`,
        annotation: { category: missing.kind, bbox: boxArray(missing.box) },
      });
      return { kind: 'missing_boxes', images: [base], describe };
    },
    { constraints: { minObjects: 2, minFirstRadius: 18 } },
  ),
  {
    kind: 'split_leakage',
    constraints: {},
    jpeg: true,
    train: true,
    plant(ctx, base, index) {
      const variant = index % 2 === 0 ? 'byte_identical' : 'reencoded';
      const quality = ctx.random.int(60, 75);
      const source =
        variant === 'byte_identical'
          ? ({ kind: 'copy', of: base } as const)
          : { kind: 'jpeg' as const, of: base, quality };
      const copy = derivedImage(base, 'test', source, undefined);
      ctx.extras.push(copy);
      const how =
        variant === 'byte_identical' ? 'a byte-identical copy' : `re-encoded at JPEG quality ${quality}`;
      const describe = () => ({ detail: `${copy.name} (test) is ${how} of ${base.name} (train)` });
      return { kind: 'split_leakage', images: [base, copy], variant, describe };
    },
  },
];
