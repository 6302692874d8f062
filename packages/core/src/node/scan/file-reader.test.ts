import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileReader } from './file-reader.js';

describe('FileReader', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-reader-'));
    await writeFile(join(dir, 'a.bin'), Buffer.from([1, 2, 3, 250]));
    await writeFile(join(dir, 'b.bin'), Buffer.from([9, 8, 7]));
    await writeFile(join(dir, 'c.bin'), Buffer.alloc(70_000, 5));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the bytes and stats fs/promises gives, and the same error codes', async () => {
    const path = join(dir, 'a.bin');
    for (const reader of [new FileReader(), new FileReader(-1)]) {
      for (let i = 0; i < 10; i++) {
        assert.deepEqual(await reader.read(path), await readFile(path));
        const [a, b] = [await reader.stat(path), await stat(path)];
        assert.deepEqual([a.size, a.mtimeMs, a.isFile()], [b.size, b.mtimeMs, b.isFile()]);
      }
      await assert.rejects(reader.read(join(dir, 'missing.bin')), { code: 'ENOENT' });
      await assert.rejects(reader.stat(join(dir, 'missing.bin')), { code: 'ENOENT' });
      await assert.rejects(reader.read(dir), { code: 'EISDIR' });
    }
  });

  it('goes through the thread pool once calls are slow, not after one slow call', async () => {
    const path = join(dir, 'a.bin');
    const fast = new FileReader();
    for (let i = 0; i < 20; i++) await fast.read(path);
    assert.equal(fast.synchronous, true, 'local reads of a cached file stay on the main thread');
    const slow = new FileReader(-1); // every call counts as slow
    for (let i = 0; i < 7; i++) await slow.read(path);
    assert.equal(slow.synchronous, true, 'seven slow calls are not enough');
    await slow.stat(path);
    assert.equal(slow.synchronous, false, 'the eighth one is');
  });

  it('reuses released buffers, each read still giving its own file', async () => {
    const reader = new FileReader();
    const a = await reader.read(join(dir, 'a.bin'));
    const first = a.buffer;
    reader.release(a);
    const b = await reader.read(join(dir, 'b.bin'));
    assert.equal(b.buffer, first, 'the released buffer is read into again');
    assert.deepEqual([...b], [9, 8, 7]);
    const held = await reader.read(join(dir, 'a.bin'));
    assert.notEqual(held.buffer, b.buffer, 'bytes not released are never overwritten');
    reader.release(b);
    reader.release(b); // a second release of the same bytes is ignored
    const c = await reader.read(join(dir, 'c.bin'));
    assert.deepEqual(c, await readFile(join(dir, 'c.bin')), 'a larger file gets a larger buffer');
    assert.deepEqual([...held], [1, 2, 3, 250]);
    reader.release(Buffer.from([1])); // bytes from elsewhere are ignored
  });
});
