import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '@assay/cli/test-kit';
import { writeKittiLabels, writeKittiScene } from '@assay/core/test-kit/kitti-scene';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchBrowser } from './test-kit/browser.js';
import { type ServeProcess, startServe } from './test-kit/serve-process.js';

const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));

const CANVAS = '[data-testid="lidar-canvas"]';

/** The number of pictures the 3D view has drawn (LidarScene counts them on the canvas). */
async function renders(page: Page): Promise<number> {
  return Number(await page.locator(CANVAS).getAttribute('data-renders'));
}

/** Waits until the 3D view draws no new picture for two animation frames. */
async function settle(page: Page): Promise<void> {
  let last = -1;
  for (let now = await renders(page); now !== last; now = await renders(page)) {
    last = now;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
}

/** Runs `action`, then waits for the 3D view to draw after it and to settle. */
async function afterRender(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await renders(page);
  await action();
  await page.waitForFunction(
    ([sel, n]) => Number(document.querySelector(sel)?.getAttribute('data-renders')) > n,
    [CANVAS, before] as const,
  );
  await settle(page);
}

/** Pixels of the WebGL canvas that differ from its background, and a hash of the whole picture. */
function readCanvas(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const source = document.querySelector(sel) as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(source, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let lit = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0) lit++;
      hash = (Math.imul(hash, 31) + data[i]! + 3 * data[i + 1]! + 7 * data[i + 2]!) | 0;
    }
    return { lit, hash, width: copy.width, height: copy.height };
  }, selector);
}

describe('the 3D view in Chromium, on a generated KITTI scene', { skip: browserSkip() }, () => {
  let dir = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-lidar-web-'));
    const data = join(dir, 'data');
    await writeKittiScene(data, 3);
    assert.equal((await runCli(['init', dir], dir)).code, 0);
    const gt = await runCli(['import', 'kitti', data], dir);
    assert.equal(gt.code, 0, gt.stderr);
    // The same folder with the prediction's label files: the same samples, a second source.
    for (let f = 0; f < 3; f++) await writeKittiLabels(data, f, 'prediction');
    const pred = await runCli(['import', 'kitti', data, '--as', 'prediction:model'], dir);
    assert.equal(pred.code, 0, pred.stderr);
    server = await startServe(dir);
    ({ context, page } = await launchBrowser(dir, { webgl: true }));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the grid shows a thumbnail per sweep: the camera image, or a bird's-eye render without one", async () => {
    const frames = (await (await fetch(`${server!.url}/api/lidar/frames`)).json()) as {
      frames: { sample_id: number; cameras: unknown[] }[];
    };
    assert.deepEqual(
      frames.frames.map((f) => f.cameras.length),
      [1, 1, 0],
    );
    for (const f of frames.frames) {
      const res = await fetch(`${server!.url}/api/media/${f.sample_id}/thumb?size=128`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/webp');
    }
    await page.goto(`${server!.url}/?v=grid`);
    const sweep = page.locator(`.tile[data-sample="${frames.frames[2]!.sample_id}"] img`);
    await sweep.waitFor();
    await page.waitForFunction((id) => {
      const img = document.querySelector(`.tile[data-sample="${id}"] img`) as HTMLImageElement | null;
      return img?.complete === true && img.naturalWidth > 0;
    }, frames.frames[2]!.sample_id);
  });

  it('renders the sweep, toggles sources and colours, and the slider moves through the frames', async () => {
    const frames = (await (await fetch(`${server!.url}/api/lidar/frames`)).json()) as {
      frames: { sample_id: number }[];
    };
    const first = frames.frames[0]!.sample_id;
    await page.goto(`${server!.url}/?v=grid&s=${first}`);
    const canvas = page.locator('[data-testid="lidar-canvas"]');
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid="lidar-canvas"]');
      return Number(c?.getAttribute('data-points')) > 0 && Number(c?.getAttribute('data-boxes')) === 4;
    });
    await settle(page);
    const shown = await readCanvas(page, '[data-testid="lidar-canvas"]');
    assert.ok(shown.lit > 2000, `lit pixels ${shown.lit} of ${shown.width}×${shown.height}`);
    if (process.env.ASSAY_LIDAR_SCREENSHOT)
      await page.screenshot({ path: process.env.ASSAY_LIDAR_SCREENSHOT });

    // Hiding the ground truth removes its boxes from the picture; showing it again restores it exactly.
    const gtToggle = page.locator('[data-testid="lidar-source-toggle"][data-source="ground_truth"]');
    await afterRender(page, () => gtToggle.uncheck());
    assert.equal(await canvas.getAttribute('data-boxes'), '2');
    const withoutGt = await readCanvas(page, '[data-testid="lidar-canvas"]');
    assert.notEqual(withoutGt.hash, shown.hash);
    assert.ok(withoutGt.lit < shown.lit, `${withoutGt.lit} vs ${shown.lit}`);
    await afterRender(page, () => gtToggle.check());
    assert.equal((await readCanvas(page, '[data-testid="lidar-canvas"]')).hash, shown.hash);

    // Colouring by intensity changes the points' colours.
    await afterRender(page, () => page.locator('[data-testid="lidar-color"]').selectOption('intensity'));
    assert.notEqual((await readCanvas(page, '[data-testid="lidar-canvas"]')).hash, shown.hash);

    // The camera image with projected points and boxes.
    // (Drawn once its image has loaded: polled.)
    let camera = await readCanvas(page, '[data-testid="lidar-camera"] canvas');
    for (let tries = 0; camera.width !== 1242 && tries < 100; tries++) {
      await page.waitForTimeout(100);
      camera = await readCanvas(page, '[data-testid="lidar-camera"] canvas');
    }
    assert.equal(camera.width, 1242);
    assert.ok(camera.lit > 1000);

    // The slider: frame 2 of 3, a different sweep (its car moved 2 m).
    const slider = page.locator('[data-testid="lidar-frame-slider"]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="lidar-frame-label"]', { hasText: 'frame 2 of 3' }).waitFor();
    assert.equal(await canvas.getAttribute('data-sample'), String(frames.frames[1]!.sample_id));
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="lidar-canvas"]')?.getAttribute('data-boxes')) === 4,
    );
    assert.deepEqual(problems, []);
  });
});
