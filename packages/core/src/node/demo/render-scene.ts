import sharp, { type Sharp } from 'sharp';
import type { Background, Rgb, Scene, SceneObject } from './demo-scene.js';
import { createSeededRandom } from './seeded-random.js';
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
  if (bg.kind === 'noise') return '';
  if (bg.kind === 'flat') return `<rect width="${width}" height="${height}" fill="${lit(bg.color, gain)}"/>`;
  const rad = (bg.angle * Math.PI) / 180;
  const dx = Math.cos(rad) / 2;
  const dy = Math.sin(rad) / 2;
  return (
    `<defs><linearGradient id="bg" x1="${f2(0.5 - dx)}" y1="${f2(0.5 - dy)}" x2="${f2(0.5 + dx)}" y2="${f2(0.5 + dy)}">` +
    `<stop offset="0" stop-color="${lit(bg.from, gain)}"/><stop offset="1" stop-color="${lit(bg.to, gain)}"/>` +
    `</linearGradient></defs><rect width="${width}" height="${height}" fill="url(#bg)"/>`
  );
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

/** The scene as one SVG document (without the background when it is a noise texture). */
export function sceneSvg(scene: Scene): string {
  const { width, height, lighting } = scene;
  const body = [
    backgroundSvg(scene.background, lighting.gain, width, height),
    ...scene.objects.map((o) => objectSvg(o, lighting.gain)),
    spotSvg(scene),
  ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

/** A noise texture: a coarse bilinear field of brightness offsets plus per-pixel grain, RGB raw. */
function noisePixels(bg: Extract<Background, { kind: 'noise' }>, gain: number, w: number, h: number): Buffer {
  const random = createSeededRandom(bg.seed);
  const cols = bg.cells + 1;
  const rows = Math.max(2, Math.round((bg.cells * h) / w) + 1);
  const field = Float32Array.from({ length: cols * rows }, () => random.range(-bg.amplitude, bg.amplitude));
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    const fy = (y / (h - 1)) * (rows - 1);
    const y0 = Math.min(rows - 2, Math.floor(fy));
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = (x / (w - 1)) * (cols - 1);
      const x0 = Math.min(cols - 2, Math.floor(fx));
      const tx = fx - x0;
      const top = field[y0 * cols + x0]! * (1 - tx) + field[y0 * cols + x0 + 1]! * tx;
      const bottom = field[(y0 + 1) * cols + x0]! * (1 - tx) + field[(y0 + 1) * cols + x0 + 1]! * tx;
      const offset = top * (1 - ty) + bottom * ty + (random.next() - 0.5) * 2 * bg.grain;
      for (let c = 0; c < 3; c++) {
        out[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round((bg.color[c]! + offset) * gain)));
      }
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
    bg.kind === 'noise'
      ? sharp(noisePixels(bg, scene.lighting.gain, width, height), {
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
