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

export type Background =
  | { kind: 'flat'; color: Rgb }
  | { kind: 'gradient'; from: Rgb; to: Rgb; angle: number }
  | { kind: 'noise'; color: Rgb; cells: number; amplitude: number; grain: number; seed: number };

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
  /** Force this kind of background (default: flat 40%, gradient 35%, noise 25%). */
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

function planBackground(random: SeededRandom, darkBand: boolean, kind?: Background['kind']): Background {
  const light = () => (darkBand ? random.range(0.1, 0.3) : random.range(0.68, 0.9));
  const color = () => hslToRgb(random.next(), random.range(0.1, 0.6), light());
  const roll = random.next();
  if (kind === 'flat' || (kind === undefined && roll < 0.4)) return { kind: 'flat', color: color() };
  if (kind === 'gradient' || (kind === undefined && roll < 0.75))
    return { kind: 'gradient', from: color(), to: color(), angle: random.range(0, 360) };
  const cells = random.int(4, 14);
  return {
    kind: 'noise',
    color: color(),
    cells,
    amplitude: random.range(8, 24),
    grain: 10,
    seed: random.int(0, 2 ** 31),
  };
}

function planLighting(
  random: SeededRandom,
  scene: { width: number; height: number },
  flat: boolean,
): Lighting {
  const gain = random.range(0.7, 1.15);
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

function shapeColor(random: SeededRandom, darkBand: boolean): Rgb {
  const light = darkBand ? random.range(0.55, 0.85) : random.range(0.12, 0.4);
  return hslToRgb(random.next(), random.range(0.5, 1), light);
}

/** Plans one scene; the same stream and constraints always give the same scene. */
export function planScene(random: SeededRandom, constraints: SceneConstraints = {}): Scene {
  const [width, height] = random.pick(IMAGE_SIZES);
  const darkBand = random.chance(0.45);
  const background = planBackground(random, darkBand, constraints.background);
  const lighting = planLighting(random, { width, height }, background.kind === 'flat');
  const wanted = Math.max(random.int(1, 6), constraints.minObjects ?? 1);
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
    if (placed !== undefined) objects.push({ ...placed, color: shapeColor(random, darkBand) });
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
