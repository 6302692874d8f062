import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { builtApp } from './_built-app.js';
import { indexReady } from './_index-ready.js';
import { descendantsCpuMs, loadAverage, processCpuMs, startServeChild } from './_serve-child.js';
import { serveProject } from './_serve-project.js';

const SAMPLES = Number(process.env.ASSAY_BENCH_SAMPLES ?? 0) || 1_000_000;
const dir = await serveProject(resolve(`bench/.data/serve-${SAMPLES}`), SAMPLES);
const load = loadAverage;
console.log(`load average at start: ${load()} (2 cores)`);
const { child, url } = await startServeChild(dir);

/** CPU time of the server process so far (user + system, all threads), ms: the load-independent cost. */
function serverCpuMs(): number {
  return processCpuMs(child.pid);
}
/** CPU time of Chromium's processes so far (every process this bench started but the server), ms. */
function browserCpuMs(): number {
  return descendantsCpuMs(process.pid, [child.pid]);
}
/** Measurements that could not be made (a probe timed out, a count never changed): the bench fails. */
const failures: string[] = [];
const PROBE_TIMEOUT = 30_000;

// In-page probes as JavaScript text (this file is type-checked without the DOM library).
/**
 * Clicks the class_k checkbox; resolves with the ms until the grid total and the facet total both changed,
 * and the server's own time for the facet answer (its took_ms, shown in the facet total's title).
 */
const TOGGLE_CLASS = `async (k) => {
  const label = [...document.querySelectorAll('section[data-facet="class"] label')].find(
    (l) => l.textContent.startsWith('class_' + k),
  );
  const grid = () => document.querySelector('[data-testid="grid-total"]')?.textContent;
  const match = () => document.querySelector('.sidebar-head .muted')?.textContent;
  const before = [grid(), match()];
  const t = performance.now();
  label.querySelector('input').click();
  await new Promise((done) => {
    const tick = () =>
      (/^[\\d,]+ samples$/.test(grid() ?? '') && grid() !== before[0] && match() !== before[1]) ||
      performance.now() - t > 30000
        ? done()
        : requestAnimationFrame(tick);
    tick();
  });
  const took = performance.now() - t;
  const server = Number(/took ([\\d.]+) ms/.exec(document.querySelector('.sidebar-head .muted')?.title ?? '')?.[1]);
  return [took, server];
}`;

/** Clicks the class_k checkbox; resolves with the ms until every tile in view shows a sample of the new filter, with its boxes. */
const TOGGLE_TILES = `async (k) => {
  const label = [...document.querySelectorAll('section[data-facet="class"] label')].find(
    (l) => l.textContent.startsWith('class_' + k),
  );
  const grid = document.querySelector('[data-testid="grid"]');
  const view = grid.getBoundingClientRect();
  const inView = () => [...grid.querySelectorAll('.tile')].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.bottom > view.top && r.top < view.bottom;
  });
  const shown = () => inView().map((e) => e.getAttribute('data-sample')).join(' ');
  const before = shown();
  const t = performance.now();
  label.querySelector('input').click();
  await new Promise((done) => {
    const tick = () => {
      const tiles = inView();
      const drawn = tiles.length > 0 && tiles.every((e) => e.hasAttribute('data-annotated')) && shown() !== before;
      drawn || performance.now() - t > 30000 ? done() : requestAnimationFrame(tick);
    };
    tick();
  });
  return performance.now() - t;
}`;

