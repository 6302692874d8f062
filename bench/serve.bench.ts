import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { indexReady } from './_index-ready.js';
import { loadAverage, processCpuMs, startServeChild } from './_serve-child.js';
import { serveProject } from './_serve-project.js';

const args = process.argv.slice(2);
const at = args.indexOf('--samples');
const SAMPLES =
  (at >= 0 ? Number(args[at + 1]) : 0) || Number(process.env.ASSAY_BENCH_SAMPLES ?? 0) || 1_000_000;
const dir = await serveProject(resolve(`bench/.data/serve-${SAMPLES}`), SAMPLES);

const { child, url } = await startServeChild(dir);

function rssMb(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time of the server process so far (user + system, all threads), ms: load-independent cost. */
function cpuMs(): number {
  return processCpuMs(child.pid);
}

async function post(path: string, body: unknown): Promise<{ ms: number; json: Record<string, unknown> }> {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(JSON.stringify(json));
  return { ms: performance.now() - t, json };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function time(label: string, path: string, body: unknown, runs = 20): Promise<void> {
  const firstCpu = cpuMs();
  const firstMs = (await post(path, body)).ms; // the first asks may build a sort order or load columns
  const firstCost = `first ${firstMs.toFixed(0)} ms / cpu ${(cpuMs() - firstCpu).toFixed(0)} ms`;
  await post(path, body);
  const ms: number[] = [];
  const server: number[] = [];
  let last: Record<string, unknown> = {};
  const cpu0 = cpuMs();
  for (let i = 0; i < runs; i++) {
    const r = await post(path, body);
    ms.push(r.ms);
    if (typeof r.json.took_ms === 'number') server.push(r.json.took_ms);
    last = r.json;
  }
  const cpu = (cpuMs() - cpu0) / runs;
  const total = typeof last.total === 'number' ? last.total.toLocaleString('en-US') : '?';
  const own = server.length ? `  (server ${pct(server, 50).toFixed(0)}/${pct(server, 95).toFixed(0)})` : '';
  console.log(
    `${label.padEnd(46)} p50 ${pct(ms, 50).toFixed(0).padStart(4)} ms  p95 ${pct(ms, 95).toFixed(0).padStart(4)} ms${own}  cpu ${cpu.toFixed(0).padStart(4)} ms/req  total ${total}  (${firstCost})`,
  );
}

const load = loadAverage;
console.log(`load average at start: ${load()}`);
const t0 = performance.now();
const first = await fetch(`${url}/api/project`);
console.log(`first /api/project: ${(performance.now() - t0).toFixed(0)} ms (status ${first.status})`);
const cpuAtStart = cpuMs();

// A hand-over while the background build runs (what an edit in the app or another command asks for):
// the server abandons the build instead of waiting for it (ProjectHandle.warm), then builds it again.
const note = JSON.parse(readFileSync(join(dir, '.assay', 'server.json'), 'utf8')) as { token: string };
async function internal(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${url}/api/internal/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${note.token}` },
    body: JSON.stringify({ pid: process.pid }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`/api/internal/${path}: ${res.status}`);
  return performance.now() - t;
}
await new Promise((r) => setTimeout(r, 3000)); // the build is under way
const releaseMs = await internal('release');
await internal('resume');
console.log(
  `hand-over 3 s after start, during the background build: released in ${releaseMs.toFixed(0)} ms (the build is abandoned and starts again)`,
);
const waited = await indexReady(url);
console.log(
  `facet index ready ${waited.toFixed(1)} s after the first request (server CPU since: ${((cpuMs() - cpuAtStart) / 1000).toFixed(1)} s; RSS ${rssMb().rss.toFixed(0)} MB)`,
);
const filters: [string, unknown][] = [
  ['facets: no filter', {}],
  ['facets: one class', { classes: ['class_3'] }],
  [
    'facets: split + prediction score ≥ 0.5',
    { splits: ['val'], sources: ['prediction:model'], score: [0.5, 1] },
  ],
  ['facets: issue type', { issue_types: ['blurry'] }],
  ['facets: brightness range', { metrics: { brightness: [0.2, 0.5] } }],
  ['facets: FP of one class', { outcome: ['fp'], classes: ['class_1'] }],
  ['facets: tag', { tags: ['rain'] }],
  ['facets: path text', { path: 'img_00123' }],
];
for (const [label, filter] of filters) await time(label, '/api/facets', { filter });
await time('page @500,000 by id', '/api/samples/query', { filter: {}, offset: 500_000, limit: 100 });
await time(
  'page @500,000 by path',
  '/api/samples/query',
  { filter: {}, offset: 500_000, limit: 100, sort: { by: 'path' } },
  10,
);
await time(
  'page @500,000 by brightness',
  '/api/samples/query',
  { filter: {}, offset: 500_000, limit: 100, sort: { by: 'brightness' } },
  10,
);
await time(
  'page @100,000 of one class',
  '/api/samples/query',
  { filter: { classes: ['class_3'] }, offset: 100_000, limit: 100 },
  10,
);
const page = await post('/api/samples/query', { filter: {}, offset: 500_000, limit: 100 });
const ids = (page.json.items as { id: number }[]).map((i) => i.id);
await time('annotations of 100 samples', '/api/annotations', { sample_ids: ids });
await time(
  'patches: one class by area @10,000',
  '/api/patches',
  { filter: {}, source: 'ground_truth', class: 'class_2', sort: 'area', offset: 10_000, limit: 100 },
  10,
);
await time(
  'patches: every class by area @1,000,000',
  '/api/patches',
  { filter: {}, source: 'ground_truth', sort: 'area', offset: 1_000_000, limit: 200 },
  10,
);
await time(
  'patches: one class, tag filter, by area @1,000',
  '/api/patches',
  {
    filter: { tags: ['rain'] },
    source: 'ground_truth',
    class: 'class_2',
    sort: 'area',
    offset: 1_000,
    limit: 200,
  },
  10,
);
const m = rssMb();
console.log(`server RSS ${m.rss.toFixed(0)} MB, peak ${m.peak.toFixed(0)} MB (goal ≤ 1,536 MB)`);
console.log(`load average at the end: ${load()}`);
child.kill('SIGINT');
