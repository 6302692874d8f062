/**
 * Issue 10 (photos in the wild): a 12-bit JPEG (SOF1, precision 12, as libjpeg-turbo's
 * testimages/monkey12.jpg) and an AVIF image sequence (major brand 'avis', as Pillow's
 * Tests/images/avif/star.avifs) are valid files this build cannot decode; the scan called both corrupt
 * ("Unsupported JPEG data precision 12", "not a recognised image format … may be damaged"), and the
 * model runs said the same. They are unsupported, saying why. The files are made here from sharp's own
 * output: the frame marker and precision byte, or the major brand, rewritten.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeForModel } from '../models/image-embedder.js';
import { probeImage } from './probe-image.js';

const OPTIONS = { maxPixels: 100_000_000, decodeSize: 64 };
const solid = () => sharp({ create: { width: 16, height: 8, channels: 3, background: '#369' } });

/** A JPEG whose baseline frame header says extended sequential, 12 bits per sample. */
async function jpeg12(): Promise<Uint8Array> {
  const bytes = new Uint8Array(await solid().jpeg().toBuffer());
  for (let at = 2; bytes[at] === 0xff; at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!)) {
    if (bytes[at + 1] !== 0xc0) continue;
    bytes[at + 1] = 0xc1;
    bytes[at + 4] = 12;
    return bytes;
  }
  throw new Error('no SOF0 in the JPEG sharp wrote');
}

/** An AVIF whose major brand says image sequence. */
async function avifSequence(): Promise<Uint8Array> {
  const bytes = new Uint8Array(await solid().avif().toBuffer());
  bytes.set(new TextEncoder().encode('avis'), 8);
  return bytes;
}

describe('issue 10: photo variants this build cannot decode are unsupported, not corrupt', () => {
  it('a 12-bit JPEG', async () => {
    const bytes = await jpeg12();
    const { probe } = await probeImage(bytes, OPTIONS);
    assert.deepEqual([probe.status, probe.format, probe.width, probe.height], ['unsupported', 'jpeg', 16, 8]);
    assert.equal(
      probe.error,
      'this JPEG file uses a variant Assay cannot decode (a JPEG of more than 8 bits per sample (libjpeg decodes 8-bit JPEG)); convert it (for example to PNG or JPEG)',
    );
    assert.match(
      String(await decodeForModel(bytes, 32, 32, 'fill', 1e8)),
      /^this image uses a variant Assay cannot decode \(a JPEG of more than 8 bits per sample/,
    );
  });

  it('an AVIF image sequence (animated AVIF)', async () => {
    const bytes = await avifSequence();
    const { probe } = await probeImage(bytes, OPTIONS);
    assert.deepEqual([probe.status, probe.format], ['unsupported', 'avifs']);
    assert.equal(
      probe.error,
      'AVIF image sequence (animated AVIF) is not an image format Assay can decode; convert it (for example to PNG or JPEG)',
    );
    assert.equal(await decodeForModel(bytes, 32, 32, 'fill', 1e8), probe.error);
  });
});
