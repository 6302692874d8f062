/**
 * readFileBytes into a buffer the caller gives (a kernel's memory, for `eval coco`'s box files): the
 * file's bytes land there; a file whose size changed between the stat and the read is read as without.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readFileBytes } from './read-text-file.js';

describe('readFileBytes into a given buffer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'assay-read-into-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const text = '[{"image_id":1,"category_id":2,"bbox":[1,2,3,4],"score":0.5}]';

  it('reads the file into the buffer it is given, or as before without one', async () => {
    const path = join(dir, 'a.json');
    writeFileSync(path, text);
    let target: Buffer | undefined;
    const bytes = await readFileBytes(path, 'results file', (size) => {
      target = Buffer.alloc(size);
      return target;
    });
    assert.equal(bytes, target);
    assert.equal(bytes.toString('utf8'), text);
    const plain = await readFileBytes(path, 'results file', () => undefined);
    assert.equal(plain.toString('utf8'), text);
  });

  it('reads a file that grew or shrank after its stat as it is now', async () => {
    const grown = join(dir, 'b.json');
    writeFileSync(grown, text);
    const more = await readFileBytes(grown, 'results file', (size) => {
      appendFileSync(grown, '  ');
      return Buffer.alloc(size);
    });
    assert.equal(more.toString('utf8'), `${text}  `);
    const shrunk = join(dir, 'c.json');
    writeFileSync(shrunk, `${text}  `);
    const less = await readFileBytes(shrunk, 'results file', (size) => {
      truncateSync(shrunk, text.length);
      return Buffer.alloc(size);
    });
    assert.equal(less.toString('utf8'), text);
  });

  it('keeps its errors: a missing file', async () => {
    await assert.rejects(
      readFileBytes(join(dir, 'missing.json'), 'results file', (size) => Buffer.alloc(size)),
      /does not exist/,
    );
  });
});
