import { join } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../atomic-write.js';
import type { DemoImage } from './demo-image.js';
import { renderScene } from './render-scene.js';

/** Draws and writes every planned image under imagesDir, a few at a time, originals before their copies. */
export interface WriteDemoImagesOptions {
  /** Images encoded at once (default 4: sharp works on libuv's thread pool). */
  concurrency?: number;
  signal?: AbortSignal;
  onWritten?: () => void;
}

async function imageBytes(image: DemoImage, written: Map<DemoImage, Buffer>): Promise<Buffer> {
  const source = image.source;
  if (source.kind === 'render') {
    const options = { format: source.format, quality: source.quality, effect: source.effect };
    const bytes = await renderScene(source.scene, options);
    return source.keep === undefined ? bytes : bytes.subarray(0, Math.floor(bytes.length * source.keep));
  }
  const original = written.get(source.of);
  if (original === undefined) throw new Error(`${image.name}: its original was not written first`);
  if (source.kind === 'copy') return original;
  let pipeline = sharp(original);
  if (source.crop !== undefined) {
    const { x, y, w, h } = source.crop;
    pipeline = pipeline.extract({ left: x, top: y, width: w, height: h });
  }
  if (source.width !== undefined)
    pipeline = pipeline.resize({ width: source.width, height: image.height, fit: 'fill' });
  return pipeline.jpeg({ quality: source.quality }).toBuffer();
}

/** Runs `work` over items, `limit` at a time; on the first failure starts no more and waits for the rest. */
async function runPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal) {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      try {
        signal?.throwIfAborted();
        await work(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
}

export async function writeDemoImages(
  images: DemoImage[],
  imagesDir: string,
  options: WriteDemoImagesOptions = {},
): Promise<void> {
  const sources = new Set(images.flatMap((i) => (i.source.kind === 'render' ? [] : [i.source.of])));
  const written = new Map<DemoImage, Buffer>();
  const write = async (image: DemoImage): Promise<void> => {
    const bytes = await imageBytes(image, written);
    if (sources.has(image)) written.set(image, bytes);
    await writeFileAtomic(join(imagesDir, image.name), bytes);
    options.onWritten?.();
  };
  const limit = options.concurrency ?? 4;
  const drawn = images.filter((i) => i.source.kind === 'render');
  const derived = images.filter((i) => i.source.kind !== 'render');
  await runPool(drawn, limit, write, options.signal);
  await runPool(derived, limit, write, options.signal);
}
