import sharp, { type Sharp } from 'sharp';
import type { Background, Rgb, Scene, SceneObject } from './demo-scene.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';
import { shapeOutline } from './shape-geometry.js';

/** Draws a planned scene into an encoded JPEG or PNG with sharp (SVG shapes rendered by librsvg). */
export type ImageEffect = { kind: 'dark'; gain: number } | { kind: 'blur'; sigma: number };

export interface RenderSceneOptions {
  format: 'jpg' | 'png';
  /** JPEG quality (default 90). */
  quality?: number;
  /** A whole-image effect applied after drawing (the planted dark and blurry images). */
  effect?: ImageEffect;
}

const f2 = (n: number): string => n.toFixed(2);

function lit(color: Rgb, gain: number): string {
  const c = color.map((v) => Math.max(0, Math.min(255, Math.round(v * gain))));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function backgroundSvg(bg: Background, gain: number, width: number, height: number): string {
  if (bg.kind === 'texture') return '';
  return `<rect width="${width}" height="${height}" fill="${lit(bg.color, gain)}"/>`;
}

function objectSvg(o: SceneObject, gain: number): string {
  const fill = lit(o.color, gain);
  if (o.kind === 'circle')
    return `<circle cx="${f2(o.cx)}" cy="${f2(o.cy)}" r="${f2(o.radius)}" fill="${fill}"/>`;
  const ring = shapeOutline(o);
  const points: string[] = [];
  for (let i = 0; i + 1 < ring.length; i += 2) points.push(`${f2(ring[i]!)},${f2(ring[i + 1]!)}`);
  return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
}

function spotSvg(scene: Scene): string {
  const spot = scene.lighting.spot;
  if (spot === undefined) return '';
  return (
    `<defs><radialGradient id="spot"><stop offset="0" stop-color="#fff" stop-opacity="${f2(spot.opacity)}"/>` +
    `<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>` +
    `<circle cx="${f2(spot.cx)}" cy="${f2(spot.cy)}" r="${f2(spot.r)}" fill="url(#spot)"/>`
  );
}

/** The scene as one SVG document (without the background when it is a texture). */
export function sceneSvg(scene: Scene): string {
  const { width, height, lighting } = scene;
  const body = [
    backgroundSvg(scene.background, lighting.gain, width, height),
    ...scene.objects.map((o) => objectSvg(o, lighting.gain)),
    spotSvg(scene),
  ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

/**
 * Smooth value noise: a grid of random values in [-amplitude, amplitude] (`cells` across the width)
 * read back with smoothstep interpolation, written into `out` (w × h, added to what is there).
 */
function addValueNoise(
  out: Float32Array,
  random: SeededRandom,
  cells: number,
  amplitude: number,
  w: number,
  h: number,
) {
  const cols = cells + 1;
  const rows = Math.max(2, Math.round((cells * h) / w) + 1);
  const field = Float32Array.from({ length: cols * rows }, () => random.range(-amplitude, amplitude));
  const axis = (n: number, size: number) => {
    const cell = new Int32Array(n);
    const weight = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const f = (i / (n - 1)) * (size - 1);
      const c = Math.min(size - 2, Math.floor(f));
      const t = f - c;
      cell[i] = c;
      weight[i] = t * t * (3 - 2 * t);
    }
    return { cell, weight };
  };
  const ax = axis(w, cols);
  const ay = axis(h, rows);
  for (let y = 0; y < h; y++) {
    const row = ay.cell[y]! * cols;
    const ty = ay.weight[y]!;
    for (let x = 0; x < w; x++) {
      const i = row + ax.cell[x]!;
      const tx = ax.weight[x]!;
      const top = field[i]! + (field[i + 1]! - field[i]!) * tx;
      const bottom = field[i + cols]! + (field[i + cols + 1]! - field[i + cols]!) * tx;
      out[y * w + x]! += top + (bottom - top) * ty;
    }
  }
}

/** The textured background: gradient from → to, coarse and fine value noise, then grain; RGB raw. */
function texturePixels(
  bg: Extract<Background, { kind: 'texture' }>,
  gain: number,
  w: number,
  h: number,
): Buffer {
  const random = createSeededRandom(bg.seed);
  const offset = new Float32Array(w * h);
  addValueNoise(offset, random, bg.cells, bg.amplitude, w, h);
  addValueNoise(offset, random, bg.cells * 4, bg.amplitude / 2, w, h);
  const rad = (bg.angle * Math.PI) / 180;
  const [dx, dy] = [Math.cos(rad), Math.sin(rad)];
  const span = Math.abs(dx) * w + Math.abs(dy) * h;
  const start = Math.min(0, dx * w) + Math.min(0, dy * h);
  const out = Buffer.alloc(w * h * 3);
  // The same arithmetic as one random.next() per pixel and a loop over the channels, in the same order
  // (the same bytes): the grain's draws made at once, the channels' ends read once (~26 -> ~16 ms CPU a
  // 640×480 texture; bench/README.md "suite7").
  const draws = new Float64Array(w * h);
  random.fill(draws);
  const grain = bg.grain;
  const [f0, f1, f2] = bg.from;
  const [d0, d1, d2] = [bg.to[0] - f0, bg.to[1] - f1, bg.to[2] - f2];
  const byte = (v: number) => {
    const r = Math.round(v * gain);
    return r > 255 ? 255 : r > 0 ? r : 0;
  };
  for (let y = 0, i = 0, k = 0; y < h; y++) {
    const ydy = y * dy;
    for (let x = 0; x < w; x++, i++, k += 3) {
      const t = (x * dx + ydy - start) / span;
      const o = offset[i]! + (draws[i]! - 0.5) * 2 * grain;
      out[k] = byte(f0 + d0 * t + o);
      out[k + 1] = byte(f1 + d1 * t + o);
      out[k + 2] = byte(f2 + d2 * t + o);
    }
  }
  return out;
}

function encode(image: Sharp, options: RenderSceneOptions): Promise<Buffer> {
  if (options.format === 'png') return image.png().toBuffer();
  return image.jpeg({ quality: options.quality ?? 90 }).toBuffer();
}

/** Renders the scene and encodes it; the same scene and options always give the same bytes. */
export async function renderScene(scene: Scene, options: RenderSceneOptions): Promise<Buffer> {
  const { width, height } = scene;
  const svg = Buffer.from(sceneSvg(scene));
  const bg = scene.background;
  const drawn =
    bg.kind === 'texture'
      ? sharp(texturePixels(bg, scene.lighting.gain, width, height), {
          raw: { width, height, channels: 3 },
        }).composite([{ input: svg, top: 0, left: 0 }])
      : sharp(svg).removeAlpha();
  if (options.effect === undefined) return encode(drawn, options);
  const { data, info } = await drawn.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const base = sharp(data, { raw });
  const effect = options.effect;
  const changed = effect.kind === 'dark' ? base.linear(effect.gain, 0) : base.blur(effect.sigma);
  return encode(changed, options);
}
