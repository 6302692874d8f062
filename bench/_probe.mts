import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServeChild } from './_serve-child.js';

const { child, url } = await startServeChild(resolve('bench/.data/serve-1000000'));
function cpuMs(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const t0 = performance.now();
  const c0 = cpuMs();
  await fetch(`${url}/api/project`);
  console.log('first /api/project', (performance.now() - t0).toFixed(0), 'cpu', cpuMs() - c0);
  const t1 = performance.now();
  const starts = new Map<unknown, number>();
  page.on('request', (r) => starts.set(r, performance.now()));
  page.on('requestfinished', (r) => {
    const u = r.url().replace(url, '');
    if (u.includes('/thumb')) return;
    console.log(
      `${(starts.get(r)! - t1).toFixed(0).padStart(6)} → ${(performance.now() - t1).toFixed(0).padStart(6)} ms  ${r.method()} ${u.slice(0, 60)} ${(r.postData() ?? '').slice(0, 80)}`,
    );
  });
  await page.goto(`${url}/?v=grid`);
  await page.locator('.tile[data-sample]').first().waitFor({ timeout: 120_000 });
  console.log('first tile', (performance.now() - t1).toFixed(0));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const m = (await cdp.send('Performance.getMetrics')).metrics;
  console.log(
    m
      .filter((x) => /Duration|JSHeapUsed|Nodes/.test(x.name))
      .map((x) => `${x.name}=${x.value.toFixed(3)}`)
      .join(' '),
  );
  const nav = await page.evaluate(
    'JSON.stringify(performance.getEntriesByType("resource").filter(e => !e.name.includes("thumb")).map(e => [e.name.slice(-40), Math.round(e.startTime), Math.round(e.responseEnd)]))',
  );
  console.log(nav);
  await new Promise((r) => setTimeout(r, 15000));
  console.log('server cpu since start', cpuMs() - c0);
} finally {
  await browser.close();
  child.kill('SIGINT');
}
