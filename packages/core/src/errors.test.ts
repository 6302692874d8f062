import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssayError, exitCodeFor, toAssayError } from './errors.js';

describe('AssayError', () => {
  it('is recognised across two instances of its module (the built CLI loads it by two URLs)', async () => {
    // A query string makes the loader evaluate the file a second time: a second AssayError class.
    // (errors.ts from source, errors.js compiled: the extension of this file's own URL)
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const url = new URL(`./errors.${ext}?second-instance`, import.meta.url).href;
    const other = (await import(url)) as typeof import('./errors.js');
    assert.notEqual(other.AssayError, AssayError, 'two classes');
    const thrown = new other.AssayError('CONFLICT', 'Cannot write the report to /tmp/p: it is a named pipe.');
    assert.ok(thrown instanceof AssayError);
    const e = toAssayError(thrown);
    assert.equal(e.code, 'CONFLICT');
    assert.equal(exitCodeFor(e), 2);
  });

  it('anything else is not an AssayError and becomes INTERNAL (exit 3)', () => {
    assert.ok(!(new Error('x') instanceof AssayError));
    assert.ok(!({ code: 'CONFLICT' } instanceof AssayError));
    assert.equal(exitCodeFor(toAssayError(new TypeError('boom'))), 3);
  });
});
