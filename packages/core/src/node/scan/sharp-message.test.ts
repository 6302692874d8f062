import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readableSharpError } from './sharp-message.js';

// The raw messages below are what sharp 0.35.5 (libvips 8.18.7) threw for scikit-image's
// data/truncated.jpg, a cut interlaced PNG and a cut WebP.
describe('readableSharpError', () => {
  it('renames loaders and folds repeated lines, also one repeated inside a longer line', () => {
    const raw =
      'Input buffer has corrupt header: VipsJpeg: premature end of JPEG image\n' +
      'VipsJpeg: Bogus Huffman table definition\nVipsJpeg: premature end of JPEG image\n' +
      'VipsJpeg: Bogus Huffman table definition';
    assert.equal(
      readableSharpError(new Error(raw)),
      'corrupt header: JPEG: premature end of JPEG image; JPEG: Bogus Huffman table definition',
    );
  });

  it('drops the failOn preamble and per-tile noise', () => {
    const raw =
      'Warning treated as error due to failOn setting\nnot enough data\nerror in tile 0 x 0\nerror in tile 0 x 10';
    assert.equal(readableSharpError(new Error(raw)), 'not enough data');
  });

  it('says so when nothing useful is left', () => {
    assert.equal(readableSharpError(new Error('Unknown error')), 'the decoder failed without saying why');
  });

  it('rewrites sharp sentences into plain words', () => {
    assert.equal(
      readableSharpError(new Error('Input buffer has corrupt header: webp: unable to parse image')),
      'corrupt header: WebP: unable to parse image',
    );
    assert.equal(
      readableSharpError(new Error('Input buffer contains unsupported image format')),
      'not a supported image format',
    );
    assert.equal(readableSharpError('vipspng: libpng read error'), 'PNG: libpng read error');
  });

  it('caps very long messages', () => {
    const message = readableSharpError(
      new Error(Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')),
    );
    assert.equal(message.length, 300);
    assert.ok(message.endsWith('…'));
  });
});
