/**
 * Issue 10 (photos in the wild): libvips keeps one error buffer per process, so with the scan's lanes
 * decoding at once a truncated JPEG was reported with a truncated PNG's words ("PNG: libpng read
 * error"), another file's, or none ("the decoder failed without saying why"). Each failed decode now
 * asks for its reason alone (sharp-gate.ts): every file gets the words it gets when decoded by itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeForModel } from '../models/image-embedder.js';
import { probeImage } from './probe-image.js';

const OPTIONS = { maxPixels: 100_000_000, decodeSize: 64 };

async function files(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < 12; i++) {
    const width = 96 + i;
    const pixels = Buffer.alloc(width * 64 * 3);
    let seed = i + 1;
    for (let p = 0; p < pixels.length; p++) {
      seed = (seed * 1103515245 + 12345) >>> 0; // noise: the cut lands in the image data
      pixels[p] = seed >>> 24;
    }
    const image = sharp(pixels, { raw: { width, height: 64, channels: 3 } });
    const jpeg = await image.clone().jpeg().toBuffer();
    const png = await image.clone().png().toBuffer();
    out.push({ name: `cut${i}.jpg`, bytes: new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length * 0.7))) });
    out.push({ name: `cut${i}.png`, bytes: new Uint8Array(png.subarray(0, Math.floor(png.length * 0.7))) });
  }
  return out;
}

describe('issue 10: a failed decode is reported in its own words, however many run at once', () => {
  it('scan probes and model decodes of truncated JPEGs and PNGs, all at once', async () => {
    const all = await files();
    const alone: string[] = [];
    for (const f of all) alone.push(String((await probeImage(f.bytes, OPTIONS)).probe.error));
    assert.ok(
      alone.every(
        (e, i) => e === (i % 2 === 0 ? 'JPEG: premature end of JPEG image' : 'PNG: libpng read error'),
      ),
      alone.join('\n'),
    );
    for (let round = 0; round < 3; round++) {
      const together = await Promise.all(all.map((f) => probeImage(f.bytes, OPTIONS)));
      assert.deepEqual(
        together.map((r, i) => `${all[i]?.name}: ${r.probe.error}`),
        alone.map((e, i) => `${all[i]?.name}: ${e}`),
      );
      const models = await Promise.all(all.map((f) => decodeForModel(f.bytes, 32, 32, 'fill', 1e8)));
      assert.deepEqual(
        models,
        alone.map((e) => `cannot be decoded: ${e}`),
      );
    }
  });
});
