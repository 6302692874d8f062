/**
 * Test data for the KITTI evaluation: synthetic label_2 frames (objects projected with a KITTI-like
 * camera, truncation from the clipping, random occlusion, DontCare areas, neighbour classes) and
 * results made from any label text (jittered ground truth with scores, missed objects, duplicates,
 * confused classes, false positives, detections inside DontCare areas). Seeded, so the same seed gives
 * the same text; scripts/kitti-devkit-reference.ts recorded the devkit's outputs on it.
 */
import { mulberry32 } from '../../random/mulberry32.js';

const FX = 721.5377;
const CX = 609.5593;
const CY = 172.854;
const IMAGE_W = 1242;
const IMAGE_H = 375;

type Dims = [number, number, number];
const CLASS_DIMS: Record<string, Dims> = {
  Car: [1.52, 1.63, 3.88],
  Pedestrian: [1.76, 0.66, 0.84],
  Cyclist: [1.74, 0.6, 1.76],
  Van: [2.2, 1.9, 5.08],
  Person_sitting: [1.27, 0.54, 0.8],
  Truck: [3.25, 2.59, 10.1],
  Misc: [1.91, 1.51, 3.58],
};
const CLASS_WEIGHTS: [string, number][] = [
  ['Car', 0.5],
  ['Pedestrian', 0.17],
  ['Cyclist', 0.12],
  ['Van', 0.08],
  ['Person_sitting', 0.04],
  ['Truck', 0.05],
  ['Misc', 0.04],
];
const CONFUSED: Record<string, string> = {
  Car: 'Van',
  Van: 'Car',
  Pedestrian: 'Cyclist',
  Person_sitting: 'Pedestrian',
  Cyclist: 'Pedestrian',
};

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.next();
  }
  normal(sigma = 1): number {
    const u = Math.max(this.next(), 1e-12);
    return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  pick(weights: [string, number][]): string {
    let u = this.next();
    for (const [name, w] of weights) {
      u -= w;
      if (u < 0) return name;
    }
    return (weights[weights.length - 1] as [string, number])[0];
  }
}

const f2 = (v: number) => v.toFixed(2);
const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

interface Box3 {
  h: number;
  w: number;
  l: number;
  x: number;
  y: number;
  z: number;
  ry: number;
}

/** Projected 2D box of a 3D box (corners in front of the camera), unclipped; null when behind. */
function project(b: Box3): [number, number, number, number] | null {
  const c = Math.cos(b.ry);
  const s = Math.sin(b.ry);
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const dx of [-0.5, 0.5])
    for (const dz of [-0.5, 0.5])
      for (const dy of [0, -1]) {
        const px = c * dx * b.l + s * dz * b.w + b.x;
        const pz = -s * dx * b.l + c * dz * b.w + b.z;
        const py = b.y + dy * b.h;
        if (pz < 0.5) return null;
        const u = (FX * px) / pz + CX;
        const v = (FX * py) / pz + CY;
        x1 = Math.min(x1, u);
        x2 = Math.max(x2, u);
        y1 = Math.min(y1, v);
        y2 = Math.max(y2, v);
      }
  return [x1, y1, x2, y2];
}

function labelLine(type: string, trunc: string, occ: number, b: Box3, box: number[], score?: number): string {
  const alpha = wrap(b.ry - Math.atan2(b.x, b.z));
  const fields = [type, trunc, String(occ), f2(alpha), ...box.map(f2), f2(b.h), f2(b.w), f2(b.l)];
  fields.push(f2(b.x), f2(b.y), f2(b.z), f2(wrap(b.ry)));
  if (score !== undefined) fields.push(score.toFixed(4));
  return fields.join(' ');
}

function randomObject(rng: Rng, type: string): { line: string; box3: Box3 } | null {
  const [h, w, l] = CLASS_DIMS[type] as Dims;
  const z = rng.uniform(4, 60);
  const u = rng.uniform(-150, IMAGE_W + 150);
  const b: Box3 = {
    h: h * (1 + rng.normal(0.06)),
    w: w * (1 + rng.normal(0.06)),
    l: l * (1 + rng.normal(0.06)),
    x: ((u - CX) * z) / FX,
    y: 1.65 + rng.normal(0.1),
    z,
    ry: rng.uniform(-Math.PI, Math.PI),
  };
  const box = project(b);
  if (!box) return null;
  const [x1, y1, x2, y2] = box;
  const cx1 = Math.max(0, x1);
  const cy1 = Math.max(0, y1);
  const cx2 = Math.min(IMAGE_W - 1, x2);
  const cy2 = Math.min(IMAGE_H - 1, y2);
  if (cx2 - cx1 < 2 || cy2 - cy1 < 2) return null;
  const truncation = 1 - ((cx2 - cx1) * (cy2 - cy1)) / ((x2 - x1) * (y2 - y1));
  const occ = rng.pick([
    ['0', 0.5],
    ['1', 0.3],
    ['2', 0.15],
    ['3', 0.05],
  ]);
  return {
    line: labelLine(type, f2(Math.min(1, truncation)), Number(occ), b, [cx1, cy1, cx2, cy2]),
    box3: b,
  };
}

