import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { sharedFixture } from '../../../test-kit/fixtures.js';
import { pooledScenes } from '../../pooled-scenes.js';
import { accumulate, rankByCategory } from '../accumulate.js';
import { allocCocoObjects } from '../coco-objects.js';
import { evaluateImages } from '../evaluate-images.js';
import { countingSort, groupObjects } from '../group-objects.js';
import { loadCocoDetections } from '../load-detections.js';
import { loadCocoGroundTruth } from '../load-ground-truth.js';
import { defaultCocoParams } from '../params.js';
import { statSpecs, summarizeStat } from '../summarize.js';
import type { CocoAccumulated, CocoAreaMatches, CocoEvalParams, CocoIouType } from '../types.js';
import { useWasmKernels } from './instantiate.js';
import { groupObjectsWasm } from './wasm-group-objects.js';

/**
 * The WebAssembly kernels (match-groups.wat: box IoUs, every group's greedy matching of an area range
 * and the ignoring of out-of-range detections; curves.wat: accumulate's outcome codes, curves and recalls)
 * against the JS kernels they replace (match-groups.ts, accumulate.ts, curve.ts), on the shared
 * fixtures: every match array equal, and precision, recall and scores equal bit for bit (Object.is on
 * every element, so -0 and NaN count too). Both ways of getting a range's matches are covered: kept
 * ranges 1–3 copying range 0's groups (the default) and each range matched alone (keepAreas 0).
 */

