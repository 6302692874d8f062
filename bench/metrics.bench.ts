/**
 * Scan with metrics on real JPEG photos against a plain sharp decode of the same files, at the same
 * concurrency, in one run:
 * - scanFiles: stat, read, SHA-256, header, one shrink-on-load RGB decode within 256 px, every
 *   metric and hash of packages/core/src/metrics (brightness, contrast, Laplacian, entropy,
 *   colourfulness, 12 perceptual hashes, decoded-pixel SHA-256);
 * - plain decode: `sharp(file).resize(256, 256, { fit: 'inside' }).raw().toBuffer()` (the same
 *   decode, nothing else), the 64×64 grey thumbnail loop of scan.bench.ts, and the full-size decode
 *   `sharp(file).raw().toBuffer()`.
 *
 *   node --import tsx --conditions=source bench/metrics.bench.ts [DIR] [--repeat N] [--rounds N]
 *        [--concurrency N]
 *
 * Each figure is the best of `--rounds` (default 3), the three loops taking turns. Besides the wall
 * rates it prints the CPU time of the whole process (every thread) per image: on a machine shared
 * with other work that ratio moves far less than the wall-time one, and on an idle 2-core machine,
 * where both loops keep the cores busy, the two agree.
 *
 * Without DIR it uses fixtures/photos (26 real photos, 384 px) listed `--repeat` times (default 8).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeImage } from '../packages/core/src/node/scan/decode-image.js';
import { measureImage } from '../packages/core/src/node/scan/measure-image.js';
import { DEFAULT_SCAN_CONCURRENCY, scanFiles } from '../packages/core/src/node/scan/scan-files.js';
import { lanes } from './_lanes.js';

const PHOTOS = fileURLToPath(new URL('../fixtures/photos/', import.meta.url));

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { repeat: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const dir = resolve(positionals[0] ?? PHOTOS);
  const repeat = Number(values.repeat ?? (positionals[0] === undefined ? 8 : 1));
  const rounds = Number(values.rounds ?? 3);
  const concurrency = Number(values.concurrency ?? DEFAULT_SCAN_CONCURRENCY);
  const names = (await readdir(dir)).filter((n) => /\.jpe?g$/i.test(n)).sort();
  const files = Array.from({ length: repeat }, () => names.map((n) => join(dir, n))).flat();
  console.log(
    `${files.length} JPEG reads (${names.length} files × ${repeat}) from ${dir}; concurrency ${concurrency}`,
  );
  const full = (file: string) => sharp(file).raw().toBuffer();
  const plain = (size: number, grey: boolean) => (file: string) => {
    const s = sharp(file).resize(size, size, grey ? {} : { fit: 'inside' });
    return (grey ? s.greyscale() : s).raw().toBuffer();
  };
  await lanes(files, concurrency, plain(256, false)); // warm page cache and libvips
  await scanAll(files.slice(0, 50), concurrency); // and the metric kernels
  const runs = {
    decode: () => lanes(files, concurrency, plain(256, false)),
    thumb: () => lanes(files, concurrency, plain(64, true)),
    full: () => lanes(files, concurrency, full),
    scan: () => scanAll(files, concurrency),
  };
  const best = { decode: Infinity, thumb: Infinity, full: Infinity, scan: Infinity };
  const cpu = { decode: Infinity, thumb: Infinity, full: Infinity, scan: Infinity };
  for (let r = 0; r < rounds; r++) {
    for (const key of ['decode', 'thumb', 'full', 'scan'] as const) {
      const { ms, cpuMs } = await timed(runs[key]);
      best[key] = Math.min(best[key], ms);
      cpu[key] = Math.min(cpu[key], cpuMs);
    }
  }
  const rate = (ms: number) => files.length / (ms / 1000);
  const perImage = (ms: number) => `${(ms / files.length).toFixed(2)} ms CPU per image`;
  console.log(
    `plain decode within 256 px:    ${rate(best.decode).toFixed(1)} images/s (best of ${rounds}), ${perImage(cpu.decode)}`,
  );
  console.log(
    `plain 64×64 grey thumbnail:    ${rate(best.thumb).toFixed(1)} images/s, ${perImage(cpu.thumb)}`,
  );
  console.log(`plain full-size decode:        ${rate(best.full).toFixed(1)} images/s, ${perImage(cpu.full)}`);
  console.log(`scanFiles with metrics:        ${rate(best.scan).toFixed(1)} images/s, ${perImage(cpu.scan)}`);
  console.log(
    `ratio scan / plain 256 decode: ${(best.decode / best.scan).toFixed(2)} (goal >= 0.8); by CPU time ${(cpu.decode / cpu.scan).toFixed(2)}`,
  );
  console.log(
    `ratio scan / plain thumbnail:  ${(best.thumb / best.scan).toFixed(2)}; by CPU time ${(cpu.thumb / cpu.scan).toFixed(2)}`,
  );
  console.log(
    `ratio scan / full-size decode: ${(best.full / best.scan).toFixed(2)}; by CPU time ${(cpu.full / cpu.scan).toFixed(2)}`,
  );
  await metricsOnly(files.slice(0, names.length));
}

/** CPU cost of the metrics alone (measureImage: kernels and pixel hash), on already decoded images. */
async function metricsOnly(files: string[]): Promise<void> {
  const decoded = [];
  for (const f of files) {
    const d = await decodeImage(await readFile(f), { size: 256, maxPixels: 1e8 });
    if (d.ok) decoded.push(d.image);
  }
  let best = Infinity;
  for (let k = 0; k < 7; k++) {
    const cpu = process.cpuUsage();
    for (const image of decoded) measureImage(image, { status: 'ok' });
    const used = process.cpuUsage(cpu);
    if (k > 1) best = Math.min(best, (used.user + used.system) / 1000 / decoded.length);
  }
  console.log(`metrics alone (main thread):   ${best.toFixed(2)} ms CPU per image (best of 5, warm caches)`);
}

async function scanAll(files: string[], concurrency: number): Promise<void> {
  let notOk = 0;
  let measured = 0;
  await scanFiles(
    files.map((path, id) => ({ id, path })),
    { concurrency, force: true },
    (r) => {
      if (r.probe.status !== 'ok') notOk++;
      if (r.metrics) measured++;
    },
  );
  if (notOk > 0 || measured !== files.length) console.warn(`scan: ${notOk} not ok, ${measured} measured`);
}

/** Wall time and the CPU time of the whole process (every thread: libvips, the thread pool, main). */
async function timed(run: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

await main();
