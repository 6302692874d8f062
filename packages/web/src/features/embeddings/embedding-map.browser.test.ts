/**
 * The embedding map in Chromium (playwright-core, WebGL through SwiftShader) against a real `assay
 * serve` on a project made here: sharp-rendered images imported from COCO, a 2-D projection stored in
 * it. The map draws every point with a legend of the classes; hovering the point at the centre shows its
 * thumbnail; a shift-drag lasso around one cluster selects exactly that cluster: tagging the selection
 * writes the tag to those samples (POST /api/edits), undo takes it away, and "show in grid" filters the
 * grid by the lasso's map region (the grid and the sidebar's chip count the points inside, Back returns
 * to the map). Colouring by eval outcome, metric and sources draws the legend the server answers.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient, decodeFilter } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { makeLabelledImages } from '@assay/cli/test-kit/labelled-images';
import { storeProjection } from '@assay/core/node/embeddings/embedding-store';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserSkip, launchBrowser } from '../../test-kit/browser.js';
import { type ServeProcess, startServe } from '../../test-kit/serve-process.js';

/** W. R. Franklin's pnpoly (even-odd crossings), independent of the app's and the server's code. */
function pnpoly(poly: [number, number][], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

const DIST = fileURLToPath(new URL('../../../dist/index.html', import.meta.url));

describe('the embedding map in Chromium', { skip: browserSkip() }, () => {
  let dir = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const left = new Set<number>(); // sample ids of the left cluster
  let centre = -1;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-map-'));
    const data = await makeLabelledImages(dir, { n: 41, classes: ['cat', 'dog'], prevalence: [0.5, 0.5] });
    for (const args of [
      ['init', '.'],
      ['import', 'coco', data.coco, '--images', data.images],
    ]) {
      const run = await runCli(args, dir);
      assert.equal(run.code, 0, run.stderr);
    }
    const project = await openProject(dir, { command: 'test' });
    try {
      const ids = (
        await storeDb(project.store).all<{ id: number }>('SELECT id FROM samples ORDER BY id')
      ).map((r) => r.id);
      const xy = new Float32Array(ids.length * 2);
      for (const [i, id] of ids.entries()) {
        // two clusters at x = ±10 (20 points each), one point at the exact centre
        if (i === 40) {
          centre = id;
          continue;
        }
        const side = i % 2 === 0 ? -10 : 10;
        const j = i >> 1; // 0..19 on each side: 20 distinct positions
        if (side < 0) left.add(id);
        xy[2 * i] = side + (j % 4) * 0.3;
        xy[2 * i + 1] = (j - 10) * 0.25;
      }
      xy[2 * 40] = 0.45; // the centre of the bounding box [-10, 10.9] × [-2.5, 2.25]
      xy[2 * 40 + 1] = -0.125;
      await storeProjection(project, { model: 'test', method: 'umap', sampleIds: Int32Array.from(ids), xy });
    } finally {
      await project.close();
    }
    server = await startServe(dir);
    ({ context, page } = await launchBrowser(dir, { viewport: { width: 1200, height: 800 } }));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('draws the points, shows a thumbnail on hover and filters the grid by lasso', async () => {
    await page.goto(`${server!.url}/?v=map`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"]');
    await canvas.waitFor();
    assert.deepEqual(await page.locator('.map-legend li').allTextContents(), ['cat', 'dog', 'none']);
    const box = (await canvas.boundingBox())!;
    // pixels drawn: the left half of the canvas (no legend there) holds the left cluster's points
    const shot = await sharp(await canvas.screenshot())
      .extract({ left: 0, top: 0, width: Math.floor(box.width / 2) - 20, height: Math.floor(box.height) })
      .raw()
      .toBuffer({ resolveWithObject: true });
    let lit = 0;
    for (let i = 0; i < shot.data.length; i += shot.info.channels)
      if (Math.max(shot.data[i]!, shot.data[i + 1]!, shot.data[i + 2]!) > 80) lit++;
    assert.ok(lit > 20 * 6, `only ${lit} lit pixels where 20 points should be`);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // hover the centre point
    await page.mouse.move(cx - 30, cy - 30);
    await page.mouse.move(cx, cy, { steps: 5 });
    await page.locator(`.map-hover[data-sample="${centre}"] img`).waitFor({ timeout: 10_000 });
    // lasso the left cluster (x < centre) with shift held
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.down();
    for (const [x, y] of [
      [cx - 40, box.y + 5],
      [cx - 40, box.y + box.height - 5],
      [box.x + 5, box.y + box.height - 5],
      [box.x + 5, box.y + 10],
    ] as const)
      await page.mouse.move(x, y, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.locator('.map-selection[data-selected="20"]').waitFor({ timeout: 10_000 });
    // tag the selection through POST /api/edits, then undo the batch
    const tagsOf = async (id: number) =>
      ((await (await fetch(`${server!.url}/api/samples/${id}`)).json()) as { tags: string[] }).tags;
    const someLeft = [...left][0]!;
    await page.getByTestId('map-author').fill('map tester');
    await page.getByTestId('map-tag').fill('hard cases');
    await page.getByTestId('map-tag-apply').click();
    await page.locator('[data-testid="map-note"][data-kind="ok"]').waitFor({ timeout: 10_000 });
    for (const id of left) assert.deepEqual(await tagsOf(id), ['hard cases'], `sample ${id} tagged`);
    assert.deepEqual(await tagsOf(centre), [], 'the centre point was not in the lasso');
    await page.getByTestId('map-undo').click();
    await page.locator('[data-testid="map-note"]', { hasText: 'Undid' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await tagsOf(someLeft), [], 'undo removed the tag');
    // "show in grid" filters by the lasso's region (issue 15: any number of points, evaluated by the server)
    const mapUrl = page.url();
    await page.getByRole('button', { name: 'show in grid' }).click();
    await page.waitForURL(/v=grid/, { timeout: 10_000 });
    const filter = decodeFilter(new URL(page.url()).searchParams.get('f')).filter;
    assert.equal(filter.ids, undefined);
    const region = filter.region!;
    assert.equal(region.model, 'test');
    assert.equal(region.polygons.length, 1);
    assert.ok(region.polygons[0]!.length >= 3 && region.polygons[0]!.length <= 64);
    // the points inside, counted here from the API's points with W. R. Franklin's pnpoly
    const points = await createClient(server!.url).mapPoints({ model: 'test' });
    const inside = new Set<number>();
    for (let i = 0; i < points.count; i++)
      if (pnpoly(region.polygons[0]!, points.x[i]!, points.y[i]!)) inside.add(points.ids[i]!);
    assert.deepEqual(inside, left, 'the region holds the left cluster');
    await page
      .locator('[data-testid="facet-total"]', { hasText: new RegExp(`^${inside.size} match$`) })
      .waitFor();
    await page.locator(`[data-testid="region-chip"][data-points="${inside.size}"]`).waitFor();
    assert.equal(await page.getByTestId('region-chip').textContent(), `map region: ${inside.size} points×`);
    await page.locator('.tile[data-sample]').first().waitFor();
    const tiles = await page
      .locator('.tile[data-sample]')
      .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.sample)));
    assert.deepEqual(new Set(tiles), inside, 'the grid shows exactly the samples inside');
    // Back returns to the map without the region
    await page.goBack();
    await page.waitForURL((u) => u.href === mapUrl, { timeout: 10_000 });
    await page.locator('canvas.map-canvas[data-points="41"]').waitFor();
    assert.equal(decodeFilter(new URL(page.url()).searchParams.get('f')).filter.region, undefined);
    // and forward to the filtered grid; the chip's × removes the region
    await page.goForward();
    await page.locator('[data-testid="region-chip"]').waitFor();
    await page.getByRole('button', { name: 'remove the map region' }).click();
    await page.locator('[data-testid="facet-total"]', { hasText: /^41 match$/ }).waitFor();
    assert.deepEqual(problems, []);
  });

  it('draws a subsample while the view moves and every point once it rests', async () => {
    // ?lod=4: 4 of the 41 points a frame while panning or zooming, 8 × 4 a frame at rest (by default
    // the number follows frame times, from 20,000 up)
    await page.goto(`${server!.url}/?v=map&lod=4`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"][data-drawn="41"]');
    await canvas.waitFor();
    await page.evaluate(`(() => {
      const canvas = document.querySelector('canvas.map-canvas');
      window.__drawn = [];
      new MutationObserver(() => window.__drawn.push(canvas.dataset.drawn)).observe(canvas, {
        attributes: true,
        attributeFilter: ['data-drawn'],
      });
    })()`);
    const box = (await canvas.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(cx + 10 * k, cy);
    await page.mouse.up();
    await page.mouse.wheel(0, -100);
    await page.waitForFunction(
      () => (globalThis as unknown as { __drawn: string[] }).__drawn.at(-1) === '41',
      undefined,
      {
        timeout: 10_000,
      },
    );
    const drawn = (await page.evaluate('window.__drawn')) as string[];
    const moving = drawn.filter((d) => d === '4').length;
    assert.ok(moving >= 2, `frames drawn while moving: ${drawn.join(' ')}`);
    // at rest the other points are added 32 a frame on top of the last subsample
    assert.deepEqual(drawn.slice(-3), ['4', '36', '41'], drawn.join(' '));
    assert.deepEqual(problems, []);
  });

  it('colours by annotation sources, a metric and eval outcome', async () => {
    await page.goto(`${server!.url}/?v=map`);
    await page.locator('canvas.map-canvas[data-coloured="1"]').waitFor();
    const legendAfter = async (by: string) => {
      const before = await page.locator('.map-legend').textContent();
      await page.getByLabel('colour by').selectOption(by);
      await page.waitForFunction((b) => {
        const now = document.querySelector('.map-legend')?.textContent;
        return now && now !== b;
      }, before);
      return page.locator('.map-legend li').allTextContents();
    };
    assert.deepEqual(await legendAfter('sources'), ['ground_truth', 'none']);
    // 41 images of a few sizes: deciles of the width, low to high, then "none"
    const widths = await legendAfter('metric:width');
    assert.ok(widths.length >= 2 && widths.at(-1) === 'none', widths.join(' | '));
    // no eval run yet: every point is "not evaluated"
    assert.deepEqual(await legendAfter('outcome'), ['not evaluated']);
    assert.deepEqual(problems, []);
  });
});
