import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import {
  alterPhoto,
  ALTERATIONS as HASH_ALTERATIONS,
} from '../packages/core/src/node/scan/test-kit/alter-photo.js';

/**
 * Data for the embedding benchmarks, all real and offline:
 * - Fashion-MNIST (Zalando, MIT): Debian's dataset-fashion-mnist, unpacked with
 *   `apt-get download dataset-fashion-mnist && dpkg -x dataset-fashion-mnist_*.deb /tmp/embdata/x`
 *   (ASSAY_FASHION_MNIST = the folder with t10k-images-idx3-ubyte.gz; default below)
 * - photos: fixtures/photos (26) and any folder of photos given, altered here with sharp.
 */
export const FASHION_DIR =
  process.env.ASSAY_FASHION_MNIST ?? '/tmp/embdata/x/usr/share/datasets/fashion-mnist';
export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** The first `n` Fashion-MNIST test images (28×28 grey) and labels. */
export function fashionMnist(n: number): { images: Uint8Array[]; labels: Int32Array } {
  const images = gunzipSync(readFileSync(join(FASHION_DIR, 't10k-images-idx3-ubyte.gz')));
  const labels = gunzipSync(readFileSync(join(FASHION_DIR, 't10k-labels-idx1-ubyte.gz')));
  // idx format: magic, count, rows, cols (big-endian int32), then pixels; labels: magic, count, then bytes
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(images.subarray(16 + i * 784, 16 + (i + 1) * 784));
  return { images: out, labels: Int32Array.from(labels.subarray(8, 8 + n)) };
}

export function hasFashionMnist(): boolean {
  return existsSync(join(FASHION_DIR, 't10k-images-idx3-ubyte.gz'));
}

/** A grey 28×28 image as PNG bytes. */
export function greyPng(pixels: Uint8Array, size = 28): Promise<Buffer> {
  return sharp(Buffer.from(pixels), { raw: { width: size, height: size, channels: 1 } })
    .png()
    .toBuffer();
}

/** The alterations issue 15 names: issue 4's eight, plus contrast, a few degrees of rotation and a solid band. */
export const ALTERATIONS = [...HASH_ALTERATIONS, 'contrast', 'rotate', 'band'] as const;
export type Alteration = (typeof ALTERATIONS)[number];

/**
 * An altered copy (JPEG bytes): issue 4's (alter-photo.ts: re-encode q50, resize 60%, crop to 90% × 94%,
 * brightness × 1.3, blur σ 2, noise σ 12, 6% black border, half-transparent text band), and:
 * - contrast: × 1.4 around mid-grey (sharp linear)
 * - rotate: 4° with the corners cropped away (the largest axis-aligned inner rectangle)
 * - band: an opaque grey band over 12% of the height, a third of the way down
 */
export async function alter(bytes: Uint8Array, alteration: Alteration, seed: number): Promise<Buffer> {
  if ((HASH_ALTERATIONS as readonly string[]).includes(alteration))
    return alterPhoto(bytes, alteration as (typeof HASH_ALTERATIONS)[number], seed);
  const image = sharp(bytes).removeAlpha().toColourspace('srgb');
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  if (alteration === 'contrast')
    return image
      .linear(1.4, -0.4 * 128)
      .jpeg({ quality: 85 })
      .toBuffer();
  if (alteration === 'rotate') {
    const angle = 4;
    const rotated = await image.rotate(angle, { background: '#000' }).toBuffer();
    const a = (angle * Math.PI) / 180;
    // inner rectangle of a w×h image rotated by a small angle (both sides shrink by the other's projection)
    const cw = Math.floor(
      (width * Math.cos(a) - height * Math.sin(a)) / (Math.cos(a) ** 2 - Math.sin(a) ** 2),
    );
    const ch = Math.floor(
      (height * Math.cos(a) - width * Math.sin(a)) / (Math.cos(a) ** 2 - Math.sin(a) ** 2),
    );
    const meta = await sharp(rotated).metadata();
    const w = Math.max(8, Math.min(cw, meta.width ?? cw));
    const h = Math.max(8, Math.min(ch, meta.height ?? ch));
    return sharp(rotated)
      .extract({
        left: Math.floor(((meta.width ?? w) - w) / 2),
        top: Math.floor(((meta.height ?? h) - h) / 2),
        width: w,
        height: h,
      })
      .jpeg({ quality: 85 })
      .toBuffer();
  }
  const bandH = Math.max(1, Math.round(height * 0.12));
  const band = await sharp({
    create: { width, height: bandH, channels: 3, background: { r: 128, g: 128, b: 128 } },
  })
    .png()
    .toBuffer();
  return image
    .composite([{ input: band, top: Math.round(height / 3), left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Photos of a folder (jpg, png, webp), sorted by name. */
export function photosIn(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir)
    .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}
