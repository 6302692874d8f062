import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { type ScanResult, type ScanSummary, type ScanTarget, scanFiles } from './scan-files.js';
import { makeScanImages, type ScanImages } from './test-kit/make-scan-images.js';

describe('scanFiles', () => {
  let dir = '';
  let images: ScanImages;
  let targets: ScanTarget[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-scan-'));
    images = await makeScanImages(join(dir, 'images'));
    targets = Object.values(images).map((path, id) => ({ id, path }));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports one result per target and a summary by status, never throwing for bad files', async () => {
    const { results, summary } = await collect(targets, { maxPixels: 100_000 });
    assert.deepEqual(
      results.map((r) => r.id),
      targets.map((t) => t.id),
    );
    const status = (path: string) => results.find((r) => r.id === idOf(targets, path))?.probe.status;
    assert.equal(status(images.photoJpeg), 'ok');
    assert.equal(status(images.truncatedPng), 'corrupt');
    assert.equal(status(images.missing), 'missing');
    assert.equal(status(images.folder), 'unreadable');
    assert.equal(status(images.largeJpeg), 'too_large');
    // ok: photo, noisy, deep, damaged (with a warning), rotated; corrupt: two truncated, garbage, empty.
    assert.deepEqual(summary.byStatus, {
      pending: 0,
      ok: 5,
      missing: 1,
      corrupt: 4,
      unreadable: 1,
      too_large: 1,
      unsupported: 0,
    });
    assert.deepEqual([summary.total, summary.done, summary.skipped, summary.failed], [12, 12, 0, 7]);
    assert.equal(summary.interrupted, false);
  });

  it('skips files unchanged since an ok probe, re-probes touched, modified and failed ones', async () => {
    const copy = join(dir, 'incremental');
    const mine = await makeScanImages(copy);
    const first = await collect(
      Object.values(mine).map((path, id) => ({ id, path })),
      {},
    );
    const previous = new Map(first.results.map((r) => [r.id, r.probe]));
    const again = (): ScanTarget[] =>
      Object.values(mine).map((path, id) => ({ id, path, previous: previous.get(id)! }));

    const second = await collect(again(), {});
    const unchangedIds = second.results.filter((r) => r.unchanged).map((r) => r.id);
    const okIds = first.results.filter((r) => r.probe.status === 'ok').map((r) => r.id);
    assert.deepEqual(unchangedIds.sort(), okIds.sort(), 'exactly the ok files are skipped');
    assert.equal(second.summary.skipped, okIds.length);
    const photo = idOf(again(), mine.photoJpeg);
    assert.deepEqual(
      second.results.find((r) => r.id === photo)?.probe,
      previous.get(photo),
      'the previous probe is reported',
    );

    const later = new Date(Date.now() + 60_000);
    await utimes(mine.photoJpeg, later, later);
    await copyFile(mine.largeJpeg, mine.noisyPng);
    const third = await collect(again(), {});
    const byId = new Map(third.results.map((r) => [r.id, r]));
    assert.equal(byId.get(photo)?.unchanged, false, 'touched file re-probed');
    assert.equal(byId.get(photo)?.probe.sha256, previous.get(photo)?.sha256, 'same bytes, same hash');
    const noisy = byId.get(idOf(again(), mine.noisyPng));
    assert.deepEqual([noisy?.unchanged, noisy?.probe.format, noisy?.probe.width], [false, 'jpeg', 400]);
    assert.equal(third.summary.skipped, okIds.length - 2);

    const forced = await collect(again(), { force: true });
    assert.equal(forced.summary.skipped, 0);
  });

  it('stops dispatching on abort, reports files in flight, and says it was interrupted', async () => {
    const controller = new AbortController();
    const seen: ScanResult[] = [];
    const summary = await scanFiles(targets, { concurrency: 2, signal: controller.signal }, (result) => {
      seen.push(result);
      if (seen.length === 3) controller.abort();
    });
    assert.equal(summary.interrupted, true);
    assert.ok(
      summary.done >= 3 && summary.done <= 4,
      `3 reported plus at most one in flight, got ${summary.done}`,
    );
    assert.equal(seen.length, summary.done);
    assert.ok(seen.every((r) => r.probe.status !== 'pending'));

    const before = new AbortController();
    before.abort();
    const none = await scanFiles(targets, { signal: before.signal }, () => assert.fail('nothing scanned'));
    assert.deepEqual([none.done, none.interrupted], [0, true]);
  });

  it('calls onResult one at a time, then onProgress with running counts', async () => {
    let active = 0;
    let most = 0;
    const progress: number[] = [];
    const summary = await scanFiles(
      targets,
      { concurrency: 4, maxPixels: 100_000, onProgress: (p) => progress.push(p.done) },
      async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active--;
      },
    );
    assert.equal(most, 1);
    assert.deepEqual(
      progress,
      targets.map((_, i) => i + 1),
    );
    assert.equal(summary.done, targets.length);
  });

  it('rethrows an error from onResult after files in flight settle', async () => {
    const boom = new Error('store is full');
    await assert.rejects(
      scanFiles(targets, { concurrency: 3 }, () => {
        throw boom;
      }),
      (error: unknown) => error === boom,
    );
  });

  it('refuses a bad concurrency or maxPixels with INVALID_INPUT', async () => {
    for (const options of [{ concurrency: 0 }, { concurrency: 1.5 }, { maxPixels: -1 }]) {
      await assert.rejects(
        scanFiles(targets, options, () => {}),
        (error: unknown) => error instanceof AssayError && error.code === 'INVALID_INPUT',
      );
    }
  });

  it('returns an empty summary for no targets', async () => {
    const summary = await scanFiles([], {}, () => assert.fail('no results'));
    assert.deepEqual([summary.total, summary.done, summary.interrupted], [0, 0, false]);
  });
});

async function collect(
  targets: ScanTarget[],
  options: Parameters<typeof scanFiles>[1],
): Promise<{ results: ScanResult[]; summary: ScanSummary }> {
  const results: ScanResult[] = [];
  const summary = await scanFiles(targets, options, (result) => {
    results.push(result);
  });
  results.sort((a, b) => a.id - b.id);
  return { results, summary };
}

function idOf(targets: ScanTarget[], path: string): number {
  const target = targets.find((t) => t.path === path);
  assert.ok(target, `no target for ${path}`);
  return target.id;
}
