import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { json, runCli } from '@assay/cli/test-kit';
import { runDemo } from '@assay/cli/test-kit/demo-project';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { PALETTE } from './render/palette.js';
import { browserSkip, launchBrowser } from './test-kit/browser.js';
import { type ServeProcess, startServe } from './test-kit/serve-process.js';

const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../../../docs/screenshot.png', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

interface Info {
  samples: number;
  annotations: { total: number };
  classes: { name: string }[];
  issues: { total: number };
}

interface Coco {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { image_id: number; category_id: number }[];
  categories: { id: number; name: string }[];
}

describe('the web app in Chromium, served by `assay serve` on the demo project', {
  skip: browserSkip(),
}, () => {
  let dir = '';
  let project = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let info: Info;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-web-'));
    project = join(dir, 'demo');
    const demo = await runDemo(project, ['--images', '30'], dir);
    assert.ok(demo.code === 0 || demo.code === 1, `assay demo failed:\n${demo.stderr}`);
    server = await startServe(project);
    ({ context, page } = await launchBrowser(dir));
    page.on('console', (m) => {
      // A crop of the demo's corrupt image asks for its pixels and gets the documented 404 (the app then
      // draws a placeholder); every other console error is a problem.
      const media404 = m.text().includes('404') && m.location().url.includes('/api/media/');
      if (m.type() === 'error' && !media404) problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    // The README's screenshot: the demo as `assay demo` leaves it (only when asked, so runs do not touch the repo).
    if (process.env.ASSAY_WRITE_SCREENSHOT === '1') {
      await page.goto(`${server.url}/?v=grid`);
      await page.locator('.tile[data-sample] img').first().waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.tile img')].every((i) => (i as HTMLImageElement).complete),
      );
      await page.waitForTimeout(500);
      await mkdir(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    }
    // Then, while the server runs (the import is handed to it), a tiny second source whose one class
    // is named like markup: it must render as text.
    const train = JSON.parse(await readFile(join(project, 'data/annotations/train.json'), 'utf8')) as Coco;
    const image = train.images[0]!;
    const xss: Coco = {
      images: [image],
      annotations: [
        { id: 1, image_id: image.id, category_id: 1, bbox: [4, 4, 20, 20], area: 400, iscrowd: 0 },
      ] as never,
      categories: [{ id: 1, name: XSS }],
    };
    await writeFile(join(dir, 'xss.json'), JSON.stringify(xss));
    const imported = await runCli(
      ['import', 'coco', join(dir, 'xss.json'), '--images', 'data/images', '--as', 'annotator:xss'],
      project,
    );
    assert.equal(imported.code, 0, imported.stderr);
    info = json<Info>(await runCli(['info', '--json'], project));
    assert.ok(info.classes.some((c) => c.name === XSS));
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the counts `assay info --json` gives, and a class named like markup as text', async () => {
    await page.goto(`${server!.url}/`);
    const count = (name: string) => page.locator(`[data-count="${name}"] dd`).textContent();
    await page.locator('[data-count="samples"] dd').waitFor();
    const num = (s: string | null) => Number((s ?? '').replace(/,/g, ''));
    assert.equal(num(await count('samples')), info.samples);
    assert.equal(num(await count('annotations')), info.annotations.total);
    assert.equal(num(await count('classes')), info.classes.length);
    assert.equal(num(await count('open_issues')), info.issues.total);
    // The class table lists the markup name as text; no <img src="x"> exists and no script ran.
    // The class table comes with the overview query, after the header counts: wait for its rows.
    await page.locator('[data-testid="class-table"] .class-name').first().waitFor();
    const names = await page.locator('[data-testid="class-table"] .class-name').allTextContents();
    assert.ok(names.includes(XSS), names.join(' | '));
    await page.locator('section[data-facet="class"]').getByText(XSS, { exact: true }).waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.deepEqual(problems, []);
  });

  it('links views: an issue type on the overview opens the grid of its samples; a corrupt image is a placeholder', async () => {
    const corrupt = (info as Info & { issues: { by_type: Record<string, number> } }).issues.by_type
      .corrupt_file;
    assert.equal(corrupt, 1, 'the demo plants one corrupt file');
    await page.locator('[data-issue-type="corrupt_file"] button').click();
    await page.locator('[data-testid="grid-total"]', { hasText: /^1 sample$/ }).waitFor({ timeout: 20_000 });
    await page.locator('.tile[data-sample] .placeholder').waitFor();
    assert.equal(await page.locator('.tile[data-sample] img').count(), 0, 'no broken <img>');
    // the placeholder says what the scan found: a damaged file, not a missing one
    const placeholder = page.locator('.tile[data-sample] .placeholder');
    assert.equal(await placeholder.getAttribute('data-problem'), 'corrupt');
    assert.equal(await placeholder.textContent(), 'image file damaged');
    // The facets count under the filter: one sample, one split, its issue types.
    await page.locator('[data-testid="facet-total"]', { hasText: /^1 match$/ }).waitFor();
    const splitCounts = await page.locator('section[data-facet="split"] .facet-count').allTextContents();
    assert.equal(
      splitCounts.reduce((a, c) => a + Number(c), 0),
      1,
      `split facet under the filter: ${splitCounts.join(',')}`,
    );
  });

  it('filters by a class: the grid shows as many samples as hold that class in the ground truth', async () => {
    const coco = await Promise.all(
      ['train', 'test'].map(
        async (s) => JSON.parse(await readFile(join(project, `data/annotations/${s}.json`), 'utf8')) as Coco,
      ),
    );
    // Independent count from the imported COCO files: images with a ground-truth `star`.
    const expected = coco.reduce((n, c) => {
      const star = c.categories.find((k) => k.name === 'star')!.id;
      return n + new Set(c.annotations.filter((a) => a.category_id === star).map((a) => a.image_id)).size;
    }, 0);
    assert.ok(expected > 0);
    await page.goto(`${server!.url}/?v=grid`);
    await page
      .locator('section[data-facet="source"] label', { hasText: 'ground_truth' })
      .locator('input')
      .check();
    await page.locator('section[data-facet="class"] label', { hasText: /^star/ }).locator('input').check();
    await page
      .locator('[data-testid="grid-total"]', { hasText: `${expected} samples` })
      .waitFor({ timeout: 20_000 });
    assert.match(page.url(), /[?&]f=/, 'the filter is in the URL');
    // Tiles arrive with their thumbnails and one canvas each.
    await page.locator('.tile[data-sample] img').first().waitFor();
    const tiles = await page.locator('.tile[data-sample]').count();
    assert.equal(tiles, expected);
    // Back leaves the filter; forward brings it again.
    await page.goBack();
    await page.goForward();
    await page.locator('[data-testid="grid-total"]', { hasText: `${expected} samples` }).waitFor();
  });

  it('shows every ground-truth star as an object crop (Objects view)', async () => {
    const coco = await Promise.all(
      ['train', 'test'].map(
        async (s) => JSON.parse(await readFile(join(project, `data/annotations/${s}.json`), 'utf8')) as Coco,
      ),
    );
    const stars = coco.reduce((n, c) => {
      const star = c.categories.find((k) => k.name === 'star')!.id;
      return n + c.annotations.filter((a) => a.category_id === star).length;
    }, 0);
    await page.goto(`${server!.url}/?v=patches`);
    await page.locator('.patches-view select').nth(1).selectOption('star');
    await page.locator('[data-testid="patches-total"]', { hasText: `${stars} objects` }).waitFor();
    assert.equal(await page.locator('.patch').count(), Math.min(stars, 200));
    await page.goBack();
  });

  it('opens a sample and draws a known prediction box where the data says (pixels of a screenshot)', async () => {
    await page.locator('.tile[data-sample] .tile-image').first().click();
    await page.locator('[data-testid="sample-view"] img.full').waitFor();
    const id = Number(new URL(page.url()).searchParams.get('s'));
    const detail = (await (await fetch(`${server!.url}/api/samples/${id}`)).json()) as {
      width: number;
      height: number;
      annotations: { source: string; class_id: number; bbox: number[] | null; score?: number }[];
    };
    const proj = (await (await fetch(`${server!.url}/api/project`)).json()) as {
      classes: { id: number; color: number }[];
    };
    const box = detail.annotations
      .filter((a) => a.source === 'prediction:model-a' && a.bbox && (a.score ?? 0) >= 0.5)
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
    assert.ok(box?.bbox, 'the sample has a confident model-a box');
    // Only model-a drawn, the mouse off the image (no hover label).
    for (const s of ['ground_truth', 'prediction:model-b'])
      await page.locator('.source-annotations h3 label', { hasText: s }).locator('input').uncheck();
    await page.mouse.move(1, 1);
    await page.waitForTimeout(300);
    const img = (await page.locator('img.full').boundingBox())!;
    const stage = (await page.locator('[data-testid="stage"]').boundingBox())!;
    const scale = img.width / detail.width;
    const png = await page.screenshot({ clip: stage });
    const { data, info: meta } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const color = PALETTE[(proj.classes.find((c) => c.id === box.class_id)?.color ?? 0) % PALETTE.length]!;
    const want = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
    const near = (x: number, y: number) => {
      for (let dy = -1; dy <= 1; dy++) {
        const px = Math.round(x);
        const py = Math.round(y) + dy;
        if (px < 0 || py < 0 || px >= meta.width || py >= meta.height) continue;
        const o = (py * meta.width + px) * meta.channels;
        if (
          Math.abs(data[o]! - want[0]!) +
            Math.abs(data[o + 1]! - want[1]!) +
            Math.abs(data[o + 2]! - want[2]!) <
          90
        )
          return true;
      }
      return false;
    };
    // The box's top edge in stage pixels: image coordinates × scale + the image's offset in the stage.
    const [bx, by, bw, bh] = box.bbox as [number, number, number, number];
    const row = (y: number) => {
      let hits = 0;
      let n = 0;
      for (let x = bx + 3; x <= bx + bw - 3; x += 1 / scale) {
        n++;
        if (near(img.x - stage.x + x * scale, img.y - stage.y + y * scale)) hits++;
      }
      return hits / n;
    };
    const edge = row(by);
    const middle = row(by + bh / 2);
    assert.ok(
      edge > 0.4,
      `the dashed top edge is drawn in the class colour (${edge.toFixed(2)} of its pixels)`,
    );
    assert.ok(middle < 0.15, `inside the box is not (${middle.toFixed(2)})`);
    // → opens the next sample of the filter (as the API orders it), ← comes back.
    const index = Number(new URL(page.url()).searchParams.get('i'));
    const filter = new URL(page.url()).searchParams.get('f');
    assert.ok(filter);
    const next = (await (
      await fetch(`${server!.url}/api/samples/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server!.url },
        body: JSON.stringify({
          filter: { classes: ['star'], sources: ['ground_truth'] },
          sort: { by: 'id' },
          offset: index + 1,
          limit: 1,
        }),
      })
    ).json()) as { items: { id: number; path: string }[] };
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="sample-path"]', { hasText: next.items[0]!.path }).waitFor();
    assert.equal(Number(new URL(page.url()).searchParams.get('s')), next.items[0]!.id);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((s) => new URL(location.href).searchParams.get('s') === s, String(id));
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="sample-view"]').waitFor({ state: 'detached' });
  });

  it('shows the new issue counts after `assay check` runs while it serves, without a reload', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const checked = await runCli(['check'], project);
    assert.ok(checked.code === 0 || checked.code === 1, `assay check failed:\n${checked.stderr}`);
    const now = json<Info>(await runCli(['info', '--json'], project));
    assert.notEqual(
      now.issues.total,
      info.issues.total,
      'the check changed the issues (the new class is unused)',
    );
    await page
      .locator('[data-count="open_issues"] dd', {
        hasText: new RegExp(`^${now.issues.total.toLocaleString('en-US')}$`),
      })
      .waitFor({ timeout: 20_000 });
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      true,
    );
    assert.deepEqual(problems, []);
  });

  it('shows an evaluation run while it serves: mAP and TP/FP/FN as `assay eval --json` gives, and they filter', async () => {
    await page.goto(`${server!.url}/`);
    await page.locator('[data-testid="issues-panel"]').waitFor();
    assert.equal(await page.locator('[data-testid="eval-panel"]').count(), 0, 'no eval run yet');
    const run = await runCli(['eval', '--pred', 'prediction:model-a', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const evaluation = json<{
      totals: { tp: number; fp: number; fn: number };
      detection: { stats: number[] };
    }>(run);
    const map = (100 * evaluation.detection.stats[0]!).toFixed(1);
    await page.locator('[data-stat="map"] .stat-value', { hasText: map }).waitFor({ timeout: 20_000 });
    for (const o of ['tp', 'fp', 'fn'] as const)
      assert.equal(
        Number((await page.locator(`[data-stat="${o}"] .stat-value`).textContent())?.replace(/,/g, '')),
        evaluation.totals[o],
      );
    await page.locator('[data-stat="fn"]').click();
    await page.locator('[data-testid="grid-total"]', { hasText: /^[1-9]\d* samples$/ }).waitFor();
    const f = new URL(page.url()).searchParams.get('f')!;
    const filter = JSON.parse(Buffer.from(f, 'base64url').toString('utf8')) as { outcome?: string[] };
    assert.deepEqual(filter.outcome, ['fn']);
    assert.deepEqual(problems, []);
  });
});
