import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { jpegHeader } from './jpeg-header.js';
import { PHOTOS_DIR } from './test-kit/photo-set.js';

/** What probeImage keeps of sharp's metadata(), for comparison. */
async function sharpHeader(bytes: Uint8Array) {
  const m = await sharp(bytes).metadata();
  return {
    width: m.width,
    height: m.height,
    channels: m.channels,
    format: m.format,
    ...(m.orientation === undefined ? {} : { orientation: m.orientation }),
  };
}

describe('jpegHeader', () => {
  it('gives what sharp metadata() gives on every real photo of fixtures/photos', async () => {
    const names = (await readdir(PHOTOS_DIR)).filter((n) => n.endsWith('.jpg'));
    assert.ok(names.length >= 20);
    for (const name of names) {
      const bytes = await readFile(join(PHOTOS_DIR, name));
      assert.deepEqual(jpegHeader(bytes), await sharpHeader(bytes), name);
    }
  });

  it('reads the EXIF orientation in both byte orders, grey and CMYK frames, progressive files', async () => {
    const photo = await readFile(join(PHOTOS_DIR, 'skimage-coffee.jpg'));
    const variants = [
      await sharp(photo).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      await sharp(photo).jpeg({ progressive: true }).withMetadata({ orientation: 3 }).toBuffer(),
      await sharp(photo).greyscale().jpeg().toBuffer(),
      await sharp(photo).toColourspace('cmyk').jpeg().toBuffer(),
      withBigEndianExif(await sharp(photo).resize(64).jpeg().toBuffer(), 8),
    ];
    for (const [i, bytes] of variants.entries()) {
      const header = jpegHeader(bytes);
      assert.ok(header !== undefined, `variant ${i} parsed`);
      assert.deepEqual(header, await sharpHeader(bytes), `variant ${i}`);
    }
    assert.equal(jpegHeader(variants[4]!)?.orientation, 8);
    assert.equal(jpegHeader(variants[3]!)?.channels, 4);
  });

  it('leaves everything else to sharp: other formats, truncated headers, odd orientation values', async () => {
    const photo = await readFile(join(PHOTOS_DIR, 'skimage-coffee.jpg'));
    const sos = photo.indexOf(Buffer.from([0xff, 0xda]));
    assert.equal(jpegHeader(await sharp(photo).png().toBuffer()), undefined);
    assert.equal(jpegHeader(photo.subarray(0, sos)), undefined, 'no start of scan');
    assert.equal(jpegHeader(photo.subarray(0, 100)), undefined);
    assert.equal(jpegHeader(Buffer.from('abc')), undefined);
    const small = await sharp(photo).resize(64).jpeg().toBuffer();
    assert.equal(jpegHeader(withBigEndianExif(small, 9)), undefined, 'orientation 9 is not 1..8');
  });
});

/** `jpeg` with a big-endian ("MM") EXIF block holding only IFD0 Orientation = `value`, after SOI. */
function withBigEndianExif(jpeg: Buffer, value: number): Buffer {
  const tiff = Buffer.from([
    ...[0x4d, 0x4d, 0, 42, 0, 0, 0, 8], // header: big-endian, IFD0 at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0], // Orientation, SHORT, count 1, value
    ...[0, 0, 0, 0], // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const length = Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, payload, jpeg.subarray(2)]);
}
