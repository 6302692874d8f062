import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AttributeFacetsResponse, ProjectResponse, SamplesQueryResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { runDemo } from '@assay/cli/test-kit/demo-project';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BrowserContext, Page } from 'playwright-core';
import { TOP_VALUES } from './features/filters/attribute-limits.js';
import { type ServeProcess, startServe } from './test-kit/serve-process.js';

const CHROMIUM = '/usr/bin/chromium';
const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));

/** Skip only on a developer machine without Chromium; under CI the browser test must run. */
function browserSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') return false;
  return `${CHROMIUM} is missing (install it: apt-get install -y chromium); CI always runs this test`;
}

interface Coco {
  images: { id: number; file_name: string; width: number; height: number }[];
}

const COLOURS = ['red', 'green', 'blue'];

/**
 * Grid sort by stored embedding scores (issue 15's `assay embed` analysis) and attribute facets that stay
 * small with a free-text attribute: the demo project, embedded with the classic descriptor, plus an
 * `annotator:notes` source whose boxes carry `note` (a distinct text per box) and `colour` (3 values).
 */
describe('score sorts and attribute facets in Chromium, served by `assay serve`', {
  skip: browserSkip(),
}, () => {
  let dir = '';
  let project = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  /** Sample ids by outlier score, highest first, read from the database before the server starts. */
  let byOutlier: number[] = [];
  const colourCounts = new Map<string, number>();
  let notes = 0;
  const post = (path: string, body: unknown) =>
    fetch(`${server!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server!.url },
      body: JSON.stringify(body),
    });

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-facets-'));
    project = join(dir, 'demo');
    const demo = await runDemo(project, ['--images', '24'], dir);
    assert.ok(demo.code === 0 || demo.code === 1, `assay demo failed:\n${demo.stderr}`);
    const embed = await runCli(['embed', '--model', 'classic'], project);
    assert.equal(embed.code, 0, embed.stderr);
    const train = JSON.parse(await readFile(join(project, 'data/annotations/train.json'), 'utf8')) as Coco;
    const annotations = train.images.flatMap((image, i) =>
      [0, 1].map((k) => {
        const colour = COLOURS[(2 * i + k) % 3]!;
        colourCounts.set(colour, (colourCounts.get(colour) ?? 0) + 1);
        return {
          id: 2 * i + k + 1,
          image_id: image.id,
          category_id: 1,
          bbox: [2 + k, 2, 10, 10],
          area: 100,
          iscrowd: 0,
          attributes: { note: `note ${2 * i + k}`, colour },
        };
      }),
    );
    notes = annotations.length;
    await writeFile(
      join(dir, 'notes.json'),
      JSON.stringify({ images: train.images, annotations, categories: [{ id: 1, name: 'thing' }] }),
    );
    const imported = await runCli(
      ['import', 'coco', join(dir, 'notes.json'), '--images', 'data/images', '--as', 'annotator:notes'],
      project,
    );
    assert.equal(imported.code, 0, imported.stderr);
    // The reference order, straight from the store (not through the server's code).
    const instance = await DuckDBInstance.create(join(project, '.assay', 'assay.duckdb'), {
      access_mode: 'READ_ONLY',
    });
    const connection = await instance.connect();
    const rows = await connection.runAndReadAll(
      `SELECT s.id FROM samples s LEFT JOIN embedding_scores e ON e.sample_id = s.id
        ORDER BY e.outlier DESC NULLS LAST, s.id`,
    );
    byOutlier = rows.getRowsJS().map((r) => Number(r[0]));
    connection.closeSync();
    instance.closeSync();
    server = await startServe(project);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(await mkdtemp(join(dir, 'profile-')), {
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
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: 1,
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('API: the project lists the stored scores; a sort by outlier score follows the stored scores', async () => {
    const p = ProjectResponse.parse(await (await fetch(`${server!.url}/api/project`)).json());
    assert.ok(p.score_sorts?.includes('outlier'), JSON.stringify(p.score_sorts));
    assert.ok(!p.score_sorts?.includes('uncertainty'), 'no eval of text predictions: no uncertainty sort');
    const page1 = SamplesQueryResponse.parse(
      await (
        await post('/api/samples/query', {
          filter: {},
          sort: { by: 'outlier', desc: true },
          offset: 0,
          limit: 500,
        })
      ).json(),
    );
    assert.deepEqual(
      page1.items.map((i) => i.id),
      byOutlier,
    );
    const bad = await post('/api/samples/query', {
      filter: {},
      sort: { by: 'outlierz' },
      offset: 0,
      limit: 5,
    });
    assert.equal(bad.status, 400);
  });

  it('the sort menu offers the outlier score and the grid follows it', async () => {
    await page.goto(`${server!.url}/?v=grid`);
    const select = page.locator('.toolbar select').first();
    await select.locator('option[value="outlier:desc"]').waitFor({ state: 'attached' });
    await select.selectOption('outlier:desc');
    await page.locator(`.tile[data-sample="${byOutlier[0]}"]`).waitFor();
    const shown = await page
      .locator('.tile[data-sample]')
      .evaluateAll((tiles) => tiles.slice(0, 4).map((t) => Number(t.getAttribute('data-sample'))));
    assert.deepEqual(shown, byOutlier.slice(0, 4));
  });

  it('a free-text attribute shows its top values and a search; a found value filters the grid', async () => {
    const api = AttributeFacetsResponse.parse(
      await (await post('/api/facets/attributes', { filter: {}, limit: TOP_VALUES })).json(),
    );
    const note = api.attributes.find((a) => a.name === 'note');
    assert.equal(note?.distinct, notes);
    assert.equal(note?.values.length, TOP_VALUES);
    assert.deepEqual(
      new Map(api.attributes.find((a) => a.name === 'colour')?.values.map((v) => [v.value, v.count])),
      colourCounts,
    );
    await page.goto(`${server!.url}/?v=grid`);
    const noteFacet = page.locator('[data-facet="attributes"] [data-attribute="note"]');
    await noteFacet.locator('[data-testid="attribute-distinct"]', { hasText: `${notes} values` }).waitFor();
    assert.equal(await noteFacet.locator('li').count(), TOP_VALUES);
    const colour = page.locator('[data-facet="attributes"] [data-attribute="colour"]');
    for (const [value, count] of colourCounts) {
      const row = colour.locator('li', { hasText: value });
      assert.equal(await row.locator('.facet-count').getAttribute('data-count'), String(count));
    }
    assert.equal(await colour.locator('input[type="search"]').count(), 0, 'few values: no search box');
    // "note 17" is past the top values; the search finds it (and only it).
    await noteFacet.locator('input[type="search"]').fill('NOTE 17');
    await noteFacet.locator('[data-testid="attribute-distinct"]', { hasText: '1 matching' }).waitFor();
    const found = noteFacet.locator('li');
    assert.deepEqual(await found.locator('.facet-value').allTextContents(), ['note 17']);
    await found.locator('input').check();
    await page.locator('[data-testid="grid-total"]', { hasText: /^1 sample$/ }).waitFor();
    const url = new URL(page.url());
    assert.ok(url.searchParams.get('f'), 'the filter is in the URL');
  });
});
