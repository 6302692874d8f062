import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { Annotation } from '../../model/annotation.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { toPosix } from '../paths.js';
import { writeYolo } from './yolo-write.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

// Issue 12: `export yolo` exited 3 on any project above ~125k annotations, because the keypoint count was
// a spread of one number per annotation into Math.max (a RangeError past the call stack's argument limit).
it('writes 300,000 annotations without overflowing the call stack', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'assay-yolo-many-'));
  dirs.push(dir);
  const perSample = 100_000;
  const samples = ['a.jpg', 'b.jpg', 'c.jpg'].map((key) => ({ key, width: 640, height: 480, split: 'val' }));
  const annotations: Annotation[] = [];
  for (const s of samples) {
    for (let i = 0; i < perSample; i++) {
      annotations.push({
        sample: s.key,
        source: 'ground_truth',
        kind: 'bbox',
        label: 'cat',
        bbox: [i % 600, 10, 20, 30],
      });
    }
  }
  const result = await writeYolo({
    dataset: { classes: [{ name: 'cat' }], samples, annotations },
    imagesRoot: toPosix(dir),
    outDir: toPosix(join(dir, 'out')),
    io: createNodeFormatIO(),
    images: 'none',
  });
  assert.equal(result.files.length, 4);
  const labels = await readFile(join(dir, 'out', 'labels', 'val', 'b.txt'), 'utf8');
  const lines = labels.trim().split('\n');
  assert.equal(lines.length, perSample);
  // box [1, 10, 20, 30] on 640x480: centre (11, 25) → 0.017188 0.052083, size 0.03125 0.0625
  assert.match(lines[1] ?? '', /^0 0\.0171\d* 0\.0520\d* 0\.03125\d* 0\.0625\d*$/);
});
