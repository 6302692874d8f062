/**
 * The embedding map in Chromium (playwright-core, WebGL through SwiftShader) against a real `assay
 * serve` on a project made here: sharp-rendered images imported from COCO, a 2-D projection stored in
 * it. The map draws every point with a legend of the classes; hovering the point at the centre shows its
 * thumbnail; a shift-drag lasso around one cluster shows exactly that cluster's samples in the grid.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeFilter } from '@assay/api';
import { openProject, storeDb, storeProjection } from '@assay/core/node';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { makeLabelledImages } from '../../../../cli/src/test-kit/labelled-images.js';
import { runCli } from '../../../../cli/src/test-kit/run-cli.js';
import { browserSkip, launchBrowser } from '../../test-kit/browser.js';
import { type ServeProcess, startServe } from '../../test-kit/serve-process.js';

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
    const canvas = page.locator('canvas.map-canvas[data-points="41"]');
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
    await page.waitForURL(/v=grid/, { timeout: 10_000 });
    const filter = decodeFilter(new URL(page.url()).searchParams.get('f')).filter;
    assert.deepEqual(new Set(filter.ids), left);
    await page.locator('.tile[data-sample]').first().waitFor();
    assert.deepEqual(problems, []);
  });
});
