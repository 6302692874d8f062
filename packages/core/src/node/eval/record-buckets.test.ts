import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { RecordBuckets } from './record-buckets.js';

describe('RecordBuckets: a temp folder that cannot be written', () => {
  it('is an IO_ERROR naming the folder (a user error with a hint), not a raw errno error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-buckets-'));
    try {
      // A file where the bucket folder should be: opening a bucket file inside it fails with ENOTDIR.
      const notAFolder = join(dir, 'buckets');
      await writeFile(notAFolder, 'x');
      const buckets = new RecordBuckets(2, 3, notAFolder, 'gt', 2);
      const fill = () => {
        for (let i = 0; i < 3; i++) {
          const { data, at } = buckets.add(1);
          data[at] = i;
          data[at + 1] = -i;
        }
      };
      assert.throws(fill, (e: unknown) => {
        assert.ok(e instanceof AssayError, String(e));
        assert.equal(e.code, 'IO_ERROR');
        assert.ok(e.message.includes(notAFolder), e.message);
        assert.ok(e.hint);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
