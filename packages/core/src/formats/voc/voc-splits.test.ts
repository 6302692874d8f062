import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { toPosix } from '../paths.js';
import { vocSplits } from './voc-layout.js';

describe('VOC split lists (ImageSets/Main/<split>.txt)', () => {
  it('one id a line, ids with spaces kept whole; # comment lines (datumaro writes them) and per-class lists are not ids', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-splits-')));
    try {
      await mkdir(`${dir}/Main`);
      await writeFile(`${dir}/Main/train.txt`, '# a comment\n2007_000001\nmy photo 2\n\n');
      await writeFile(`${dir}/Main/val.txt`, '2007_000002\r\n  # indented comment\r\n');
      await writeFile(`${dir}/Main/cat_train.txt`, '2007_000003 1\n');
      const splits = await vocSplits(createNodeFormatIO(), `${dir}/Main`);
      assert.deepEqual(
        [...splits],
        [
          ['2007_000001', 'train'],
          ['my photo 2', 'train'],
          ['2007_000002', 'val'],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
