import type { SeededRandom } from './seeded-random.js';
import {
  type Box,
  boxesOverlap,
  SHAPE_KINDS,
  type ShapeKind,
  type ShapePlacement,
  shapeBox,
} from './shape-geometry.js';

/** One scene of the demo: what gets drawn, in pixels. Pure data, planned from a seeded stream. */
export type Rgb = [number, number, number];

/**
 * `texture` (every generated scene): a linear gradient between two colours under two octaves of smooth
 * value noise and per-pixel grain, so no two scenes look alike and every clean image has fine detail
 * (sharp, not flat). `flat` is one colour (tests that read exact pixels use it).
 */
export type Background =
  | { kind: 'flat'; color: Rgb }
  | {
      kind: 'texture';
      from: Rgb;
      to: Rgb;
      /** Gradient direction in degrees. */
      angle: number;
      /** Noise cells across the width (coarse octave; the fine octave has 4 times as many). */
      cells: number;
      /** Coarse noise amplitude in grey levels (the fine octave has half of it). */
      amplitude: number;
      /** Per-pixel grain amplitude in grey levels (uniform ±grain). */
      grain: number;
      seed: number;
    };

export interface Lighting {
  /** Multiplies every colour (0.7 dim to 1.15 bright). */
  gain: number;
  /** A soft light spot drawn over everything (never on flat backgrounds). */
  spot?: { cx: number; cy: number; r: number; opacity: number };
}

export interface SceneObject extends ShapePlacement {
  color: Rgb;
}

export interface Scene {
  width: number;
  height: number;
  background: Background;
  lighting: Lighting;
  objects: SceneObject[];
}

export interface SceneConstraints {
  /** At least this many objects (default 1). */
  minObjects?: number;
  /** Keep every object this many pixels away from the image edges (default 2). */
  edgeMargin?: number;
  /** Place the first object across an image edge, partly outside (default false). */
  straddleEdge?: boolean;
  /** The first object's circumradius is at least this (default: random size). */
  minFirstRadius?: number;
  /** Force this kind of background (default: texture). */
  background?: Background['kind'];
}

export const IMAGE_SIZES: readonly [number, number][] = [
  [320, 240],
  [400, 300],
  [512, 384],
  [480, 360],
  [240, 320],
  [300, 400],
  [384, 512],
];

const GAP = 5;

function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Perceived brightness in [0, 1], as the dark check measures it (docs/metrics.md `brightness`). */
export function brightnessOf(c: Rgb): number {
  return Math.sqrt(0.241 * c[0] ** 2 + 0.691 * c[1] ** 2 + 0.068 * c[2] ** 2) / 255;
}

/**
 * A random hue scaled to the given perceived brightness (before lighting gain): the brightness bands
 * below keep clean scenes clear of the dark and over-exposed thresholds and shapes in contrast.
 */
function colorAt(random: SeededRandom, brightness: number, saturation: [number, number]): Rgb {
  for (let attempt = 0; attempt < 8; attempt++) {
    const base = hslToRgb(random.next(), random.range(saturation[0], saturation[1]), 0.5);
    const k = brightness / Math.max(1e-6, brightnessOf(base));
    const c = base.map((v) => Math.min(255, Math.round(v * k))) as Rgb;
    if (Math.abs(brightnessOf(c) - brightness) < 0.02) return c;
  }
  const grey = Math.round(brightness * 255);
  return [grey, grey, grey];
}

/** Brightness bands after lighting gain: dark scenes keep a mid-dark background with light shapes. */
const BANDS = {
  dark: { background: [0.3, 0.45], shapes: [0.72, 0.92] },
  light: { background: [0.55, 0.78], shapes: [0.08, 0.3] },
} as const;

function planBackground(
  random: SeededRandom,
  band: (typeof BANDS)[keyof typeof BANDS],
  gain: number,
  kind?: Background['kind'],
): Background {
  const color = () =>
    colorAt(random, random.range(band.background[0], band.background[1]) / gain, [0.1, 0.6]);
  if (kind === 'flat') return { kind: 'flat', color: color() };
  return {
    kind: 'texture',
    from: color(),
    to: color(),
    angle: random.range(0, 360),
    cells: random.int(3, 8),
    amplitude: random.range(14, 26),
    grain: random.range(10, 16),
    seed: random.int(0, 2 ** 31),
  };
}

