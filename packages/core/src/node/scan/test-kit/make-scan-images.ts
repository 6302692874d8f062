import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

/** Paths of the images every scan test works on, all generated with sharp into one folder. */
export interface ScanImages {
  /** 320×240 RGB JPEG, gradient plus noise. */
  photoJpeg: string;
  /** 200×150 RGBA PNG with noise (so it does not compress to nothing). */
  noisyPng: string;
  /** 120×80 16-bit greyscale PNG. */
  deepPng: string;
  /** photoJpeg cut to 60% of its bytes. */
  truncatedJpeg: string;
  /** noisyPng cut to 70% of its bytes. */
  truncatedPng: string;
  /** photoJpeg with 200 bytes overwritten in the middle of the entropy-coded data. */
  damagedJpeg: string;
  /** The three bytes "abc" under a .jpg name. */
  garbageJpeg: string;
  /** A zero-byte .jpg. */
  emptyJpeg: string;
  /** A path that does not exist. */
  missing: string;
  /** A folder whose name ends in .jpg. */
  folder: string;
  /** 400×300 JPEG, 120,000 pixels. */
  largeJpeg: string;
  /** 300×200 as stored, top half white, bottom half black, EXIF orientation 6 (display turned 90° clockwise). */
  rotatedJpeg: string;
}

export async function makeScanImages(dir: string): Promise<ScanImages> {
  await mkdir(dir, { recursive: true });
  const images: ScanImages = {
    photoJpeg: join(dir, 'photo.jpg'),
    noisyPng: join(dir, 'noisy.png'),
    deepPng: join(dir, 'deep.png'),
    truncatedJpeg: join(dir, 'truncated.jpg'),
    truncatedPng: join(dir, 'truncated.png'),
    damagedJpeg: join(dir, 'damaged.jpg'),
    garbageJpeg: join(dir, 'garbage.jpg'),
    emptyJpeg: join(dir, 'empty.jpg'),
    missing: join(dir, 'missing.jpg'),
    folder: join(dir, 'folder.jpg'),
    largeJpeg: join(dir, 'large.jpg'),
    rotatedJpeg: join(dir, 'rotated.jpg'),
  };
  await noisyImage(320, 240, 3, 1).jpeg({ quality: 90 }).toFile(images.photoJpeg);
  await noisyImage(200, 150, 4, 2).png().toFile(images.noisyPng);
  await noisyImage(120, 80, 1, 3).toColourspace('grey16').png().toFile(images.deepPng);
  await noisyImage(400, 300, 3, 4).jpeg().toFile(images.largeJpeg);
  const jpeg = await readFile(images.photoJpeg);
  const png = await readFile(images.noisyPng);
  await writeFile(images.truncatedJpeg, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
  await writeFile(images.truncatedPng, png.subarray(0, Math.floor(png.length * 0.7)));
  await writeFile(images.damagedJpeg, overwriteMiddle(jpeg, 200));
  await writeFile(images.garbageJpeg, 'abc');
  await writeFile(images.emptyJpeg, '');
  await mkdir(images.folder);
  await halfWhite(300, 200).jpeg().withMetadata({ orientation: 6 }).toFile(images.rotatedJpeg);
  return images;
}

/** A diagonal gradient with seeded noise, so encoders produce realistic, incompressible data. */
function noisyImage(width: number, height: number, channels: 1 | 3 | 4, seed: number): Sharp {
  const data = Buffer.alloc(width * height * channels);
  let state = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        const gradient = ((x + y) * 255) / (width + height) + c * 40;
        const value = c === 3 ? 255 - (state % 64) : gradient + ((state >>> 24) % 48) - 24;
        data[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return sharp(data, { raw: { width, height, channels } });
}

function halfWhite(width: number, height: number): Sharp {
  const data = Buffer.alloc(width * height, 0);
  data.fill(255, 0, width * Math.floor(height / 2));
  return sharp(data, { raw: { width, height, channels: 1 } });
}

/** Copies `bytes` with `count` bytes of a repeating pattern written over its middle. */
function overwriteMiddle(bytes: Buffer, count: number): Buffer {
  const copy = Buffer.from(bytes);
  const start = Math.floor(copy.length / 2);
  for (let i = 0; i < count; i++) copy[start + i] = (i * 37) & 0xff;
  return copy;
}
