/**
 * Issue 13: a photo whose EXIF orientation turns it (a phone held upright) showed in the grid as stored,
 * on its side, while the sample view (the browser showing the file) and the report showed it upright, so
 * a tile's boxes, drawn in the frame the annotations declare, missed the picture under them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { openMediaFile } from './media-file.js';
import { thumbnail } from './thumbnail.js';

describe('thumbnails follow the EXIF orientation', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-thumb-orient-'));
    // stored 64 wide and 32 high, red on the left half; orientation 6: shown turned 90° clockwise
    const left = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    const stored = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#00f' } })
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await writeFile(join(dir, 'upright.jpg'), stored);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is 32 × 64 with the red half on top, as a browser shows the file', async () => {
    const file = await openMediaFile(dir, 'upright.jpg', 1);
    try {
      const webp = await thumbnail(join(dir, 'cache'), file, 128, 1);
      const { data, info } = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.width, info.height], [32, 64]);
      const red = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
      assert.ok(red(16, 8) > 200, `top is red (${red(16, 8)})`);
      assert.ok(red(16, 56) < 60, `bottom is blue (${red(16, 56)})`);
    } finally {
      await file.handle.close();
    }
  });
});
