import sharp, { type Sharp } from 'sharp';
import { mulberry32 as random } from '../../../random/mulberry32.js';

/** The eight alterations a near-duplicate finder must see through (issue 4, part 2). */
export const ALTERATIONS = [
  'reencode',
  'resize',
  'crop',
  'brighten',
  'blur',
  'noise',
  'border',
  'watermark',
] as const;
export type Alteration = (typeof ALTERATIONS)[number];

/**
 * One altered copy of a photo, as encoded JPEG bytes:
 * - reencode: JPEG quality 50 (the fixtures are quality 85)
 * - resize: 60% of the size
 * - crop: 10% of the width cut from the left and 6% of the height from the top
 * - brighten: brightness × 1.3 (sharp modulate)
 * - blur: Gaussian, sigma 2 px
 * - noise: Gaussian noise of sigma 12 grey levels on every channel
 * - border: a black frame 6% of the longer side wide on every side
 * - watermark: a half-transparent white text band over the lower fifth
 */
export async function alterPhoto(bytes: Uint8Array, alteration: Alteration, seed = 1): Promise<Buffer> {
  const image = sharp(bytes);
  const { width = 0, height = 0 } = await image.metadata();
  const jpeg = { quality: 85 } as const;
  switch (alteration) {
    case 'reencode':
      return image.jpeg({ quality: 50 }).toBuffer();
    case 'resize':
      return image
        .resize(Math.round(width * 0.6), Math.round(height * 0.6))
        .jpeg(jpeg)
        .toBuffer();
    case 'crop': {
      const left = Math.round(width * 0.1);
      const top = Math.round(height * 0.06);
      return image
        .extract({ left, top, width: width - left, height: height - top })
        .jpeg(jpeg)
        .toBuffer();
    }
    case 'brighten':
      return image.modulate({ brightness: 1.3 }).jpeg(jpeg).toBuffer();
    case 'blur':
      return image.blur(2).jpeg(jpeg).toBuffer();
    case 'noise':
      return addNoise(image, width, height, seed);
    case 'border': {
      const b = Math.round(Math.max(width, height) * 0.06);
      const black = { r: 0, g: 0, b: 0, alpha: 1 };
      return image.extend({ top: b, bottom: b, left: b, right: b, background: black }).jpeg(jpeg).toBuffer();
    }
    case 'watermark':
      return image
        .composite([{ input: watermark(width, height), top: 0, left: 0 }])
        .jpeg(jpeg)
        .toBuffer();
  }
}

async function addNoise(image: Sharp, width: number, height: number, seed: number): Promise<Buffer> {
  const { data, info } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const next = random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + 12 * gauss())));
  return sharp(data, { raw: { width, height, channels: info.channels } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

function watermark(width: number, height: number): Buffer {
  const size = Math.round(height * 0.12);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <text x="50%" y="${Math.round(height * 0.88)}" font-family="sans-serif" font-weight="bold" font-size="${size}"
    fill="white" fill-opacity="0.55" text-anchor="middle">© ASSAY 2026</text></svg>`;
  return Buffer.from(svg);
}
