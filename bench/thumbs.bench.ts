/**
 * `npm run bench -- thumbs`: thumbnails per second from `assay serve` on the demo's real images (`assay demo`,
 * 300 rendered JPEGs; ASSAY_BENCH_IMAGES=N for another count), over HTTP with 6 requests in flight (a
 * browser's per-host limit): cold (the thumbnail cache `.assay/thumbs` emptied first: decode, resize,
 * WebP encode, write), warm (cached files), and revalidated (If-None-Match → 304, what a browser that
 * has the tile sends). Baseline: sharp's own decode → 256 px → WebP of the same files in this process,
 * one at a time. `cpu` is the server process's CPU time per thumbnail (all threads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { startServeChild } from './_serve-child.js';

const IMAGES = Number(process.env.ASSAY_BENCH_IMAGES ?? 0) || 300;
const MAIN = resolve('packages/cli/src/main.ts');
const dir = resolve(`bench/.data/thumbs-demo-${IMAGES}`);
const node = (args: string[], cwd: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', MAIN, ...args], {
    cwd,
    encoding: 'utf8',
  });
if (!existsSync(join(dir, '.assay', 'assay.duckdb'))) {
  await rm(dir, { recursive: true, force: true });
  const made = node(['demo', dir, '--images', String(IMAGES)], resolve('.'));
  if (made.status !== 0 && made.status !== 1) throw new Error(`assay demo failed:\n${made.stderr}`);
}
await rm(join(dir, '.assay', 'thumbs'), { recursive: true, force: true });

const { child, url } = await startServeChild(dir);

function cpuMs(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const page = (await (
  await fetch(`${url}/api/samples/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ filter: {}, offset: 0, limit: 500 }),
  })
).json()) as { items: { id: number; path: string; missing: boolean }[] };
const items = page.items;
const etags = new Map<number, string>();

async function pass(label: string, revalidate: boolean): Promise<void> {
  const statuses = new Map<number, number>();
  const queue = [...items];
  const cpu0 = cpuMs();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const etag = etags.get(item.id);
        const res = await fetch(`${url}/api/media/${item.id}/thumb?size=256`, {
          headers: revalidate && etag ? { 'if-none-match': etag } : {},
        });
        await res.arrayBuffer();
        if (res.status === 200) etags.set(item.id, res.headers.get('etag') ?? '');
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const cpu = (cpuMs() - cpu0) / items.length;
  const st = [...statuses].map(([k, v]) => `${v}×${k}`).join(' ');
  console.log(
    `${label.padEnd(34)} ${(items.length / s).toFixed(1).padStart(7)} thumbs/s  ${s.toFixed(2)} s  cpu ${cpu.toFixed(1)} ms/thumb  (${st})`,
  );
}

console.log(`${items.length} samples of the demo (${dir})`);
await pass('cold (no cache)', false);
await pass('warm (cached on the server)', false);
await pass('revalidated (If-None-Match)', true);

// Baseline: the same files decoded, resized and encoded by sharp alone, one at a time.
const files: string[] = [];
for (const item of items) {
  const d = (await (await fetch(`${url}/api/samples/${item.id}`)).json()) as { root: string; path: string };
  files.push(resolve(dir, d.root, d.path));
}
const t0 = performance.now();
let made = 0;
for (const file of files) {
  try {
    await sharp(file)
      .rotate()
      .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
      .webp()
      .toBuffer();
    made++;
  } catch {
    // the demo's corrupt and missing images
  }
}
const s = (performance.now() - t0) / 1000;
console.log(
  `${'sharp alone (baseline), 1 at a time'.padEnd(34)} ${(made / s).toFixed(1).padStart(7)} thumbs/s  (${made} made)`,
);
child.kill('SIGINT');
