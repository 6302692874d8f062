import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openProject } from './project.js';
import { runDemo } from './run-demo.js';
import { writeReport } from './write-report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));
const SECTIONS = ['overview', 'plots', 'issues', 'plan', 'datasheet'];

/** Skip only on a developer machine without Chromium; under CI the browser test must run. */
function browserSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') return false;
  return `${CHROMIUM} is missing (install it: apt-get install -y chromium); CI always runs this test`;
}

describe('writeReport on the demo project', () => {
  let dir = '';
  let demoReport = '';
  let planReport = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-report-'));
    const demo = await runDemo(join(dir, 'demo'), { images: 30 });
    demoReport = demo.report;
    // A plan the demo fails on purpose: uniform classes and no split leakage.
    const plan = join(dir, 'plan.yaml');
    await writeFile(
      plan,
      'composition:\n  - field: class\n    target: {circle: 0.2, square: 0.2, triangle: 0.2, star: 0.2, hexagon: 0.2}\n    min_overlap: 0.99\nlimits:\n  split_leakage: 0\n',
    );
    const project = await openProject(demo.project, { readOnly: true });
    try {
      const summary = await writeReport(project, { out: join(dir, 'with-plan.html'), plan });
      assert.equal(summary.planPassed, false);
      planReport = summary.path;
    } finally {
      await project.close();
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the demo writes report.html with every section, charts and thumbnails', async () => {
    assert.equal(demoReport, join(dir, 'demo', 'report.html'));
    const html = await readFile(demoReport, 'utf8');
    for (const id of SECTIONS) assert.ok(html.includes(`<section id="${id}">`), `section ${id}`);
    assert.ok((html.match(/<svg class="chart"/g) ?? []).length >= 5);
    assert.ok((html.match(/<img src="data:image\/jpeg;base64,/g) ?? []).length >= 3);
    // The demo plants a duplicate label and an out-of-bounds box: their boxes are drawn in red.
    assert.ok(html.includes('class="box hit"'));
    assert.ok(!/<script|<link|@import|url\(/i.test(html), 'no scripts, stylesheets or CSS URLs');
  });

  it('shows the plan verdict and the composition against its target', async () => {
    const html = await readFile(planReport, 'utf8');
    assert.ok(html.includes('composition:class'));
    assert.ok(html.includes('limit:split_leakage'));
    assert.ok(html.includes('Composition against the plan'));
    assert.ok(/failed: \d+ of 2 criteria/.test(html));
  });

  it('renders in headless Chromium without errors or network requests', { skip: browserSkip() }, async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      const url = pathToFileURL(planReport).href;
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url());
      });
      await page.goto(url, { waitUntil: 'load' });
      for (const id of SECTIONS)
        assert.ok(await page.locator(`section#${id}`).isVisible(), `section ${id} visible`);
      const chart = await page.locator('svg.chart').first().boundingBox();
      assert.ok(chart && chart.width > 100 && chart.height > 50, 'a chart has a size');
      // The callback runs in the page; its element type is written out here since Node's lib has no DOM.
      const thumbs = await page.$$eval('.thumb img', (imgs) =>
        imgs.map((i) => {
          const img = i as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth > 0;
        }),
      );
      assert.ok(thumbs.length >= 3 && thumbs.every(Boolean), `thumbnails decoded: ${thumbs.join(',')}`);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
    } finally {
      await browser.close();
    }
  });
});
