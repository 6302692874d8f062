/**
 * `npm run bench -- filter-change`: what the web app asks of `assay serve` when a class filter changes in
 * the grid, over HTTP without a browser, on serve.bench's generated project (1,000,000 samples, ~7.5M
 * boxes; ASSAY_BENCH_SAMPLES=N for another size). Per change, as the app sends them at once: the facet
 * counts, the grid's first page (its total), the attribute values; then the page's annotations. A change
 * is done when all four have answered (the facets and grid with its boxes). Each change uses a filter not
 * asked before (one class, then two), so no answer comes from a cache. Prints wall p50/p95 per change and
 * the server's CPU per change (all its threads, from /proc: the load-independent cost). With the page's
 * annotations the browser also asks for the thumbnails of the tiles in view (THUMBS of them; this project has
 * no image files, so each is a 404): their answers are timed apart, and their CPU counted in the change's.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { indexReady } from './_index-ready.js';
import { loadAverage, processCpuMs, startServeChild } from './_serve-child.js';
import { serveProject } from './_serve-project.js';

const SAMPLES = Number(process.env.ASSAY_BENCH_SAMPLES ?? 0) || 1_000_000;
const RUNS = 20;
/** Tiles in view in the web bench's 1400 × 900 window. */
const THUMBS = 50;
const dir = await serveProject(resolve(`bench/.data/serve-${SAMPLES}`), SAMPLES);
const load = loadAverage;
console.log(`load average at start: ${load()} (2 cores)`);
const { child, url } = await startServeChild(dir);
const cpuMs = () => processCpuMs(child.pid);
const post = async (path: string, body: unknown): Promise<{ ms: number; json: Record<string, unknown> }> => {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${JSON.stringify(json)}`);
  return { ms: performance.now() - t, json };
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

try {
  console.log(`facet index ready after ${(await indexReady(url)).toFixed(1)} s`);
  const filters: object[] = [];
  for (let k = 0; k < 20; k++) filters.push({ classes: [`class_${k}`] });
  for (let k = 0; k < 20; k++) filters.push({ classes: [`class_${k}`, `class_${(k + 7) % 20}`] });
  const wall: number[] = [];
  const cpu: number[] = [];
  const parts = {
    facets: [] as number[],
    page: [] as number[],
    annotations: [] as number[],
    thumbs: [] as number[],
  };
  for (let run = 0; run < RUNS + 2; run++) {
    const filter = filters[run % filters.length]!;
    const cpu0 = cpuMs();
    const t0 = performance.now();
    const facets = post('/api/facets', { filter });
    const attributes = post('/api/facets/attributes', { filter, limit: 10 });
    const page = post('/api/samples/query', { filter, offset: 0, limit: 100 });
    const ids = ((await page).json.items as { id: number }[]).map((i) => i.id);
    const tp = performance.now();
    const thumbs = Promise.all(
      ids.slice(0, THUMBS).map(async (id) => {
        const res = await fetch(`${url}/api/media/${id}/thumb?size=256`);
        await res.arrayBuffer();
        return res.status;
      }),
    ).then(() => performance.now() - tp);
    const annotations = await post('/api/annotations', { sample_ids: ids });
    await Promise.all([facets, attributes]);
    const took = performance.now() - t0;
    const thumbsMs = await thumbs;
    if (run < 2) continue; // warm-up
    wall.push(took);
    cpu.push(cpuMs() - cpu0);
    parts.facets.push((await facets).ms);
    parts.page.push((await page).ms);
    parts.annotations.push(annotations.ms);
    parts.thumbs.push(thumbsMs);
  }
  const line = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms`;
  console.log(
    `filter change (facets + page + attributes, then annotations): ${line(wall)} (${RUNS} changes)`,
  );
  console.log(
    `  server CPU per change (the ${THUMBS} thumbnails included): ${line(cpu).replaceAll(' ms', ' ms CPU')}`,
  );
  console.log(
    `  answered after: facets ${line(parts.facets)}; page ${line(parts.page)}; annotations (asked after the page) ${line(parts.annotations)}; ${THUMBS} thumbnails (asked with the annotations) ${line(parts.thumbs)}`,
  );
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const mb = (k: string) => (Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024).toFixed(0);
  console.log(`server RSS ${mb('VmRSS')} MB, peak ${mb('VmHWM')} MB`);
  console.log(`load average at the end: ${load()}`);
} finally {
  child.kill('SIGINT');
}
