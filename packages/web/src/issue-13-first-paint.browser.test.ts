/**
 * Issue 13, first paint on a big project: opening the grid asks only for what its first tiles need (the
 * page of samples and its annotations; the cached project counts) before anything else. The facet counts
 * and attribute values (whole-project aggregates, which on a big project wait for the server's background
 * build) are asked only once the tiles are drawn, and the tiles never wait for them. After a filter change
 * the grid's count and rows follow whichever answer comes first, the facet counts or the grid's page.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runDemo } from '@assay/cli/test-kit/demo-project';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { browserSkip, launchBrowser } from './test-kit/browser.js';
import { type ServeProcess, startServe } from './test-kit/serve-process.js';

const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));

describe('the grid paints before the whole-project aggregates are asked', { skip: browserSkip() }, () => {
  let dir = '';
  let gone = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-first-paint-'));
    const project = join(dir, 'demo');
    const demo = await runDemo(project, ['--images', '20'], dir);
    assert.ok(demo.code === 0 || demo.code === 1, `assay demo failed:\n${demo.stderr}`);
    // One image deleted after the scan: the project does not know it is gone, its thumbnail is a 404.
    gone = (await readdir(join(project, 'data/images/train'))).sort()[0]!;
    await rm(join(project, 'data/images/train', gone));
    server = await startServe(project);
    ({ context, page } = await launchBrowser(dir));
  });
  after(async () => {
    await context?.close();
    const code = await server?.stop();
    await rm(dir, { recursive: true, force: true });
    assert.equal(code, 130, server?.stderr());
  });

  it('asks for the facets only after the first page and its annotations, and paints without them', async () => {
    const events: string[] = [];
    const held: Route[] = [];
    // The aggregates are held until the test lets them go: the tiles must be drawn meanwhile.
    await page.route('**/api/facets**', (route) => {
      events.push(`ask ${new URL(route.request().url()).pathname}`);
      held.push(route);
    });
    // The first page's annotations come late, so an early facets request would show in the order.
    await page.route('**/api/annotations', async (route) => {
      events.push('ask annotations');
      await new Promise((r) => setTimeout(r, 1500));
      const response = await route.fetch();
      events.push('annotations answered');
      await route.fulfill({ response });
    });
    await page.goto(`${server!.url}/?v=grid`);
    await page.locator('.tile[data-annotated]').first().waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('grid-total').textContent()) ?? '', /^\d+ samples$/);
    // The boxes are drawn on the tile's canvas (some pixel is not transparent).
    const drawn = await page.evaluate(() => {
      const tiles = [...document.querySelectorAll('.tile[data-annotated] canvas')] as HTMLCanvasElement[];
      return tiles.some((c) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
        return false;
      });
    });
    assert.ok(drawn, 'no tile has its boxes drawn');
    for (let i = 0; i < 100 && held.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const firstFacets = events.findIndex((e) => e.startsWith('ask /api/facets'));
    assert.ok(firstFacets >= 0, `the facets were never asked: ${events.join(', ')}`);
    assert.ok(
      events.indexOf('annotations answered') >= 0 && events.indexOf('annotations answered') < firstFacets,
      `the facets were asked before the first page's annotations arrived: ${events.join(', ')}`,
    );
    // Let the aggregates go: the sidebar shows its counts.
    for (const route of held.splice(0)) await route.continue();
    await page.unroute('**/api/facets**');
    await page.getByTestId('facet-total').waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('facet-total').textContent()) ?? '', /^\d+ match$/);
  });

  it('after a filter change shows the grid total from the facet counts while the page is on its way', async () => {
    await page.unrouteAll({ behavior: 'wait' }); // the annotations are no longer held back
    const held: Route[] = [];
    let release = false;
    await page.route('**/api/samples/query', (route) => (release ? route.continue() : held.push(route)));
    const label = page.locator('section[data-facet="class"] label').first();
    const count = Number(await label.locator('.facet-count').getAttribute('data-count'));
    const before = await page.getByTestId('grid-total').textContent();
    await label.locator('input').check();
    // The sidebar's new counts carry the filter's total: the grid shows it, and rows of tiles still loading.
    await page
      .getByTestId('facet-total')
      .filter({ hasNotText: before?.replace(' samples', ' match') ?? '' })
      .waitFor();
    const total = Number((await page.getByTestId('facet-total').textContent())?.replace(/\D/g, ''));
    assert.ok(total > 0 && total <= count, `the class filter matched ${total} samples`);
    await page
      .getByTestId('grid-total')
      .filter({ hasText: new RegExp(`^${total} samples$`) })
      .waitFor({ timeout: 10_000 });
    assert.ok(held.length > 0, 'the page of the new filter was not asked');
    assert.ok((await page.locator('.tile.loading').count()) > 0, 'no tile waits for the held page');
    assert.equal(await page.locator('.tile[data-sample]').count(), 0);
    // The page arrives: its tiles, under the same total.
    release = true;
    for (const route of held.splice(0)) await route.continue();
    await page.locator('.tile[data-sample]').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('grid-total').textContent(), `${total} samples`);
    // The thumbnails queue behind the app's own requests for the browser's connections to the server.
    const priorities = await page
      .locator('.tile img')
      .evaluateAll((imgs) => imgs.map((img) => img.getAttribute('fetchpriority')));
    assert.ok(
      priorities.length > 0 && priorities.every((p) => p === 'low'),
      `thumbnail priorities: ${priorities}`,
    );
  });

  it('draws the placeholder of a thumbnail that failed at once when its tile is shown again, without asking again', async () => {
    await page.unrouteAll({ behavior: 'wait' });
    await page.locator('.sidebar-head button.link', { hasText: 'clear' }).click();
    const tile = page.locator('.tile[data-sample]', { has: page.locator('.caption', { hasText: gone }) });
    await tile.locator('.placeholder').waitFor({ timeout: 30_000 });
    const id = await tile.getAttribute('data-sample');
    // Every <img> asking for that thumbnail from now on, and the tile's placeholder when it comes back.
    await page.evaluate((id) => {
      const asked: string[] = [];
      (window as unknown as { asked: string[] }).asked = asked;
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof Element)
              for (const img of [n, ...n.querySelectorAll('img')])
                if (img instanceof HTMLImageElement && img.src.includes(`/api/media/${id}/thumb`))
                  asked.push(img.src);
      }).observe(document.body, { childList: true, subtree: true });
    }, id);
    await page.getByRole('button', { name: 'Overview' }).click();
    await tile.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Samples' }).click();
    await tile.locator('.placeholder').waitFor({ timeout: 30_000 });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { asked: string[] }).asked), []);
  });

  it("asks a new filter's counts from the click, before its page and while the old tiles are still shown", async () => {
    await page.locator('.tile[data-sample]').first().waitFor();
    // Each request of the app as it is made, with the number of tiles on screen at that moment.
    await page.evaluate(() => {
      const calls: { path: string; tiles: number }[] = [];
      (window as unknown as { calls: typeof calls }).calls = calls;
      const original = window.fetch;
      window.fetch = (input, init) => {
        const path = new URL(input instanceof Request ? input.url : String(input), location.href).pathname;
        calls.push({ path, tiles: document.querySelectorAll('.tile[data-sample]').length });
        return original(input, init);
      };
    });
    const before = await page.getByTestId('facet-total').textContent();
    await page.locator('section[data-facet="class"] label').nth(2).locator('input').check();
    await page
      .getByTestId('facet-total')
      .filter({ hasNotText: before ?? '' })
      .waitFor();
    const calls = await page.evaluate(
      () => (window as unknown as { calls: { path: string; tiles: number }[] }).calls,
    );
    const facets = calls.findIndex((c) => c.path === '/api/facets');
    const samples = calls.findIndex((c) => c.path === '/api/samples/query');
    assert.ok(facets >= 0 && samples >= 0, JSON.stringify(calls));
    assert.ok(facets < samples, `the page was asked before the counts: ${JSON.stringify(calls)}`);
    assert.ok(
      calls[facets]!.tiles > 0,
      `the counts were asked after the click was rendered: ${JSON.stringify(calls)}`,
    );
  });
});
