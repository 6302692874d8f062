/**
 * The embedding map in Chromium (playwright-core, WebGL through SwiftShader) against a real `assay
 * serve` on a project made here: sharp-rendered images imported from COCO, a 2-D projection stored in
 * it. The map draws every point with a legend of the classes; hovering the point at the centre shows its
 * thumbnail; a shift-drag lasso around one cluster selects exactly that cluster: tagging the selection
 * writes the tag to those samples (POST /api/edits), undo takes it away, and "show in grid" filters the
 * grid by the lasso's map region (the grid and the sidebar's chip count the points inside, Back returns
 * to the map). Colouring by eval outcome, metric and sources draws the legend the server answers.
 * Issue 15: the map opened (or returned to) with a region in the filter outlines it where it was drawn
 * (checked on a screenshot's pixels) and shows its count; once the projection is stored again with moved
 * points, the region's link is refused: the grid and the map say it was drawn on an earlier projection
 * and offer to clear it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient, decodeFilter } from '@assay/api';
import { loadProjection, storeProjection } from '@assay/core/node/embeddings/embedding-store';
import { openProject } from '@assay/core/node/project';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserSkip, launchBrowser } from '../../test-kit/browser.js';
import {
  assertAlongEverySide,
  edgeDistance,
  onCanvas,
  outlinePixels,
  pnpoly,
} from '../../test-kit/map-geometry.js';
import { shiftLasso } from '../../test-kit/map-gestures.js';
import { makeMapProject } from '../../test-kit/map-project.js';
import {
  canvasMoved,
  canvasPixels,
  canvasTransform,
  holdFenceWhenBusy,
  mapRested,
  recordDrawn,
  recordWebGlSteps,
  shownOnCanvas,
  takePoints,
  takeSteps,
} from '../../test-kit/map-webgl.js';
import { type ServeProcess, startServe } from '../../test-kit/serve-process.js';

const DIST = fileURLToPath(new URL('../../../dist/index.html', import.meta.url));

describe('the embedding map in Chromium', { skip: browserSkip() }, () => {
  let dir = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let left = new Set<number>(); // sample ids of the left cluster
  let centre = -1;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-map-'));
    ({ left, centre } = await makeMapProject(dir));
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
    await shiftLasso(
      page,
      [
        [box.x + 5, box.y + 5],
        [cx - 40, box.y + 5],
        [cx - 40, box.y + box.height - 5],
        [box.x + 5, box.y + box.height - 5],
        [box.x + 5, box.y + 10],
      ],
      8,
    );
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

  it('moves the drawn image with the view while it pans or zooms, and draws every point anew at rest', async () => {
    // ?lod=4: a frame drawn anew holds 4 of the 41 points; at rest after a gesture 4 more are added a
    // frame, shown each 8 × 4; with no gesture since the last full image (the first image), 8 × 4 a frame
    await recordWebGlSteps(page);
    await page.goto(`${server!.url}/?v=map&lod=4`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"][data-drawn="41"]');
    await canvas.waitFor();
    const lastDraws = async (k: number) => ((await page.evaluate('window.__points')) as number[]).slice(-k);
    assert.deepEqual(await lastDraws(3), [4, 32, 5], 'the first image in 3 frames (at 1M: 3, not 10)');
    await recordDrawn(page);
    type Drawn = { __drawn: string[] };
    const drawn = () => page.evaluate('window.__drawn.splice(0)') as Promise<string[]>;
    const pixels = () => canvasPixels(page);
    const transform = () => canvasTransform(page);
    const moved = () => canvasMoved(page);
    const rested = () => mapRested(page, 41);
    const start = await pixels();
    const box = (await canvas.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // a drag of 100 px, held: the image is moved with the view, not drawn again
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 100, cy);
    await moved();
    const [, dx, dy] = /^translate\(([-.\d]+)px, ([-.\d]+)px\)$/.exec(String(await transform()))!;
    assert.ok(Math.abs(Number(dx) - 100) <= 1 && Math.abs(Number(dy)) <= 1, String(await transform()));
    assert.deepEqual(await drawn(), [], 'no frame drawn while the view moves');
    assert.equal(await pixels(), start, 'the image is the one drawn before');
    // released: at rest it is drawn anew in place, the subsample first and then the other points, shown
    // as when 8 × 4 were drawn in one frame; but no frame draws more than 4 (a gesture resumed after a
    // pause long enough to rest waits for one frame's points, not for 8 × 4: at 1M ~1 s of SwiftShader)
    await Promise.all([takePoints(page), takeSteps(page)]);
    await page.mouse.up();
    await rested();
    assert.deepEqual(await drawn(), ['4', '36', '41']);
    assert.deepEqual(await takePoints(page), [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1]);
    const shown = shownOnCanvas(await takeSteps(page));
    assert.deepEqual(shown, [true, false, false, false, false, false, false, false, true, false, true]);
    assert.notEqual(await pixels(), start);
    // dragged back by the same 100 px: at rest the same pixels as at first
    await page.mouse.down();
    await page.mouse.move(cx, cy);
    await moved();
    await page.mouse.up();
    await rested();
    assert.deepEqual(await drawn(), ['4', '36', '41']);
    assert.equal(await pixels(), start, 'the image drawn at rest is the first one');
    // a zoom scales the image until the view rests (a drag held meanwhile: it cannot rest before the check)
    await page.mouse.down();
    await page.mouse.wheel(0, -100);
    await moved();
    assert.match(String(await transform()), / scale\(1\.2\)$/);
    await page.mouse.up();
    await rested();
    assert.deepEqual(await drawn(), ['4', '36', '41']);
    // zoomed past 3× during a held drag: the 4 points at the new view are drawn off screen at half the
    // resolution and shown in the same frame (one frame of work, not one part a frame over several), in
    // the canvas's bottom-left quarter (half the rows through the pass, the rest of the canvas cleared),
    // scaled twice
    await Promise.all([takePoints(page), takeSteps(page)]);
    await page.mouse.down();
    for (let k = 0; k < 7; k++) await page.mouse.wheel(0, -100); // 1.2⁷ = 3.6
    await page.waitForFunction(() => (globalThis as unknown as Drawn).__drawn.at(-1) === '4');
    assert.deepEqual(await takePoints(page), [4]);
    const height = Number(await page.evaluate(`document.querySelector('canvas.map-canvas').height`));
    assert.deepEqual(await takeSteps(page), [
      [
        'clear off screen',
        'points 4 off screen',
        'clear on canvas',
        `pass of ${Math.ceil(height / 2)} rows on canvas`,
      ],
    ]);
    assert.match(String(await transform()), / scale\(2\)$/, 'the quarter is shown scaled onto the box');
    await page.mouse.up(); // at rest the image is drawn anew at full resolution
    await rested();
    assert.deepEqual(await drawn(), ['4', '4', '36', '41']);
    // a redraw no gesture led to (a resize) once every point was drawn: 8 × 4 a frame again, each shown
    await Promise.all([takePoints(page), takeSteps(page)]);
    await page.setViewportSize({ width: 1100, height: 800 });
    await rested();
    assert.deepEqual(await drawn(), ['4', '36', '41']);
    assert.deepEqual(await lastDraws(3), [4, 32, 5]);
    assert.deepEqual(shownOnCanvas((await takeSteps(page)).slice(-3)), [true, true, true]);
    await page.setViewportSize({ width: 1200, height: 800 });
    await rested();
    assert.deepEqual(problems, []);
  });

  it('draws an image shown at half the resolution while moving anew at rest, as any image at rest', async () => {
    // ?lod=41: every point in the redraw made while moving, so at rest no point is left to add
    // (window.__steps: recordWebGlSteps, installed on this page by the test above)
    await page.goto(`${server!.url}/?v=map&lod=41`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"][data-drawn="41"]');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    const pixels = () => canvasPixels(page);
    const steps = () => page.evaluate('JSON.stringify(window.__steps)') as Promise<string>;
    // zoomed past 3× during a held drag: the redraw is shown at half the resolution
    await takeSteps(page);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let k = 0; k < 7; k++) await page.mouse.wheel(0, -100);
    await page.waitForFunction(() =>
      document.querySelector<HTMLElement>('canvas.map-canvas')!.style.transform.endsWith('scale(2)'),
    );
    const moving = await pixels();
    await takeSteps(page);
    await page.mouse.up();
    await page.locator('canvas.map-canvas[data-drawn="41"]:not([style*="scale"])').waitFor();
    assert.match(await steps(), /pass of \d+ rows on canvas/, 'drawn anew at rest');
    const rest = await pixels();
    assert.notEqual(rest, moving);
    // the same view drawn anew at rest after a resize there and back: the same pixels
    const width = () => page.evaluate(`document.querySelector('canvas.map-canvas').width`);
    const width0 = await width();
    await page.setViewportSize({ width: 1300, height: 800 });
    await page.waitForFunction(
      (w) => document.querySelector<HTMLCanvasElement>('canvas.map-canvas')!.width !== w,
      width0,
    );
    await takeSteps(page);
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.waitForFunction(
      (w) => document.querySelector<HTMLCanvasElement>('canvas.map-canvas')!.width === w,
      width0,
    );
    assert.match(await steps(), /pass of \d+ rows on canvas/);
    assert.equal(await pixels(), rest, 'the image at rest is the one any redraw at rest makes');
    assert.deepEqual(problems, []);
  });

  it('moves the image with the view while the rasteriser is still busy with the frame before', async () => {
    // WebGL 2's fence held unsignalled on demand: the map then issues no WebGL until it is, as while
    // SwiftShader draws a redraw; the image already shown must follow the drag all the same
    await holdFenceWhenBusy(page);
    await page.goto(`${server!.url}/?v=map&lod=4`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"][data-drawn="41"]');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.evaluate('window.__busy = true'); // the last frame at rest set a fence: never finished now
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 60, cy + 20);
    const transform = () => canvasTransform(page);
    await canvasMoved(page, 5_000);
    assert.equal(await transform(), 'translate(60px, 20px)');
    await page.mouse.move(cx + 30, cy + 50);
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('canvas.map-canvas')!.style.transform === 'translate(30px, 50px)',
      undefined,
      { timeout: 5_000 },
    );
    // the rasteriser done: at rest every point is drawn at the view, in place
    await page.evaluate('window.__busy = false');
    await page.mouse.up();
    await page.locator('canvas.map-canvas[data-drawn="41"]:not([style*="translate"])').waitFor();
    assert.deepEqual(problems, []);
  });

  it('draws on an opaque canvas what the page showed through the transparent one it replaced', async () => {
    await page.goto(`${server!.url}/?v=map`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"][data-drawn="41"]');
    await canvas.waitFor();
    await page.mouse.move(1, 1); // no hover card
    assert.equal(
      await page.evaluate(
        `document.querySelector('canvas.map-canvas').getContext('webgl2').getContextAttributes().alpha`,
      ),
      false,
    );
    const box = (await canvas.boundingBox())!;
    const [w, h] = [Math.floor(box.width / 2) - 20, Math.floor(box.height)]; // the left half: no legend
    const screen = await sharp(await canvas.screenshot())
      .extract({ left: 0, top: 0, width: w, height: h })
      .removeAlpha()
      .raw()
      .toBuffer();
    const own = await sharp(Buffer.from((await canvasPixels(page)).split(',')[1]!, 'base64'))
      .extract({ left: 0, top: 0, width: w, height: h })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // the canvas's own pixels are the ones on screen: opaque, nothing of the page shows through
    let worst = 0;
    for (let p = 0; p < w * h; p++)
      for (let c = 0; c < 4; c++) {
        const want = c === 3 ? 255 : screen[3 * p + c]!;
        worst = Math.max(worst, Math.abs(own.data[own.info.channels * p + c]! - want));
      }
    assert.ok(worst <= 1, `the canvas's pixels differ from the screen's by up to ${worst} levels`);
    // and the look is the one before: the lone point at the centre, one point drawn (colour c, alpha
    // 0.85) over the clear colour B, shows as the transparent canvas showed it on the page's colour P
    // (#f8fafc, styles.css): alpha 0.85² + 0.15 = 0.8725, so 0.8725 · (0.85 c + 0.15 B) + 0.1275 P
    const [px, py] = [Math.floor(box.width / 2), Math.floor(box.height / 2)];
    const centre = await sharp(await canvas.screenshot())
      .extract({ left: px, top: py, width: 1, height: 1 })
      .raw()
      .toBuffer();
    const swatches = await page
      .locator('.map-legend .swatch')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    const [B, P] = [
      [18, 18, 20],
      [248, 250, 252],
    ];
    const looks = swatches.map((s) => {
      const c = s.match(/\d+/g)!.map(Number);
      return [0, 1, 2].map((k) => 0.8725 * (0.85 * c[k]! + 0.15 * B[k]!) + 0.1275 * P[k]!);
    });
    assert.ok(
      looks.some((look) => look.every((v, k) => Math.abs(v - centre[k]!) <= 2)),
      `centre pixel ${[...centre.subarray(0, 3)]} is none of ${JSON.stringify(looks)}`,
    );
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

  // the map URL with a region drawn on the first projection, for the stale test below
  let regionMapUrl = '';

  it('outlines the filter region where it was drawn when the map is opened again, and Back returns to it', async () => {
    await page.goto(`${server!.url}/?v=map`);
    const canvas = page.locator('canvas.map-canvas[data-points="41"][data-coloured="1"]');
    await canvas.waitFor();
    const body = page.locator('.map-body');
    const box = (await body.boundingBox())!;
    // a rectangle around the left cluster (it sits near 15% of the width, 38–62% of the height)
    const lasso: [number, number][] = [
      [0.04, 0.1],
      [0.32, 0.1],
      [0.32, 0.9],
      [0.04, 0.9],
    ].map(([u, v]) => [Math.round(u! * box.width), Math.round(v! * box.height)]);
    await shiftLasso(
      page,
      [...lasso, lasso[0]!].map(([x, y]) => [box.x + x, box.y + y] as const),
      6,
    );
    await page.locator('.map-selection[data-selected="20"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(
      await outlinePixels(await body.screenshot()),
      [],
      'no region outline before the filter has one',
    );
    await page.getByRole('button', { name: 'show in grid' }).click();
    await page.waitForURL(/v=grid/, { timeout: 10_000 });
    const region = decodeFilter(new URL(page.url()).searchParams.get('f')).filter.region!;
    assert.match(region.projection ?? '', /^[0-9a-z]+\.[0-9a-f]{16}$/, 'the region names its projection');
    assert.equal(region.projection, (await createClient(server!.url).mapPoints()).fingerprint);
    await page.locator('[data-testid="region-chip"][data-points="20"]').waitFor();

    const points = await createClient(server!.url).mapPoints();
    const outlined = async () => {
      await page.locator('[data-testid="map-region"][data-points="20"]').waitFor({ timeout: 10_000 });
      await page.locator('.map-overlay[data-region="1"]').waitFor();
      const shot = await body.screenshot();
      const cyan = await outlinePixels(shot);
      // where the region's rectangle is now: the map's layout (point-map.ts and map-points.ts) worked out
      // again here, since the map may be laid out anew (the toolbars above it change its height)
      const rect = onCanvas(region.polygons[0]!, points, (await body.boundingBox())!);
      // every outline pixel lies on that polygon (a 2 px line), and the outline runs along every side of
      // it: 8 places per side each have an outline pixel within 2 px
      const far = cyan.filter(([x, y]) => edgeDistance(rect, x, y) > 2.5);
      assert.ok(cyan.length > 200, `${cyan.length} outline pixels`);
      assert.deepEqual(far.slice(0, 5), [], `${far.length} outline pixels off the region`);
      assertAlongEverySide(rect, cyan);
    };
    // the Map tab with the region in the filter: outlined, with its count
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.waitForURL(/v=map/);
    await outlined();
    regionMapUrl = page.url();
    // to the grid and Back to the map: outlined again
    await page.getByRole('button', { name: 'Samples', exact: true }).click();
    await page.waitForURL(/v=grid/);
    await page.goBack();
    await page.waitForURL((u) => u.href === regionMapUrl, { timeout: 10_000 });
    await outlined();
    // the chip's × takes the region away, and its outline with it
    await page.getByRole('button', { name: 'remove the map region' }).click();
    await page.locator('.map-overlay[data-region="0"]').waitFor();
    assert.equal(await page.getByTestId('map-region').count(), 0);
    assert.deepEqual(await outlinePixels(await body.screenshot()), [], 'the outline is gone');
    assert.deepEqual(problems, []);
  });

  it('refuses a region drawn on an earlier projection and offers to clear it', async () => {
    assert.ok(regionMapUrl, 'the test above ran');
    // `assay embed` again: every point moved (the server hands the database over and reopens it)
    const project = await openProject(dir, { command: 'test' });
    try {
      const points = await loadProjection(project, 'test');
      const xy = points!.xy.map((v, i) => (i % 2 === 0 ? v + 5 : v));
      await storeProjection(project, { model: 'test', method: 'umap', sampleIds: points!.sampleIds, xy });
    } finally {
      await project.close();
    }
    const gridUrl = regionMapUrl.replace('v=map', 'v=grid');
    await page.goto(gridUrl);
    const note = page.locator('main .error[data-code="STALE_MAP_REGION"]');
    await note.waitFor({ timeout: 20_000 });
    assert.match((await note.textContent()) ?? '', /drawn on an earlier projection.*Draw the region again/);
    assert.equal(await page.locator('.tile[data-sample]').count(), 0, 'no samples shown for it');
    await note.getByTestId('clear-region').click();
    await page.locator('[data-testid="facet-total"]', { hasText: /^41 match$/ }).waitFor();
    assert.equal(decodeFilter(new URL(page.url()).searchParams.get('f')).filter.region, undefined);
    // the map names it stale too, draws no outline, and clears it
    await page.goto(regionMapUrl);
    await page.locator('canvas.map-canvas[data-points="41"]').waitFor();
    const stale = page.getByTestId('map-region-stale');
    await stale.waitFor();
    assert.equal(await page.locator('.map-overlay[data-region="0"]').count(), 1);
    await stale.getByTestId('clear-region').click();
    await stale.waitFor({ state: 'detached' });
    assert.equal(decodeFilter(new URL(page.url()).searchParams.get('f')).filter.region, undefined);
    // the stale requests are answered 409: the browser logs them as failed loads, nothing else
    assert.deepEqual(
      problems.filter((p) => !p.includes('409')),
      [],
    );
  });
});
