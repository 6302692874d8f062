/**
 * Issue 14 part 3 in Chromium: the Review tab of `assay serve` on the demo. A reviewer confirms an issue
 * with one key, re-classes an annotation, drags a box edge and saves it, undoes, and judges an inspection;
 * each change is checked in the database through the real CLI (`assay history`, `assay inspect report`).
 * A second page whose live updates are cut off acts on a stale revision: 409, shown, nothing written.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ProjectResponse, ReviewQueueResponse } from '@assay/api';
import { json, runCli } from '@assay/cli/test-kit';
import { runDemo } from '@assay/cli/test-kit/demo-project';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchBrowser } from './test-kit/browser.js';
import { type ServeProcess, startServe } from './test-kit/serve-process.js';

const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));

interface CliHistory {
  annotations: {
    id: number;
    current: boolean;
    versions: { annotation: { label?: string; bbox?: number[] } }[];
  }[];
  edits: {
    seq: number;
    kind: string;
    author: string;
    annotationId: number | null;
    after: Record<string, unknown> | null;
  }[];
}

describe('the review queue in Chromium, served by `assay serve` on the demo', { skip: browserSkip() }, () => {
  let dir = '';
  let project = '';
  let server: ServeProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const problems: string[] = [];
  let fixed: { path: string; annotation: number; issue: number; label: string } | undefined;
  const history = async (path: string) =>
    json<CliHistory>(await runCli(['history', path, '--json'], project));
  /** The current class and box of an annotation as the API gives them (cheaper than a CLI process). */
  const current = async (sample: number, id: number) => {
    const detail = (await (await fetch(`${server!.url}/api/samples/${sample}`)).json()) as {
      width: number;
      annotations: { id: number; class_id: number | null; bbox: number[] | null }[];
    };
    const classes = ((await (await fetch(`${server!.url}/api/project`)).json()) as ProjectResponse).classes;
    const a = detail.annotations.find((x) => x.id === id)!;
    return { label: classes.find((c) => c.id === a.class_id)?.name, bbox: a.bbox!, width: detail.width };
  };
  const queue = async (types: string[], statuses?: string[]) =>
    (await (
      await fetch(`${server!.url}/api/review/queue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server!.url },
        body: JSON.stringify({
          filter: { types, ...(statuses ? { statuses } : {}) },
          offset: 0,
          limit: statuses ? 100 : 1,
        }),
      })
    ).json()) as ReviewQueueResponse;
  const pickType = async (p: Page, type: string) => {
    await p.locator('[data-testid="review-type"]').selectOption(type);
    await p.locator('[data-testid="review-issue-type"]', { hasText: type }).waitFor();
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  };
  const noteOk = async (p: Page, text: RegExp) => {
    try {
      await p
        .locator('[data-testid="write-note"][data-kind="ok"]', { hasText: text })
        .waitFor({ timeout: 20_000 });
    } catch (error) {
      // Say what the page shows instead (an error or conflict note, or none), so a failure can be read.
      const shown = await p
        .locator('[data-testid="write-note"]')
        .evaluateAll((ns) => ns.map((n) => `${n.getAttribute('data-kind')}: ${n.textContent}`));
      throw new Error(`no ok note matching ${text}; the page shows ${JSON.stringify(shown)}`, {
        cause: error,
      });
    }
  };

  before(async () => {
    assert.ok(existsSync(DIST), `the web app is not built (${DIST}): run npm run build`);
    dir = await mkdtemp(join(tmpdir(), 'assay-review-'));
    project = join(dir, 'demo');
    const demo = await runDemo(project, ['--images', '20'], dir);
    assert.ok(demo.code === 0 || demo.code === 1, `assay demo failed:\n${demo.stderr}`);
    server = await startServe(project);
    ({ context, page } = await launchBrowser(dir));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}/?v=review`);
    await page.locator('[data-testid="review-author"]').fill('tess');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('confirms an issue with one key; the edit is in `assay history` with the reviewer', async () => {
    await pickType(page, 'duplicate_label');
    const issue = Number(await page.locator('[data-testid="review-panel"]').getAttribute('data-issue'));
    const item = (await queue(['duplicate_label'])).items[0]!;
    assert.equal(item.issue_id, issue);
    await page.keyboard.press('c');
    await noteOk(page, new RegExp(`Confirmed issue ${issue}`));
    const h = await history(item.path);
    const edit = h.edits.find((e) => e.kind === 'issue_status');
    assert.equal(edit?.author, 'tess');
    assert.deepEqual(edit?.after, { status: 'confirmed' });
    assert.deepEqual(problems, []);
  });

  it('re-classes the swapped annotation with a number key, then undoes it with u', async () => {
    await pickType(page, 'wrong_class');
    const item = (await queue(['wrong_class'])).items[0]!;
    const to = String(item.details!.pred_class);
    const classes = ((await (await fetch(`${server!.url}/api/project`)).json()) as ProjectResponse).classes;
    const key = String(classes.findIndex((c) => c.name === to) + 1);
    assert.ok(Number(key) >= 1 && Number(key) <= 9);
    await page.keyboard.press(key);
    await noteOk(page, new RegExp(`is now ${to}`));
    const h = await history(item.path);
    const last = h.annotations.find((a) => a.id === item.annotation_id)!.versions.at(-1)!.annotation;
    assert.equal(last.label, to);
    assert.ok(h.edits.some((e) => e.kind === 'update' && e.author === 'tess' && e.after?.label === to));
    await page.keyboard.press('u');
    await noteOk(page, /^Undid/);
    const undone = await current(item.sample_id, item.annotation_id!);
    assert.equal(undone.label, item.class, 'undo brought the original class back');
    // Then fix it for good: accept the model's class and box.
    await page.keyboard.press('a');
    await noteOk(page, new RegExp(`Accepted the prediction for issue ${item.issue_id}`));
    assert.equal((await current(item.sample_id, item.annotation_id!)).label, to);
    fixed = { path: item.path, annotation: item.annotation_id!, issue: item.issue_id, label: to };
  });

  it('drags the right edge of a box and saves it with s', async () => {
    await pickType(page, 'out_of_bounds');
    const item = (await queue(['out_of_bounds'])).items[0]!;
    const was = await current(item.sample_id, item.annotation_id!);
    const before = was.bbox;
    // The demo's labels are polygons: `b` switches from their vertices to the box handles (rescale).
    await page.locator('[data-testid="polygon-keys"]').waitFor();
    await page.keyboard.press('b');
    await page.locator('[data-testid="polygon-keys"][data-mode="box"]').waitFor();
    const handle = page.locator('.box-handle.e');
    const img = (await page.locator('[data-testid="review-view"] img.full').boundingBox())!;
    const scale = img.width / was.width;
    const at = (await handle.boundingBox())!;
    await page.mouse.move(at.x + 5, at.y + 5);
    await page.mouse.down();
    await page.mouse.move(at.x + 5 - 40, at.y + 5, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.press('s');
    await noteOk(page, /Adjusted the box/);
    const after = (await history(item.path)).annotations
      .find((a) => a.id === item.annotation_id)!
      .versions.at(-1)!.annotation.bbox!;
    assert.ok(Math.abs(after[0]! - before[0]!) < 0.02, 'the left edge stays');
    assert.ok(
      Math.abs(before[2]! - after[2]! - 40 / scale) < 1.5 / scale,
      `width ${before[2]} → ${after[2]}`,
    );
  });

  it('drags a polygon vertex, adds one on an edge, deletes one; saved with s, in `assay history`, undone with u', async () => {
    // The largest spurious_label polygon, so its handles are far apart on screen.
    const open = (await queue(['spurious_label'], ['open'])).items;
    const polygons = await Promise.all(
      open.map(async (i) => {
        const d = (await (await fetch(`${server!.url}/api/samples/${i.sample_id}`)).json()) as {
          width: number;
          annotations: { id: number; kind: string; bbox: number[]; polygon?: [number, number][][] }[];
        };
        return { item: i, width: d.width, a: d.annotations.find((x) => x.id === i.annotation_id)! };
      }),
    );
    const target = polygons
      .map((p, k) => ({ ...p, k }))
      .filter((p) => p.a.kind === 'polygon' && p.a.polygon?.[0] && p.a.polygon[0].length >= 5)
      .sort((x, y) => y.a.bbox[2]! * y.a.bbox[3]! - x.a.bbox[2]! * x.a.bbox[3]!)[0];
    assert.ok(target, 'the demo has a spurious_label polygon');
    await pickType(page, 'spurious_label');
    for (let k = 0; k < target.k; k++) await page.keyboard.press('ArrowRight');
    await page
      .locator(`[data-testid="review-panel"][data-issue="${target.item.issue_id}"]`)
      .waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="polygon-keys"][data-mode="vertices"]').waitFor();
    const ring = target.a.polygon![0]!;
    const img = (await page.locator('[data-testid="review-view"] img.full').boundingBox())!;
    const scale = img.width / target.width;
    const centre = async (selector: string) => {
      const b = (await page.locator(selector).boundingBox())!;
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    const drag = async (selector: string, dx: number, dy: number) => {
      const at = await centre(selector);
      await page.mouse.move(at.x, at.y);
      await page.mouse.down();
      await page.mouse.move(at.x + dx, at.y + dy, { steps: 4 });
      await page.mouse.up();
    };
    // Vertex 0 moves by (12, 9) screen px; a vertex is added on edge 2 (between vertices 2 and 3) and
    // dragged by (-10, 6); then original vertex 4 (now at 5) is deleted by a right click.
    await drag('.vertex-handle[data-ring="0"][data-vertex="0"]', 12, 9);
    await drag('.edge-handle[data-ring="0"][data-edge="2"]', -10, 6);
    await page.locator('.vertex-handle[data-ring="0"][data-vertex="5"]').click({ button: 'right' });
    // One added, one deleted: as many vertices as before.
    await page.waitForFunction(
      (n) => document.querySelectorAll('.vertex-handle[data-ring="0"]').length === n,
      ring.length,
    );
    await page.keyboard.press('s');
    await noteOk(page, /Adjusted the polygon/);
    const mid: [number, number] = [(ring[2]![0] + ring[3]![0]) / 2, (ring[2]![1] + ring[3]![1]) / 2];
    const expected: [number, number][] = [
      [ring[0]![0] + 12 / scale, ring[0]![1] + 9 / scale],
      ring[1]!,
      ring[2]!,
      [mid[0] - 10 / scale, mid[1] + 6 / scale],
      ring[3]!,
      ...ring.slice(5),
    ];
    const h = await history(target.item.path);
    const versions = h.annotations.find((a) => a.id === target.item.annotation_id)!.versions;
    const points = (versions.at(-1)!.annotation as { points?: number[][] }).points![0]!;
    const got = Array.from({ length: points.length / 2 }, (_, i) => [points[2 * i]!, points[2 * i + 1]!]);
    assert.equal(got.length, expected.length, JSON.stringify(got));
    got.forEach(([x, y], i) => {
      assert.ok(
        Math.abs(x! - expected[i]![0]) < 1.5 / scale + 0.01 &&
          Math.abs(y! - expected[i]![1]) < 1.5 / scale + 0.01,
        `vertex ${i}: ${[x, y]} vs ${expected[i]}`,
      );
    });
    assert.ok(
      h.edits.some(
        (e) => e.kind === 'update' && e.author === 'tess' && e.annotationId === target.item.annotation_id,
      ),
    );
    await page.keyboard.press('u');
    await noteOk(page, /^Undid/);
    const back = (await (await fetch(`${server!.url}/api/samples/${target.item.sample_id}`)).json()) as {
      annotations: { id: number; polygon?: [number, number][][] }[];
    };
    assert.deepEqual(
      back.annotations.find((a) => a.id === target.item.annotation_id)!.polygon,
      target.a.polygon,
    );
    assert.deepEqual(problems, []);
  });

  it('a page that missed the latest change gets a conflict, shown, and nothing is written', async () => {
    const stale = await context!.newPage();
    await stale.route('**/api/events**', (route) => route.abort());
    await stale.goto(`${server!.url}/?v=review`);
    await pickType(stale, 'spurious_label');
    const issue = Number(await stale.locator('[data-testid="review-panel"]').getAttribute('data-issue'));
    const other =
      (await queue(['spurious_label'])).items.find((i) => i.issue_id !== issue) ??
      (await queue(['wrong_class'])).items[0]!;
    const resolved = await runCli(
      ['resolve', String(other.issue_id), 'ignored', '--author', 'ulla'],
      project,
    );
    assert.equal(resolved.code, 0, resolved.stderr);
    const editsBefore = (await queue([])).revision;
    await stale.keyboard.press('i');
    await stale.locator('[data-testid="write-note"][data-kind="conflict"]').waitFor({ timeout: 20_000 });
    assert.equal((await queue([])).revision, editsBefore, 'nothing was applied');
    await stale.locator('[data-testid="write-note"] button', { hasText: 'reload' }).click();
    // The reload refetches the queue at the project's revision; the next key acts on it.
    await stale.locator('[data-testid="review-revision"]', { hasText: `revision ${editsBefore}` }).waitFor();
    await stale.locator('[data-testid="review-panel"]').waitFor();
    await stale.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await stale.keyboard.press('i');
    await noteOk(stale, /Ignored issue/);
    await stale.close();
  });

  it('the fix survives a server restart and a re-run of `assay check`', async () => {
    assert.ok(fixed, 'the re-class test fixed an issue');
    assert.equal(await server!.stop(), 130);
    const checked = await runCli(['check'], project);
    assert.ok(checked.code === 0 || checked.code === 1, checked.stderr);
    server = await startServe(project);
    const h = await history(fixed.path);
    const a = h.annotations.find((x) => x.id === fixed!.annotation)!;
    assert.equal(a.versions.at(-1)!.annotation.label, fixed.label);
    const done = await queue(['wrong_class'], ['fixed']);
    assert.ok(
      done.items.some((i) => i.issue_id === fixed!.issue),
      'the issue stays fixed',
    );
    // A new port is a new origin: the reviewer's name (localStorage) is asked again.
    await page.goto(`${server.url}/?v=review`);
    await page.locator('[data-testid="review-author"]').fill('tess');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });

  it('judges a sampled inspection with keys; `assay inspect report` counts the verdicts', async () => {
    const started = await runCli(['inspect', 'start', '--size', '3', '--seed', '2'], project);
    assert.equal(started.code, 0, started.stderr);
    await page.locator('button[data-mode="inspection"]').click();
    await page.locator('[data-testid="inspection-panel"][data-item="1"]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('y');
    await page.locator('[data-testid="inspection-panel"][data-item="2"]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('2');
    await page.locator('[data-testid="inspection-panel"][data-item="3"]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('y');
    await page.locator('[data-testid="inspection-done"]').waitFor({ timeout: 20_000 });
    const report = json<{
      judged: number;
      errors: Record<string, number>;
      estimate: { overall: { correct: number } };
    }>(await runCli(['inspect', 'report', '--json'], project));
    assert.equal(report.judged, 3);
    assert.equal(report.estimate.overall.correct, 2);
    assert.deepEqual(report.errors, { bad_box: 1 });
    await page.locator('[data-testid="inspection-summary"]', { hasText: '3 of 3 judged' }).waitFor();
    assert.deepEqual(problems, []);
  });
});
