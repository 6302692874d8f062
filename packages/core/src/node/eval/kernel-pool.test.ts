/**
 * The WebAssembly kernels' pool of memories (eval/coco/wasm/instantiate.ts): a memory given back serves
 * the next kernel (zeroed, grown when too small), the matcher's ranges that are not kept share one
 * region, and a whole `eval coco` evaluation whose kernels run one after another on memories other
 * kernels wrote (the files' reader, the ranking and grouping, the matcher given back after the outcomes,
 * the curves after the PR curves, TIDE's memory given back to the confusion matrix) equals the JS
 * kernels' evaluation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { accumulate } from '../../eval/coco/accumulate.js';
import { evaluateImages } from '../../eval/coco/evaluate-images.js';
import { countingSort } from '../../eval/coco/group-objects.js';
import { loadCocoDetections } from '../../eval/coco/load-detections.js';
import { loadCocoGroundTruth } from '../../eval/coco/load-ground-truth.js';
import { defaultCocoParams } from '../../eval/coco/params.js';
import { WASM } from '../../eval/coco/wasm/counting-sort.wasm.js';
import {
  dropIdleKernelMemories,
  idleKernelMemories,
  instantiate,
  useWasmKernels,
} from '../../eval/coco/wasm/instantiate.js';
import { countingSortWasm } from '../../eval/coco/wasm/wasm-counting-sort.js';
import { detectionAnalysesJson } from '../../eval/detection-analyses.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { evaluateCocoFiles } from './evaluate-coco-files.js';

const PAGE = 65536;

/** Memories of the pool full of 0xff bytes (NaN as doubles, -1 as integers), given back. */
function dirtyPool(sizes: number[]): void {
  const held = sizes.map((bytes) => instantiate(WASM, bytes));
  for (const k of held) new Uint8Array(k.buffer).fill(0xff);
  for (const k of held) k.release();
}

describe('the kernels’ pool of memories', () => {
  after(() => useWasmKernels(true));

  it('gives a released memory to the next kernel, zeroed, grown when too small', () => {
    const first = instantiate(WASM, 3 * PAGE);
    new Uint8Array(first.buffer).fill(0xab);
    first.release();
    const idle = idleKernelMemories().length;
    first.release(); // a second release gives nothing back twice
    assert.equal(idleKernelMemories().length, idle);
    const again = instantiate(WASM, 3 * PAGE);
    assert.ok(
      new Uint8Array(again.buffer, 0, 3 * PAGE).every((b) => b === 0),
      'what the last kernel wrote reads as zeros',
    );
    new Uint8Array(again.buffer).fill(0xcd);
    const before = again.buffer;
    again.release();
    // A larger request takes the idle memory and grows it: the old buffer is detached.
    const grown = instantiate(WASM, 40 * PAGE);
    assert.ok(grown.buffer.byteLength >= 40 * PAGE);
    if (grown.buffer !== before)
      assert.equal(before.byteLength, 0, 'the grown memory’s old buffer is detached');
    assert.ok(new Uint8Array(grown.buffer, 0, 40 * PAGE).every((b) => b === 0));
    grown.release();
    // A kernel on a dirty memory of the pool (not zeroed: it writes what it reads), small then grown.
    for (const n of [10, 100_000]) {
      dirtyPool([PAGE]);
      const key = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 97);
      const items = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
      const wasm = countingSortWasm(items, 97, key);
      assert.ok(wasm, 'the kernel ran');
      useWasmKernels(false);
      assert.deepStrictEqual(wasm, countingSort(items, 97, key));
      useWasmKernels(true);
    }
  });

  it('the matcher’s ranges not kept share one region: each range’s matches as the JS, the kept range intact', () => {
    const dir = sharedFixture('synthetic-det500/det500/');
    const dataset = loadCocoGroundTruth(JSON.parse(readFileSync(`${dir}gt.json`, 'utf8')));
    const dt = loadCocoDetections(JSON.parse(readFileSync(`${dir}dt_bbox.json`, 'utf8')), dataset).dt;
    const params = defaultCocoParams('bbox', true);
    const keys = ['gtSorted', 'gtIgnore', 'dtMatches', 'dtIgnore', 'gtMatches'] as const;
    const ranges = (kernels: boolean) => {
      useWasmKernels(kernels);
      dirtyPool([4 * PAGE, 64 * PAGE]);
      const ev = evaluateImages(dataset, dt, params, { keepAreas: 1 });
      // Each range copied out as it is made (a range not kept is valid until the next one is made).
      const copies = params.areaRanges.map((_, a) => {
        const m = ev.matchArea(a);
        return keys.map((key) => Array.from(m[key]));
      });
      const kept = keys.map((key) => Array.from(ev.perArea[0]![key]));
      const acc = accumulate(ev, dt, dataset.gt.ids);
      useWasmKernels(true);
      return { copies, kept, acc };
    };
    const wasm = ranges(true);
    const js = ranges(false);
    assert.deepStrictEqual(wasm.copies, js.copies);
    assert.deepStrictEqual(wasm.kept, js.copies[0], 'range 0 (kept) not written over by the others');
    for (const key of ['precision', 'recall', 'scores'] as const)
      assert.deepStrictEqual(Array.from(wasm.acc[key]), Array.from(js.acc[key]), key);
  });

  it('eval coco files: kernels one after another on reused memories give the JS kernels’ results', async () => {
    const cases = [
      ['synthetic-det500/det500/gt.json', 'synthetic-det500/det500/dt_bbox.json'],
      [
        'coco-val2014-100/instances_val2014_100.json',
        'coco-val2014-100/instances_val2014_fakebbox100_results.json',
      ],
    ];
    for (const [gt, dt] of cases) {
      const files = { gt: sharedFixture(gt!), dt: sharedFixture(dt!), analyses: {}, releaseCurves: true };
      const result = async (kernels: boolean, pool: 'empty' | 'dirty' | 'as left') => {
        useWasmKernels(kernels);
        if (pool === 'empty') dropIdleKernelMemories();
        if (pool === 'dirty') dirtyPool([PAGE, 16 * PAGE, 200 * PAGE]);
        const e = await evaluateCocoFiles(files);
        useWasmKernels(true);
        assert.equal(e.accumulated.precision.length, 0, 'the curves given back once read');
        return {
          stats: e.summary.stats,
          perClass: e.perClass,
          analyses: detectionAnalysesJson(e.analyses!, e.categoryNames),
        };
      };
      const js = await result(false, 'as left');
      // From an empty pool (each kernel then reuses what the ones before it gave back), on the memories
      // an evaluation gave back, and on dirty ones.
      assert.deepStrictEqual(await result(true, 'empty'), js, gt);
      assert.deepStrictEqual(await result(true, 'as left'), js, gt);
      assert.deepStrictEqual(await result(true, 'dirty'), js, gt);
      assert.ok(idleKernelMemories().length > 0, 'the evaluation gave memories back');
    }
  });
});
