import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { fixture as fixturePath } from '../../test-kit/fixtures.js';
import type { FormatIO } from '../format-io.js';
import { toPosix } from '../paths.js';
import { detectCoco } from './detect.js';

const fixture = (path: string): string => toPosix(fixturePath(path));
const nodeIO = createNodeFormatIO();
/** Big-file detection must not read the file as one string. */
const streamIO: FormatIO = { ...nodeIO, readText: () => Promise.reject(new Error('read as a stream')) };

describe('coco detect: files above the parse limit are scanned as a stream', () => {
  let dir = '';
  after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('gives the confidence of a whole-file parse on the fixtures', async () => {
    for (const path of [
      'coco-val2014-100/instances_val2014_100.json',
      'coco-val2014-100/instances_val2014_fakebbox100_results.json',
      'synthetic-det500/det500/gt.json',
      'coco-keypoints-139099/gt.json',
    ]) {
      const whole = await detectCoco(fixture(path), nodeIO);
      const streamed = await detectCoco(fixture(path), streamIO, { parseLimit: 0 });
      assert.equal(streamed?.confidence, whole?.confidence, path);
      assert.equal(streamed?.confidence, 0.95, path);
    }
  });

  it('a truncated file is still recognised, with lower confidence', async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-coco-detect-'));
    const path = toPosix(join(dir, 'cut.json'));
    // det500/gt.json starts with info, licenses, then images: 5000 bytes end inside "images".
    await writeFile(path, readFileSync(fixture('synthetic-det500/det500/gt.json')).subarray(0, 5000));
    const detection = await detectCoco(path, streamIO, { parseLimit: 0 });
    assert.equal(detection?.confidence, 0.5);
    assert.match(detection?.reason ?? '', /"images" list .*but it is not valid JSON/);
  });
});