const KEYS = ['gtSorted', 'gtIgnore', 'dtMatches', 'dtIgnore', 'gtMatches'] as const;

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: ${a[i]} (wasm) against ${b[i]} (js)`);
  }
}

type Matches = CocoAreaMatches & { kind: unknown };

interface Run {
  ious: Float64Array;
  matches: Matches[];
  acc: CocoAccumulated;
  recallOnly: CocoAccumulated;
  /** Every summary stat, over all categories then per category (curves.wat statMean or the JS loops). */
  stats: number[];
}

function stats(acc: CocoAccumulated): number[] {
  const out: number[] = [];
  for (const spec of statSpecs(acc.params.iouType, acc.params.maxDets)) {
    out.push(summarizeStat(acc, spec));
    for (let k = 0; k < acc.counts[2]; k++) out.push(summarizeStat(acc, spec, k, k + 1));
  }
  return out;
}

function run(
  gtPath: string,
  dtPath: string,
  iouType: CocoIouType,
  params: CocoEvalParams,
  keep?: number,
): Run {
  const dataset = loadCocoGroundTruth(JSON.parse(readFileSync(gtPath, 'utf8')), { iouType });
  const dt = loadCocoDetections(JSON.parse(readFileSync(dtPath, 'utf8')), dataset, { iouType }).dt;
  const ev = evaluateImages(dataset, dt, params, keep === undefined ? {} : { keepAreas: keep });
  // Each range copied out as it is made: a range not kept is valid until the next one is made.
  const matches = params.areaRanges.map((_, a) => {
    const m = ev.matchArea(a);
    const copy = Object.fromEntries(KEYS.map((key) => [key, m[key].slice()]));
    return { kind: m.constructor, ...copy } as Matches;
  });
  const acc = accumulate(ev, dt, dataset.gt.ids);
  const recallOnly = accumulate(ev, dt, dataset.gt.ids, undefined, { lastMaxDetsCurves: true });
  return { ious: ev.ious, matches, acc, recallOnly, stats: [...stats(acc), ...stats(recallOnly)] };
}

function compare(gt: string, dt: string, iouType: CocoIouType, params: CocoEvalParams, keep?: number): void {
  useWasmKernels(true);
  const wasm = run(gt, dt, iouType, params, keep);
  useWasmKernels(false);
  const js = run(gt, dt, iouType, params, keep);
  useWasmKernels(true);
  sameArray(wasm.ious, js.ious, 'ious');
  assert.equal(wasm.matches.length, js.matches.length);
  wasm.matches.forEach((m, a) => {
    assert.notEqual(m.kind, js.matches[a]!.kind, 'both kernels ran');
    for (const key of KEYS) sameArray(m[key], js.matches[a]![key], `area ${a} ${key}`);
  });
  for (const which of ['acc', 'recallOnly'] as const) {
    assert.notEqual(
      wasm[which].precision.buffer.byteLength,
      js[which].precision.byteLength,
      'both kernels ran',
    );
    for (const key of ['precision', 'recall', 'scores'] as const)
      sameArray(wasm[which][key], js[which][key], `${which} ${key}`);
  }
  sameArray(wasm.stats, js.stats, 'summary stats');
  assert.ok(
    wasm.stats.some((v) => v > 0),
    'stats with cells',
  );
}

describe('WebAssembly kernels equal the JS kernels', () => {
  after(() => useWasmKernels(true));

  it('synthetic-det500 bbox, kept ranges and ranges alone', () => {
    const dir = sharedFixture('synthetic-det500/det500/');
    const params = defaultCocoParams('bbox', true);
    compare(`${dir}gt.json`, `${dir}dt_bbox.json`, 'bbox', params);
    compare(`${dir}gt.json`, `${dir}dt_bbox.json`, 'bbox', params, 0);
  });

  it('synthetic-det500 segm, and other IoU thresholds', () => {
    const dir = sharedFixture('synthetic-det500/det500_segm/');
    compare(`${dir}gt.json`, `${dir}dt_segm.json`, 'segm', defaultCocoParams('segm', true));
    const params = { ...defaultCocoParams('bbox', true), iouThrs: Float64Array.of(0.3, 0.55, 0.75) };
    compare(`${dir}gt.json`, `${dir}dt_bbox.json`, 'bbox', params);
  });

  it('coco-val2014-100 bbox (crowd regions), with and without categories', () => {
    const dir = sharedFixture('coco-val2014-100/');
    const gt = `${dir}instances_val2014_100.json`;
    const dt = `${dir}instances_val2014_fakebbox100_results.json`;
    compare(gt, dt, 'bbox', defaultCocoParams('bbox', true));
    compare(gt, dt, 'bbox', defaultCocoParams('bbox', false));
  });

  it("the pooled scenes' box IoUs (TIDE, confusion)", () => {
    const dir = sharedFixture('coco-val2014-100/');
    const dataset = loadCocoGroundTruth(JSON.parse(readFileSync(`${dir}instances_val2014_100.json`, 'utf8')));
    const dtJson = JSON.parse(readFileSync(`${dir}instances_val2014_fakebbox100_results.json`, 'utf8'));
    const dt = loadCocoDetections(dtJson, dataset).dt;
    const params = defaultCocoParams('bbox', true);
    useWasmKernels(true);
    const wasm = pooledScenes(dataset, dt, params)!;
    useWasmKernels(false);
    const js = pooledScenes(dataset, dt, params)!;
    useWasmKernels(true);
    assert.ok(wasm.ious.buffer.byteLength > wasm.ious.byteLength, 'the kernel ran (a view of its memory)');
    sameArray(wasm.ious, js.ious, 'pooled ious');
  });

  it('countingSort (counting-sort.wat): stable, as the JS loops', () => {
    let seed = 9;
    const rand = (m: number) => {
      seed = (seed * 16807) % 2147483647;
      return seed % m;
    };
    for (const [objects, n, buckets] of [
      [1, 1, 1],
      [50, 30, 7],
      [5000, 4000, 300],
    ] as const) {
      const key = Int32Array.from({ length: objects }, () => rand(buckets));
      const items = Int32Array.from({ length: n }, () => rand(objects));
      const wasm = countingSort(items, buckets, key);
      useWasmKernels(false);
      const js = countingSort(items, buckets, key);
      useWasmKernels(true);
      assert.deepStrictEqual(wasm, js);
      for (let i = 1; i < n; i++) assert.ok(key[wasm[i - 1]!]! <= key[wasm[i]!]!);
    }
  });

  it('groupObjects (group-objects.wat): the same groups and orders as the JS loops', () => {
    let seed = 5;
    const rand = (m: number) => {
      seed = (seed * 16807) % 2147483647;
      return seed % m;
    };
    const objects = (n: number, images: number, categories: number) => {
      const o = allocCocoObjects(n);
      for (let i = 0; i < n; i++) {
        // Some objects of an unknown image or category (-1): left out.
        o.imageIndex[i] = rand(images + 1) - 1;
        o.categoryIndex[i] = rand(categories + 1) - 1;
        o.scores[i] = rand(20) / 20;
      }
      return o;
    };
    for (const [nGt, nDt, images, categories] of [
      [0, 0, 1, 1],
      [0, 5, 3, 2],
      [40, 0, 3, 2],
      [300, 500, 40, 7],
      [3000, 5000, 200, 80],
    ] as const) {
      const gt = objects(nGt, images, categories);
      const dt = objects(nDt, images, categories);
      for (const useCats of [true, false]) {
        for (const byScore of [false, true]) {
          useWasmKernels(false);
          const js = groupObjects(gt, dt, images, categories, useCats, byScore);
          useWasmKernels(true);
          const wasm = groupObjectsWasm(gt, dt, images, categories, useCats, js.scoreOrder);
          assert.deepStrictEqual(wasm, js, `${nGt} ${nDt} ${useCats} ${byScore}`);
        }
      }
    }
  });

  it("accumulate's ranking per category (rank-categories.wat): as the JS loops, short and long ties", () => {
    const dir = sharedFixture('synthetic-det500/det500/');
    const dataset = loadCocoGroundTruth(JSON.parse(readFileSync(`${dir}gt.json`, 'utf8')));
    // Detections in reverse file order: ties of a ranking in object order are out of position order.
    const results = (JSON.parse(readFileSync(`${dir}dt_bbox.json`, 'utf8')) as unknown[]).reverse();
    const dt = loadCocoDetections(results, dataset).dt;
    // The scores as they are (runs of up to ~30 equal scores), then rounded to 1 and 2 decimals (runs
    // of hundreds, sorted by the caller).
    for (const digits of [0, 2, 1]) {
      if (digits > 0) for (let i = 0; i < dt.count; i++) dt.scores[i] = Number(dt.scores[i]!.toFixed(digits));
      const ev = evaluateImages(dataset, dt, defaultCocoParams('bbox', true));
      assert.ok(ev.scoreOrder, 'one ranking of every detection');
      useWasmKernels(true);
      const wasm = rankByCategory(ev, dt, true);
      useWasmKernels(false);
      const js = rankByCategory(ev, dt, true);
      useWasmKernels(true);
      assert.deepStrictEqual(wasm, js, `${digits} digits`);
    }
  });

  it('coco-keypoints-139099 keypoints', () => {
    const dir = sharedFixture('coco-keypoints-139099/');
    compare(`${dir}gt.json`, `${dir}dt.json`, 'keypoints', defaultCocoParams('keypoints', true));
  });
});
