import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DecodedImage } from './decode-image.js';
import { type FileProbe, type ProbeFileOptions, probeFile } from './probe-file.js';
import { makeScanImages, type ScanImages } from './test-kit/make-scan-images.js';

const OPTIONS: ProbeFileOptions = { maxPixels: 100_000_000, decodeSize: 256, force: false };

describe('probeFile', () => {
  let dir = '';
  let images: ScanImages;
  const probe = (path: string, options: Partial<ProbeFileOptions> = {}): Promise<FileProbe> =>
    probeFile({ id: 1, path }, { ...OPTIONS, ...options });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-probe-'));
    images = await makeScanImages(dir);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads size, channels, format, bytes and mtime of a JPEG, and decodes it to RGB within 256 px', async () => {
    const { probe: result, unchanged, image, metrics } = await probe(images.photoJpeg);
    assert.equal(unchanged, false);
    assert.equal(result.status, 'ok');
    assert.deepEqual([result.width, result.height, result.channels, result.format], [320, 240, 3, 'jpeg']);
    assert.ok(result.bytes !== undefined && result.bytes > 1000);
    assert.ok(result.mtimeMs !== undefined && result.mtimeMs > 0);
    assert.match(result.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(result.orientation, undefined);
    assert.equal(result.error, undefined);
    // 320×240 shrunk to fit 256 px keeps its 4:3 shape: 256×192.
    assert.deepEqual(
      [image?.width, image?.height, image?.channels, image?.data.length],
      [256, 192, 3, 256 * 192 * 3],
    );
    assert.deepEqual([metrics?.decodedWidth, metrics?.decodedHeight], [256, 192]);
    assert.ok(metrics !== undefined && Math.abs(metrics.aspectRatio - 320 / 240) < 1e-9);
    assert.match(metrics?.pixelHash ?? '', /^[0-9a-f]{64}$/);
  });

  it('drops alpha and 16-bit depth from the decoded image (three 8-bit channels), never enlarges', async () => {
    const png = await probe(images.noisyPng);
    assert.deepEqual([png.probe.status, png.probe.channels, png.probe.format], ['ok', 4, 'png']);
    assert.equal(png.image?.channels, 3);
    assert.equal(png.image?.data.length, png.image!.width * png.image!.height * 3);
    const deep = await probe(images.deepPng);
    assert.deepEqual([deep.probe.status, deep.probe.width, deep.probe.height], ['ok', 120, 80]);
    assert.deepEqual(
      [deep.image?.width, deep.image?.height, deep.image?.data.length],
      [120, 80, 120 * 80 * 3],
    );
  });

  it('hashes the file bytes with SHA-256', async () => {
    // FIPS 180-2 appendix B.1: SHA-256("abc"); and the well-known digest of zero bytes.
    const garbage = await probe(images.garbageJpeg);
    assert.equal(garbage.probe.sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const empty = await probe(images.emptyJpeg);
    assert.equal(empty.probe.sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('reports the stored size and the EXIF orientation, and orients the decoded image as displayed', async () => {
    const { probe: result, image, metrics } = await probe(images.rotatedJpeg);
    assert.deepEqual([result.status, result.width, result.height, result.orientation], ['ok', 300, 200, 6]);
    // Stored top half white; orientation 6 turns it 90° clockwise, so the white half is on the right.
    assert.ok(image !== undefined);
    assert.equal(image.height, 256, 'displayed 200×300: the height is the longer side');
    const third = Math.floor(image.width / 3);
    assert.ok(meanOfColumns(image, 0, third) < 40, 'left side dark');
    assert.ok(meanOfColumns(image, image.width - third, image.width) > 215, 'right side light');
    assert.ok(metrics !== undefined && Math.abs(metrics.aspectRatio - 200 / 300) < 1e-9, 'displayed aspect');
  });

  it('marks truncated JPEG and PNG files corrupt with the decoder message', async () => {
    const jpeg = await probe(images.truncatedJpeg);
    assert.equal(jpeg.probe.status, 'corrupt');
    assert.equal(jpeg.probe.error, 'JPEG: premature end of JPEG image');
    assert.deepEqual([jpeg.probe.width, jpeg.probe.height], [320, 240], 'the header is still read');
    assert.equal(jpeg.image, undefined);
    const png = await probe(images.truncatedPng);
    assert.equal(png.probe.status, 'corrupt');
    assert.match(png.probe.error ?? '', /^PNG: /);
  });

  it('keeps a JPEG with damaged entropy data ok but says it decoded with warnings', async () => {
    const { probe: result, image } = await probe(images.damagedJpeg);
    assert.equal(result.status, 'ok');
    assert.equal(
      result.error,
      'decoded with warnings: JPEG: Corrupt JPEG data: premature end of data segment',
    );
    assert.ok(image !== undefined);
  });

  it('marks a non-image and an empty file corrupt, without throwing', async () => {
    const garbage = await probe(images.garbageJpeg);
    assert.deepEqual(
      [garbage.probe.status, garbage.probe.error, garbage.probe.bytes],
      ['corrupt', 'not a recognised image format (the file may be damaged, or not an image)', 3],
    );
    const empty = await probe(images.emptyJpeg);
    assert.deepEqual(
      [empty.probe.status, empty.probe.error, empty.probe.bytes],
      ['corrupt', 'the file is empty', 0],
    );
  });

  it('marks a missing path missing and a folder unreadable', async () => {
    assert.deepEqual((await probe(images.missing)).probe, { status: 'missing', error: 'file not found' });
    assert.deepEqual((await probe(join(images.photoJpeg, 'inside.jpg'))).probe.status, 'missing');
    assert.deepEqual((await probe(images.folder)).probe, {
      status: 'unreadable',
      error: 'is a folder, not a regular file',
    });
  });

  it('marks a file it may not read unreadable', {
    skip: isRoot() && 'root reads files whatever their mode',
  }, async () => {
    const locked = images.largeJpeg;
    await chmod(locked, 0o000);
    try {
      assert.deepEqual((await probe(locked)).probe.status, 'unreadable');
      assert.equal((await probe(locked)).probe.error, 'permission denied');
    } finally {
      await chmod(locked, 0o644);
    }
  });

  it('refuses an image over maxPixels before decoding it, keeping its header size', async () => {
    const { probe: result, image } = await probe(images.largeJpeg, { maxPixels: 100_000 });
    assert.equal(result.status, 'too_large');
    assert.deepEqual([result.width, result.height], [400, 300]);
    assert.equal(result.error, '400×300 is 120,000 pixels, over the limit of 100,000 (maxPixels)');
    assert.match(result.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(image, undefined);
    assert.equal(
      (await probe(images.largeJpeg, { maxPixels: 120_000 })).probe.status,
      'ok',
      'the limit is inclusive',
    );
  });
});

/** Mean of all channels over columns [from, to). */
function meanOfColumns(image: DecodedImage, from: number, to: number): number {
  let sum = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = from; x < to; x++) {
      for (let c = 0; c < 3; c++) sum += image.data[(y * image.width + x) * 3 + c]!;
    }
  }
  return sum / (image.height * (to - from) * 3);
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}
