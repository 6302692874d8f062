/**
 * Scan throughput on real JPEG photos: scanFiles (stat, read once, sha256, header, shrink-on-load
 * decode within 256 px, per-image metrics and hashes) against plain sharp loops at the same
 * concurrency, in one run: a plain decode of each file (`sharp(file).raw().toBuffer()`, the goal's
 * baseline) and a 64×64 grey thumbnail (a 1/8-scale grey decode, cheaper than any colour metric
 * allows). bench/metrics.bench.ts also compares with a plain decode within 256 px, the scan's own.
 *
 *   node --import tsx --conditions=source bench/scan.bench.ts [DIR] [--concurrency N] [--rounds N]
 *
 * Without DIR it uses bench/.data/scan-photos/, made once from scikit-image's sample photos
 * (CC0 / public domain, see their docstrings in skimage/data/_fetchers.py) when they are unpacked
 * in /tmp/skimage:  apt-get download python3-skimage && dpkg -x python3-skimage_*.deb /tmp/skimage
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import {
  DEFAULT_SCAN_CONCURRENCY,
  type ScanTarget,
  scanFiles,
} from '../packages/core/src/node/scan/scan-files.js';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';
import { lanes } from './_lanes.js';

const SKIMAGE_DATA = '/tmp/skimage/usr/lib/python3/dist-packages/skimage/data';
/** Photographs among scikit-image's samples (no synthetic charts or tiny test patterns). */
const SOURCES = [
  'astronaut.png',
  'chelsea.png',
  'coffee.png',
  'rocket.jpg',
  'hubble_deep_field.jpg',
  'retina.jpg',
  'motorcycle_left.png',
  'motorcycle_right.png',
  'ihc.png',
  'grass.png',
  'gravel.png',
  'brick.png',
  'camera.png',
  'coins.png',
  'moon.png',
];
const PHOTO_COUNT = 400;
const DEFAULT_DIR = fileURLToPath(new URL('./.data/scan-photos/', import.meta.url));

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { concurrency: { type: 'string' }, rounds: { type: 'string' } },
  });
  const concurrency = Number(values.concurrency ?? DEFAULT_SCAN_CONCURRENCY);
  const rounds = Number(values.rounds ?? 3);
  const dir = positionals[0] === undefined ? await defaultPhotos() : resolve(positionals[0]);
  const files = await listImages(dir);
  if (files.length === 0) throw new Error(`no .jpg/.jpeg/.png files in ${dir}`);
  console.log(
    `${files.length} images in ${dir}; concurrency ${concurrency}; ${availableParallelism()} cores; ` +
      `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}; sharp.concurrency()=${sharp.concurrency()}`,
  );
  await lanes(files, concurrency, thumbnail); // warm the page cache and libvips
  const plain: number[] = [];
  const thumbs: number[] = [];
  const scan: number[] = [];
  const busy: number[] = [];
  for (let round = 0; round < rounds; round++) {
    plain.push(await timed(() => lanes(files, concurrency, decode)));
    thumbs.push(await timed(() => lanes(files, concurrency, thumbnail)));
    const loop = performance.eventLoopUtilization();
    scan.push(await timed(() => scanAll(files, concurrency)));
    busy.push(performance.eventLoopUtilization(loop).utilization);
  }
  const rate = (ms: number[]) => files.length / (Math.min(...ms) / 1000);
  const [plainRate, thumbRate, scanRate] = [rate(plain), rate(thumbs), rate(scan)];
  console.log(`plain sharp decode:           ${plainRate.toFixed(1)} images/s (best of ${rounds})`);
  console.log(`plain 64×64 grey thumbnail:   ${thumbRate.toFixed(1)} images/s (best of ${rounds})`);
  console.log(`scanFiles:                    ${scanRate.toFixed(1)} images/s (best of ${rounds})`);
  console.log(`ratio scanFiles / decode:     ${(scanRate / plainRate).toFixed(2)} (goal >= 0.8)`);
  console.log(`ratio scanFiles / thumbnail:  ${(scanRate / thumbRate).toFixed(2)}`);
  // Low main-thread use means decoding (on libuv's pool) is the limit, and worker threads would not help.
  const meanBusy = busy.reduce((a, b) => a + b, 0) / busy.length;
  console.log(`main thread busy during scanFiles: ${(100 * meanBusy).toFixed(0)}%`);
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const decode = (file: string) => sharp(file).raw().toBuffer();
const thumbnail = (file: string) => sharp(file).resize(64, 64).greyscale().raw().toBuffer();

async function scanAll(files: string[], concurrency: number): Promise<void> {
  const targets: ScanTarget[] = files.map((path, id) => ({ id, path }));
  let notOk = 0;
  const summary = await scanFiles(targets, { concurrency, force: true }, (result) => {
    if (result.probe.status !== 'ok') notOk++;
  });
  if (summary.done !== files.length || notOk > 0) console.warn(`scan: ${notOk} of ${summary.done} not ok`);
}

async function listImages(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((name) => /\.(jpe?g|png)$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

async function defaultPhotos(): Promise<string> {
  if ((await listImages(DEFAULT_DIR).catch(() => [])).length >= PHOTO_COUNT) return DEFAULT_DIR;
  if (!existsSync(SKIMAGE_DATA)) {
    throw new Error(
      `no photos: pass a folder of JPEGs, or unpack scikit-image's samples first:\n` +
        `  cd /tmp && apt-get download python3-skimage && dpkg -x python3-skimage_*.deb /tmp/skimage`,
    );
  }
  console.log(`writing ${PHOTO_COUNT} JPEG variants of scikit-image photos to ${DEFAULT_DIR} ...`);
  await mkdir(DEFAULT_DIR, { recursive: true });
  const random = mulberry32(20240611);
  for (let i = 0; i < PHOTO_COUNT; i++) {
    const source = join(SKIMAGE_DATA, SOURCES[i % SOURCES.length]!);
    await writeVariant(source, join(DEFAULT_DIR, `photo-${String(i).padStart(4, '0')}.jpg`), random);
  }
  return DEFAULT_DIR;
}

/** A random crop of `source`, scaled to a long side of 640-1600 px, with sensor-like noise. */
async function writeVariant(source: string, out: string, random: () => number): Promise<void> {
  const { width = 1, height = 1 } = await sharp(source).metadata();
  const cropW = Math.max(64, Math.round(width * (0.6 + 0.4 * random())));
  const cropH = Math.max(64, Math.round(height * (0.6 + 0.4 * random())));
  const left = Math.floor((width - cropW) * random());
  const top = Math.floor((height - cropH) * random());
  const longSide = Math.round(640 + 960 * random());
  const scale = longSide / Math.max(cropW, cropH);
  const outW = Math.round(cropW * scale);
  const outH = Math.round(cropH * scale);
  const base = await sharp(source)
    .extract({ left, top, width: cropW, height: cropH })
    .resize(outW, outH)
    .toColourspace('srgb')
    .removeAlpha()
    .flop(random() < 0.5)
    .modulate({ brightness: 0.8 + 0.4 * random(), saturation: 0.8 + 0.4 * random() })
    .png()
    .toBuffer();
  const noise = await sharp({
    create: {
      width: outW,
      height: outH,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 12 },
    },
  })
    .png()
    .toBuffer();
  await sharp(base)
    .composite([{ input: noise, blend: 'soft-light' }])
    .jpeg({ quality: 75 + Math.floor(20 * random()), progressive: random() < 0.15 })
    .toFile(out);
}

await main();