function dontCareLine(rng: Rng): string {
  const x1 = rng.uniform(0, IMAGE_W - 120);
  const y1 = rng.uniform(140, 200);
  const box = [x1, y1, x1 + rng.uniform(10, 110), y1 + rng.uniform(8, 40)];
  return ['DontCare -1 -1 -10', ...box.map(f2), '-1 -1 -1 -1000 -1000 -1000 -10'].join(' ');
}

/** `frames` synthetic ground-truth label files (text per frame). */
export function syntheticKittiLabels(frames: number, seed: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let f = 0; f < frames; f++) {
    const lines: string[] = [];
    const n = rng.int(2, 11);
    for (let k = 0; k < n; k++) {
      const o = randomObject(rng, rng.pick(CLASS_WEIGHTS));
      if (o) lines.push(o.line);
    }
    const dc = rng.int(0, 2);
    for (let k = 0; k < dc; k++) lines.push(dontCareLine(rng));
    out.push(lines.length ? `${lines.join('\n')}\n` : '');
  }
  return out;
}

export interface KittiResultsOptions {
  /** Write alpha -10 (unknown) for this share of detections (default 0). */
  unknownAlphaRate?: number;
  /** Write height -1 for detections of these types (no 3D box: evaluated in BEV, not in 3D). */
  flatTypes?: readonly string[];
}

function jittered(
  rng: Rng,
  p: string[],
  spread: number,
): { line: (type: string, score: number) => string; error: number } {
  const n = (i: number) => Number(p[i]);
  const z = n(13);
  const b: Box3 = {
    h: n(8) * (1 + rng.normal(0.04 * spread)),
    w: n(9) * (1 + rng.normal(0.04 * spread)),
    l: n(10) * (1 + rng.normal(0.04 * spread)),
    x: n(11) + rng.normal((0.03 + 0.004 * z) * spread),
    y: n(12) + rng.normal(0.04 * spread),
    z: z + rng.normal((0.03 + 0.006 * z) * spread),
    ry: n(14) + (rng.uniform() < 0.05 ? Math.PI : 0) + rng.normal(0.08 * spread),
  };
  const height = n(7) - n(5);
  const sigma = (0.03 * height + 0.5) * spread;
  const box = [n(4), n(5), n(6), n(7)].map((v) => v + rng.normal(sigma));
  const error = Math.hypot(b.x - n(11), b.z - n(13)) / (0.2 + 0.01 * z);
  return { line: (type, score) => labelLine(type, '-1', -1, b, box, score), error };
}

/**
 * Results made from label text: each object found with a probability that falls with occlusion,
 * jittered, scored by how close it is; some with the class confused, some twice; plus false positives.
 */
export function kittiResultsFor(labels: string, seed: number, options: KittiResultsOptions = {}): string {
  const rng = new Rng(seed);
  const lines: string[] = [];
  for (const row of labels.split('\n')) {
    const p = row.trim().split(/\s+/);
    if (p.length < 15) continue;
    const type = p[0] as string;
    if (type === 'DontCare') {
      if (rng.uniform() < 0.6) {
        const inside = [4, 5, 6, 7].map((i, k) => Number(p[i]) + (k < 2 ? 1 : -1));
        const o = randomObject(rng, 'Car');
        if (o) lines.push(labelLine('Car', '-1', -1, o.box3, inside, rng.uniform(0.1, 0.9)));
      }
      continue;
    }
    if (rng.uniform() > 0.9 - 0.12 * Number(p[2])) continue;
    const j = jittered(rng, p, 1);
    const score = Math.min(0.9999, Math.max(0.0001, 0.95 - 0.25 * j.error + rng.normal(0.08)));
    const confused = rng.uniform() < 0.05 ? CONFUSED[type] : undefined;
    lines.push(j.line(confused ?? type, score));
    if (rng.uniform() < 0.06) lines.push(jittered(rng, p, 3).line(type, score * rng.uniform(0.3, 0.9)));
  }
  const fps = rng.int(0, 3);
  for (let k = 0; k < fps; k++) {
    const type = rng.pick([
      ['Car', 0.6],
      ['Pedestrian', 0.25],
      ['Cyclist', 0.15],
    ]);
    const o = randomObject(rng, type);
    if (!o) continue;
    const fields = o.line.split(' ');
    fields[1] = '-1';
    fields[2] = '-1';
    fields.push(rng.uniform(0.02, 0.7).toFixed(4));
    lines.push(fields.join(' '));
  }
  const unknown = options.unknownAlphaRate ?? 0;
  const flat = options.flatTypes ?? [];
  const out = lines.map((line) => {
    const fields = line.split(' ');
    if (flat.includes(fields[0] as string)) fields[8] = '-1';
    if (unknown > 0 && rng.uniform() < unknown) fields[3] = '-10';
    return fields.join(' ');
  });
  return out.length ? `${out.join('\n')}\n` : '';
}
