import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dropJsonValues } from '../../eval/coco/drop-json-values.js';
import type { CocoIouType } from '../../eval/coco/types.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { evaluateCocoFiles } from './evaluate-coco-files.js';
import { JSON_STRING_LIMIT, readJsonStreamed } from './read-json-streamed.js';

/**
 * Issue 12: `assay eval coco` refused any file over 512 MiB (V8's longest string). Such files are
 * now parsed element by element (readJsonStreamed, over the import's streaming reader). One results
 * file just over the limit (a fixture's records padded with spaces: seconds to write and read); else
 * the streamed path is forced on small files (`streamAbove: 0`) and must give exactly what the
 * whole-string path gives.
 */
const dir = sharedFixture('coco-val2014-100/');
const GT = `${dir}instances_val2014_100.json`;

const evaluate = async (gt: string, dt: string, iouType: CocoIouType, streamAbove?: number) => {
  const e = await evaluateCocoFiles({
    gt,
    dt,
    iouType,
    ...(streamAbove === undefined ? {} : { streamAbove }),
  });
  return {
    stats: e.summary.stats,
    perClass: e.perClass,
    precision: Array.from(e.accumulated.precision),
    warnings: e.warnings,
  };
};

describe('issue 12: eval coco streams files too big for one string', () => {
  let tmp = '';
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-eval-streamed-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('parses as JSON.parse does (dropping unused members, duplicate keys, empty lists, a BOM)', async () => {
    const text = readFileSync(GT, 'utf8');
    assert.deepEqual(await readJsonStreamed(GT), JSON.parse(text));
    assert.deepEqual(
      await readJsonStreamed(GT, { unused: 'segmentation' }),
      JSON.parse(dropJsonValues(text, 'segmentation')),
    );
    const odd = join(tmp, 'odd.json');
    const oddText =
      '{"images":[{"id":1}],"info":{"a":[1,2]},"categories":[],"images":[{"id":2,"x":"é"}],"n":3}';
    await writeFile(odd, `\ufeff${oddText}`);
    assert.deepEqual(await readJsonStreamed(odd), JSON.parse(oddText));
    const results = `${dir}instances_val2014_fakebbox100_results.json`;
    assert.deepEqual(await readJsonStreamed(results), JSON.parse(readFileSync(results, 'utf8')));
  });

  for (const [iouType, dt] of [
    ['bbox', 'instances_val2014_fakebbox100_results.json'],
    ['segm', 'instances_val2014_fakesegm100_results.json'],
  ] as const) {
    it(`${iouType}: the streamed files give the same evaluation`, async () => {
      assert.deepEqual(await evaluate(GT, dir + dt, iouType, 0), await evaluate(GT, dir + dt, iouType));
    });
  }

  it('bbox files the byte reader leaves to the loaders (no area, extra fields) give the same evaluation and warnings', async () => {
    const json = JSON.parse(readFileSync(GT, 'utf8')) as { annotations: Record<string, unknown>[] };
    json.annotations.forEach((a, i) => {
      if (i % 7 === 0) delete a.area;
      if (i % 11 === 0) a.note = { segmentation: [1, 2] };
    });
    const gt = join(tmp, 'gt-odd.json');
    await writeFile(gt, JSON.stringify(json, null, 1));
    const dt = `${dir}instances_val2014_fakebbox100_results.json`;
    const streamed = await evaluate(gt, dt, 'bbox', 0);
    assert.ok(
      streamed.warnings.some((w) => /no "area"/.test(w)),
      streamed.warnings.join('\n'),
    );
    assert.deepEqual(streamed, await evaluate(gt, dt, 'bbox'));
  });

  it('reads a results file just over 512 MiB (its records, then 512 MiB of spaces)', async () => {
    const dt = `${dir}instances_val2014_fakesegm100_results.json`;
    const big = join(tmp, 'padded.json');
    const f = await open(big, 'w');
    try {
      await f.write(readFileSync(dt));
      const spaces = Buffer.alloc(1 << 24, 0x20);
      for (let i = 0; i < 33; i++) await f.write(spaces);
    } finally {
      await f.close();
    }
    assert.ok((await stat(big)).size > JSON_STRING_LIMIT);
    const padded = await evaluate(GT, big, 'segm');
    await rm(big);
    assert.deepEqual(padded, await evaluate(GT, dt, 'segm'));
  });

  it('a syntax error names the file and the byte offset', async () => {
    const bad = join(tmp, 'bad.json');
    await writeFile(bad, '{"images":[{"id":1},{"id":2,}],"annotations":[],"categories":[]}');
    await assert.rejects(
      evaluateCocoFiles({ gt: bad, dt: `${dir}instances_val2014_fakebbox100_results.json`, streamAbove: 0 }),
      (e: Error & { code?: string }) => e.code === 'PARSE_ERROR' && e.message.includes(bad),
    );
  });
});
