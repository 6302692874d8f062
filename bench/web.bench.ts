import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { indexReady } from './_index-ready.js';
import { startServeChild } from './_serve-child.js';
import { serveProject } from './_serve-project.js';

const SAMPLES = Number(process.env.ASSAY_BENCH_SAMPLES ?? 0) || 1_000_000;
const dir = await serveProject(resolve(`bench/.data/serve-${SAMPLES}`), SAMPLES);
const { child, url } = await startServeChild(dir);

// In-page probes as JavaScript text (this file is type-checked without the DOM library).
/** Clicks the class_k checkbox; resolves with the ms until the grid total and the facet total both changed. */
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
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // First paint: a cold page (the server warm: one /api/project first, as a user's second visit would not be).
  await fetch(`${url}/api/project`);
  const t0 = performance.now();
  await page.goto(`${url}/?v=grid`);
  await page.locator('.tile[data-sample]').first().waitFor({ timeout: 60_000 });
  const firstPaint = performance.now() - t0;
  const total = await page.locator('[data-testid="grid-total"]').textContent();
  console.log(`first grid paint ${firstPaint.toFixed(0)} ms (${total})`);
  // The filter and jump figures are the steady state: after the server's in-memory index is built.
  console.log(`facet index ready ${(await indexReady(url)).toFixed(1)} s after the first paint`);
  await page.reload();
  await page.locator('.tile[data-sample]').first().waitFor({ timeout: 60_000 });

  // Filter → counts: check a class, wait until the facet total and the grid total both change; uncheck.
  await page.locator('section[data-facet="class"] input').first().waitFor();
  const ms: number[] = [];
  for (let run = 0; run < 12; run++) {
    // A class not asked before each time (the app caches answers until the project changes).
    const k = run;
    for (const step of ['check', 'uncheck']) {
      const took = (await page.evaluate(`(${TOGGLE_CLASS})(${k})`)) as number;
      if (run >= 2 && step === 'check') ms.push(took);
    }
  }
  console.log(
    `class filter → facet counts + grid total: p50 ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms (${ms.length} runs)`,
  );

  // Jump to row 500,000: set the scroll position, wait until no tile in view is still loading.
  const jumps: number[] = [];
  for (const target of [500_000, 250_000, 750_000, 500_000]) {
    const took = (await page.evaluate(`(${JUMP_TO})(${target})`)) as number;
    const caption = await page.locator('.tile[data-sample] .caption').first().textContent();
    console.log(
      `jump to row ${target.toLocaleString('en-US')}: ${took.toFixed(0)} ms (first tile in view: ${caption})`,
    );
    jumps.push(took);
  }
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  console.log(`server RSS ${(kb('VmRSS') / 1024).toFixed(0)} MB, peak ${(kb('VmHWM') / 1024).toFixed(0)} MB`);
} finally {
  await browser.close();
  child.kill('SIGINT');
}
