/**
 * The text view in Chromium against `assay serve` on a generated text project: text cards in the grid
 * (text, span highlights, label chips, language), the language facet, and the sample view with one
 * block per source whose differences from ground truth are marked. A text and a class named like
 * markup render as text.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '@assay/cli/test-kit';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchBrowser } from './test-kit/browser.js';
import { type ServeProcess, startServe } from './test-kit/serve-process.js';

const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

const TEXTS = [
  'Ann Lee flew from Paris to Berlin on Monday morning with her colleagues.',
  `Bob wrote ${XSS} into the form and the bank closed his account.`,
  'Maria visited the museum in Madrid with her brother last summer.',
];

const line = (o: object) => JSON.stringify(o);
const at = (text: string, piece: string) => ({
  start: text.indexOf(piece),
  end: text.indexOf(piece) + piece.length,
});

describe('the text view in Chromium', { skip: browserSkip() }, () => {
  let dir = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-web-text-'));
    const project = join(dir, 'p');
    assert.equal((await runCli(['init', project], dir)).code, 0);
    const gold = TEXTS.map((t, i) =>
      line({
        id: `t${i + 1}`,
        text: t,
        label: i === 1 ? XSS : 'travel',
        spans: [
          { ...at(t, t.split(' ')[0]!), label: 'PER' },
          ...(i === 0 ? [{ ...at(t, 'Paris'), label: 'LOC' }] : []),
        ],
      }),
    );
    const pred = TEXTS.map((t, i) =>
      line({
        id: `t${i + 1}`,
        text: t,
        label: 'travel',
        // The model marks Paris as ORG: a difference from ground truth; it misses Maria.
        spans:
          i === 2
            ? []
            : [
                { ...at(t, t.split(' ')[0]!), label: 'PER', score: 0.9 },
                ...(i === 0 ? [{ ...at(t, 'Paris'), label: 'ORG', score: 0.6 }] : []),
              ],
      }),
    );
    await writeFile(join(dir, 'gold.jsonl'), `${gold.join('\n')}\n`);
    await writeFile(join(dir, 'pred.jsonl'), `${pred.join('\n')}\n`);
    assert.equal((await runCli(['import', 'text-jsonl', join(dir, 'gold.jsonl')], project)).code, 0);
    assert.equal(
      (await runCli(['import', 'text-jsonl', join(dir, 'pred.jsonl'), '--as', 'prediction:m'], project)).code,
      0,
    );
    const check = await runCli(['check', '--only', 'unexpected_language'], project);
    assert.equal(check.code, 0, check.stderr);
    server = await startServe(project);
    ({ context, page } = await launchBrowser(dir));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('grid: text cards with highlighted spans, label chips and language; markup shown as text', async () => {
    await page.goto(`${server!.url}/?v=grid`);
    const cards = page.locator('.tile[data-kind="text"]');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 3);
    const first = cards.nth(0);
    await first.locator('mark.span-mark').first().waitFor();
    assert.equal(await first.locator('mark.span-mark').count(), 2);
    assert.deepEqual(await first.locator('mark.span-mark').allTextContents(), ['AnnPER', 'ParisLOC']);
    assert.equal(await first.locator('.chip').first().textContent(), 'travel');
    assert.equal(await first.locator('.lang').textContent(), 'en');
    const second = cards.nth(1);
    assert.ok((await second.locator('.card-text').textContent())?.includes(XSS));
    assert.equal(await second.locator('.chip').first().getAttribute('data-label'), XSS);
    assert.equal(await page.locator('.text-card img').count(), 0, 'markup in a text became an element');
    // The language facet lists the detected language.
    const facet = page.locator('[data-testid="filters"]', { hasText: 'Language' });
    await facet.getByText('en', { exact: true }).first().waitFor();
  });

  it('sample view: one block per source, differences from ground truth marked, misses listed', async () => {
    await page.locator('.tile[data-kind="text"] .text-card').first().click();
    const stage = page.locator('[data-testid="text-stage"]');
    await stage.waitFor();
    const blocks = stage.locator('section.text-source');
    assert.deepEqual(await blocks.evaluateAll((els) => els.map((e) => e.getAttribute('data-source'))), [
      'ground_truth',
      'prediction:m',
    ]);
    const model = blocks.nth(1);
    assert.deepEqual(await model.locator('mark.span-mark.diff').allTextContents(), ['ParisORG']);
    assert.match(
      (await model.locator('[data-testid="text-diff"]').textContent()) ?? '',
      /1 span not in ground_truth · missed: “Paris”/,
    );
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="sample-path"]', { hasText: 't2' }).waitFor();
    assert.ok(((await stage.locator('.full-text').first().textContent()) ?? '').includes(XSS));
    assert.equal(await stage.locator('img').count(), 0);
    assert.deepEqual(problems, []);
  });
});