/** Scrolls the grid to a sample index; resolves with the ms until every tile in view has its sample. */
const JUMP_TO = `async (target) => {
  const grid = document.querySelector('[data-testid="grid"]');
  const row = document.querySelector('.grid-row');
  const cols = row.querySelectorAll('.tile').length;
  const rowHeight = row.getBoundingClientRect().height;
  const total = Number(document.querySelector('[data-testid="grid-total"]').textContent.replace(/\\D/g, ''));
  const virtual = Math.ceil(total / cols) * rowHeight;
  const ratio = (virtual - grid.clientHeight) / (grid.scrollHeight - grid.clientHeight);
  const t = performance.now();
  grid.scrollTop = (Math.floor(target / cols) * rowHeight) / ratio;
  const view = grid.getBoundingClientRect();
  await new Promise((done) => {
    const tick = () => {
      const tiles = [...grid.querySelectorAll('.tile')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      });
      const filled = tiles.length > 0 && tiles.every((e) => e.hasAttribute('data-sample'));
      if (filled || performance.now() - t > 30000) done();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return performance.now() - t;
}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const stats = (xs: number[]) =>
  xs.length
    ? `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms (${xs.length} runs)`
    : 'no runs';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});

/** Opens the grid in a fresh browser context (empty cache); ms until a tile shows its sample, and its boxes. */
async function openGrid(): Promise<{ tile: number; drawn: number; cpu: number; total: string | null }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const cpu0 = serverCpuMs();
  const t0 = performance.now();
  await page.goto(`${url}/?v=grid`);
  await page.locator('.tile[data-sample]').first().waitFor({ timeout: 60_000 });
  const tile = performance.now() - t0;
  await page.locator('.tile[data-annotated]').first().waitFor({ timeout: 60_000 });
  const drawn = performance.now() - t0;
  const cpu = serverCpuMs() - cpu0;
  const total = await page.locator('[data-testid="grid-total"]').textContent();
  await context.close();
  return { tile, drawn, cpu, total };
}

try {
  // First paint on a cold server: opened right after the start, while the background build runs (the
  // server warm: one /api/project first, as the browser is opened after `assay serve` prints its URL).
  await fetch(`${url}/api/project`);
  const cold = await openGrid();
  console.log(
    `first grid paint, server just started: tiles ${cold.tile.toFixed(0)} ms, their boxes ${cold.drawn.toFixed(0)} ms (server CPU ${cold.cpu.toFixed(0)} ms; ${cold.total})`,
  );
  console.log(`facet index ready ${(await indexReady(url)).toFixed(1)} s after the first paint`);
  // First paint once the index is built, in a fresh browser context each time (no cached files).
  const tiles: number[] = [];
  const drawn: number[] = [];
  const paintCpu: number[] = [];
  for (let run = 0; run < 6; run++) {
    const r = await openGrid();
    if (run === 0) continue; // warm-up
    tiles.push(r.tile);
    drawn.push(r.drawn);
    paintCpu.push(r.cpu);
  }
  console.log(
    `first grid paint (tiles with their boxes), index built: ${stats(drawn)}; tiles alone ${stats(tiles)}`,
  );
  console.log(`  server CPU per page open: ${stats(paintCpu).replaceAll(' ms', ' ms CPU')}`);

  /**
   * The app in a browser context of its own (its own cache and connections), on the grid: this build, or with
   * ASSAY_WEB_BASELINE another built app (e.g. main's packages/web/dist, copied) served in its place by the
   * browser, on the same server: the filter loops below then alternate the two, change by change.
   */
  async function openApp(dist?: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (dist) await context.route(builtApp.match, builtApp.serve(dist));
    const page = await context.newPage();
    await page.goto(`${url}/?v=grid`);
    await page.locator('.tile[data-sample]').first().waitFor({ timeout: 60_000 });
    await page.locator('section[data-facet="class"] input').first().waitFor();
    return page;
  }
  const baseline = process.env.ASSAY_WEB_BASELINE;
  interface App {
    name: string;
    page: Page;
    ms: number[];
    facetMs: number[];
    cpu: number[];
    tileMs: number[];
    tileCpu: number[];
    browserCpu: number[];
  }
  const app = async (name: string, dist?: string): Promise<App> => ({
    name,
    page: await openApp(dist),
    ...{ ms: [], facetMs: [], cpu: [], tileMs: [], tileCpu: [], browserCpu: [] },
  });
  const apps = [await app('this build'), ...(baseline ? [await app(`baseline (${baseline})`)] : [])];
  /** The apps in turn, the first one first in even rounds and last in odd ones (the server's caches favour the second). */
  const inTurn = (round: number) => (round % 2 === 0 ? apps : [...apps].reverse());
  /**
   * With two apps, before each one's turn: until the server and Chromium are idle (under 5 ms of CPU in 100 ms, at
   * most 3 s), so neither app's change pays for the work the other one left running (a page's thumbnails and
   * annotations that the server finishes after the app moved on).
   */
  const settle = async () => {
    if (apps.length < 2) return;
    const cpu = () => serverCpuMs() + browserCpuMs();
    const until = performance.now() + 3000;
    let last = cpu();
    while (performance.now() < until) {
      await new Promise((done) => setTimeout(done, 100));
      const now = cpu();
      if (now - last < 5) return;
      last = now;
    }
  };

  // Filter → counts: check a class, wait until the facet total and the grid total both change; uncheck.
  // the window of the filter changes on CLOCK_MONOTONIC, the clock of a V8 CPU profile's timestamps (µs)
  const window = () => (process.env.ASSAY_BENCH_CPU_PROF ? process.hrtime.bigint() / 1000n : undefined);
  const from = window();
  for (let run = 0; run < 12; run++) {
    // A class not asked before each time (the app caches answers until the project changes).
    const k = run;
    for (const a of inTurn(run)) {
      await settle();
      for (const step of ['check', 'uncheck']) {
        const cpu0 = serverCpuMs();
        const [took, server] = (await a.page.evaluate(`(${TOGGLE_CLASS})(${k})`)) as [number, number];
        if (took >= PROBE_TIMEOUT)
          failures.push(`${a.name}: class_${k} ${step}: the counts did not change within 30 s`);
        if (run >= 2 && step === 'check') {
          a.ms.push(took);
          a.facetMs.push(server);
          a.cpu.push(serverCpuMs() - cpu0);
        }
      }
    }
  }
  if (from !== undefined) console.log(`filter changes in the CPU profiles: µs ${from} to ${window()}`);
  for (const a of apps) {
    const of = apps.length > 1 ? ` (${a.name})` : '';
    console.log(`class filter → facet counts + grid total${of}: ${stats(a.ms)}`);
    if (apps.length > 1) console.log(`  each change, ms: ${a.ms.map((x) => x.toFixed(0)).join(' ')}`);
    console.log(`  the facet answer's time in the server (took_ms): ${stats(a.facetMs)}`);
    console.log(`  server CPU per filter change: ${stats(a.cpu).replaceAll(' ms', ' ms CPU')}`);
  }

  // Filter → tiles: classes not asked above (every class listed first), until the tiles in view show the
  // new filter's samples with their boxes; Chromium's CPU for the change and its uncheck (tiles, thumbnails).
  for (const a of apps) await a.page.locator('section[data-facet="class"] button.link').click();
  for (let k = 12; k < 20; k++) {
    for (const a of inTurn(k)) {
      await settle();
      const cpu0 = serverCpuMs();
      const b0 = browserCpuMs();
      const took = (await a.page.evaluate(`(${TOGGLE_TILES})(${k})`)) as number;
      if (took >= PROBE_TIMEOUT) failures.push(`${a.name}: class_${k}: the tiles were not drawn within 30 s`);
      await a.page.evaluate(`(${TOGGLE_CLASS})(${k})`); // uncheck
      if (k >= 14) {
        a.tileMs.push(took);
        a.tileCpu.push(serverCpuMs() - cpu0);
        a.browserCpu.push(browserCpuMs() - b0);
      }
    }
  }
  for (const a of apps) {
    const of = apps.length > 1 ? ` (${a.name})` : '';
    console.log(`class filter → tiles of the new filter drawn${of}: ${stats(a.tileMs)}`);
    console.log(`  server CPU per filter change and back: ${stats(a.tileCpu).replaceAll(' ms', ' ms CPU')}`);
    console.log(
      `  Chromium CPU per filter change and back: ${stats(a.browserCpu).replaceAll(' ms', ' ms CPU')}`,
    );
  }
  console.log(`load average after the filter changes: ${load()}`);
  const page = apps[0]!.page;

  // Jump to row 500,000: set the scroll position, wait until no tile in view is still loading.
  const jumps: number[] = [];
  const jumpCpu: number[] = [];
  // Rows 500,000, 250,000, ... at 1M samples (the same fractions of a smaller ASSAY_BENCH_SAMPLES).
  for (const target of [0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6, 0.5].map((f) => Math.round(f * SAMPLES))) {
    const cpu0 = serverCpuMs();
    const took = (await page.evaluate(`(${JUMP_TO})(${target})`)) as number;
    if (took >= PROBE_TIMEOUT) failures.push(`jump to row ${target}: tiles still loading after 30 s`);
    const caption = await page.locator('.tile[data-sample] .caption').first().textContent();
    console.log(
      `jump to row ${target.toLocaleString('en-US')}: ${took.toFixed(0)} ms, server CPU ${(serverCpuMs() - cpu0).toFixed(0)} ms (first tile in view: ${caption})`,
    );
    jumps.push(took);
    jumpCpu.push(serverCpuMs() - cpu0);
  }
  console.log(`jump (cold rows only, last one is a return): ${stats(jumps.slice(0, -1))}`);
  console.log(`  server CPU per jump: ${stats(jumpCpu.slice(0, -1)).replaceAll(' ms', ' ms CPU')}`);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  console.log(`server RSS ${(kb('VmRSS') / 1024).toFixed(0)} MB, peak ${(kb('VmHWM') / 1024).toFixed(0)} MB`);
  if (kb('VmRSS') === 0) failures.push('the server RSS could not be read');
  console.log(
    `load average at the end: ${load()}; server CPU in all: ${(serverCpuMs() / 1000).toFixed(1)} s`,
  );
} finally {
  await browser.close();
  child.kill('SIGINT');
}
if (failures.length > 0) {
  console.error(`web bench: ${failures.length} measurement(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