function planLighting(
  random: SeededRandom,
  scene: { width: number; height: number },
  gain: number,
  flat: boolean,
): Lighting {
  if (flat || !random.chance(0.5)) return { gain };
  const r = random.range(0.3, 0.8) * Math.max(scene.width, scene.height);
  const spot = {
    cx: random.range(0, scene.width),
    cy: random.range(0, scene.height),
    r,
    opacity: random.range(0.15, 0.4),
  };
  return { gain, spot };
}

function randomRadius(random: SeededRandom, width: number, height: number): number {
  const roll = random.next();
  if (roll < 0.3) return random.range(5, 14);
  if (roll < 0.8) return random.range(16, 45);
  return random.range(46, Math.max(50, Math.min(width, height) * 0.3));
}

interface Placing {
  random: SeededRandom;
  width: number;
  height: number;
  margin: number;
  boxes: Box[];
}

function tryPlace(
  ctx: Placing,
  kind: ShapeKind,
  radius: number,
  straddle: boolean,
): ShapePlacement | undefined {
  const { random, width, height, margin } = ctx;
  const rotation = random.range(0, 2 * Math.PI);
  const local = shapeBox({ kind, cx: 0, cy: 0, radius, rotation });
  for (let attempt = 0; attempt < 40; attempt++) {
    let cx = random.range(margin - local.x, width - margin - local.x - local.w);
    let cy = random.range(margin - local.y, height - margin - local.y - local.h);
    if (straddle) {
      const outside = random.range(0.25, 0.45);
      const edge = random.int(0, 3);
      if (edge === 0) cx = -local.x - local.w * outside;
      if (edge === 1) cx = width - local.x - local.w * (1 - outside);
      if (edge === 2) cy = -local.y - local.h * outside;
      if (edge === 3) cy = height - local.y - local.h * (1 - outside);
    }
    const box = { x: cx + local.x, y: cy + local.y, w: local.w, h: local.h };
    if (!straddle && (box.x < margin || box.y < margin)) continue;
    if (!straddle && (box.x + box.w > width - margin || box.y + box.h > height - margin)) continue;
    if (ctx.boxes.some((b) => boxesOverlap(b, box, GAP))) continue;
    ctx.boxes.push(box);
    return { kind, cx, cy, radius, rotation };
  }
  return undefined;
}

function shapeColor(random: SeededRandom, band: (typeof BANDS)[keyof typeof BANDS], gain: number): Rgb {
  return colorAt(random, random.range(band.shapes[0], band.shapes[1]) / gain, [0.45, 1]);
}

/** Plans one scene; the same stream and constraints always give the same scene. */
export function planScene(random: SeededRandom, constraints: SceneConstraints = {}): Scene {
  const [width, height] = random.pick(IMAGE_SIZES);
  const band = random.chance(0.45) ? BANDS.dark : BANDS.light;
  const gain = random.range(0.8, 1.1);
  const background = planBackground(random, band, gain, constraints.background);
  const lighting = planLighting(random, { width, height }, gain, background.kind === 'flat');
  const wanted = Math.max(random.int(2, 7), constraints.minObjects ?? 1);
  const ctx: Placing = { random, width, height, margin: constraints.edgeMargin ?? 2, boxes: [] };
  const objects: SceneObject[] = [];
  for (let i = 0; i < wanted; i++) {
    const first = i === 0;
    const kind = random.pick(SHAPE_KINDS);
    let radius = randomRadius(random, width, height);
    if (first && constraints.minFirstRadius !== undefined)
      radius = Math.max(radius, constraints.minFirstRadius);
    let placed: ShapePlacement | undefined;
    for (let shrink = 0; shrink < 4 && placed === undefined; shrink++) {
      placed = tryPlace(ctx, kind, radius * 0.75 ** shrink, first && constraints.straddleEdge === true);
    }
    if (placed !== undefined) objects.push({ ...placed, color: shapeColor(random, band, gain) });
  }
  return { width, height, background, lighting, objects };
}

/** Whether a scene satisfies its constraints (placement can fail on crowded small images). */
export function sceneMeets(scene: Scene, constraints: SceneConstraints): boolean {
  if (scene.objects.length < (constraints.minObjects ?? 1)) return false;
  const first = scene.objects[0];
  if (first === undefined) return false;
  if (constraints.minFirstRadius !== undefined && first.radius < constraints.minFirstRadius) return false;
  if (constraints.straddleEdge === true) {
    const box = shapeBox(first);
    return box.x < 0 || box.y < 0 || box.x + box.w > scene.width || box.y + box.h > scene.height;
  }
  return true;
}
