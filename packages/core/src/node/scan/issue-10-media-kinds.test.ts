/**
 * Issue 10 §2, media kinds: a valid image in a format this build cannot decode (BMP, HEIC) is an
 * unsupported format, not a damaged file; an image whose header says 50000×50000 is too large (read
 * from the header, before any decode), not corrupt; damaged files stay corrupt. And a class CSV of
 * random bytes is refused as not being text, instead of importing junk classes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { AssayError } from '../../errors.js';
import { classCsv } from '../../formats/classification/class-csv-format.js';
import { emptyLookup } from '../../formats/conformance.js';
import type { StoredSample } from '../../store/project-store.js';
import { bmp } from '../../test-kit/bmp.js';
import { createNodeFormatIO } from '../fs-format-io.js';
import { mediaIssues } from '../scan-project.js';
import { probeImage } from './probe-image.js';

const OPTIONS = { maxPixels: 100_000_000, decodeSize: 64 };

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A PNG (8-bit grey) whose IHDR says width × height, with the first rows of zero pixels compressed. */
function bigPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const rows = deflateSync(Buffer.alloc((width + 1) * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A HEIF file declaring HEVC-coded images (ftyp brand `heic`, item type `hvc1`): sharp's AVIF output
 * with its brand and codec boxes renamed. This build of libheif has no HEVC decoder, so a real HEIC
 * photo cannot be decoded either; what matters is that the file says it is HEIC.
 */
async function heic(): Promise<Buffer> {
  const out = Buffer.from(
    await sharp({ create: { width: 16, height: 12, channels: 3, background: '#468' } })
      .avif()
      .toBuffer(),
  );
  for (const [from, to] of [
    ['avif', 'heic'],
    ['av01', 'hvc1'],
    ['av1C', 'hvcC'],
  ] as const) {
    for (let i = out.indexOf(from); i >= 0; i = out.indexOf(from, i + 4)) out.write(to, i, 'latin1');
  }
  return out;
}

describe('issue 10: media kinds', () => {
  it('a valid BMP is an unsupported format, not corrupt', async () => {
    const { probe } = await probeImage(bmp(8, 6), OPTIONS);
    assert.equal(probe.status, 'unsupported');
    assert.equal(probe.format, 'bmp');
    assert.match(probe.error ?? '', /BMP is not an image format Assay can decode/);
  });

  it('a HEIC file is an unsupported format, not corrupt', async () => {
    const { probe } = await probeImage(await heic(), OPTIONS);
    assert.equal(probe.status, 'unsupported');
    assert.equal(probe.format, 'heic');
  });

  it('a 50000×50000 PNG is too large, from its header', async () => {
    const { probe } = await probeImage(bigPng(50_000, 50_000), OPTIONS);
    assert.equal(probe.status, 'too_large');
    assert.equal(probe.width, 50_000);
    assert.match(probe.error ?? '', /50000×50000 is 2,500,000,000 pixels/);
  });

  it('damaged files stay corrupt: random bytes, a truncated PNG', async () => {
    const random = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 73 + 11) & 0xff));
    assert.equal((await probeImage(random, OPTIONS)).probe.status, 'corrupt');
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a52' } })
      .png()
      .toBuffer();
    assert.equal((await probeImage(png.subarray(0, 40), OPTIONS)).probe.status, 'corrupt');
  });

  it('an unsupported format is its own issue type', () => {
    const sample = { id: 1, key: 'a.bmp' } as StoredSample;
    const issues = mediaIssues(sample, {
      status: 'unsupported',
      error: 'BMP is not an image format Assay can decode',
    });
    assert.deepEqual(
      issues.map((i) => [i.type, i.severity]),
      [['unsupported_format', 'warning']],
    );
  });
});

describe('issue 10: class-csv refuses binary input', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue10-csv-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('random bytes: not detected, and read is a clear error naming the file', async () => {
    const file = join(dir, 'labels.csv');
    // fixed pseudo-random bytes (an LCG), which include NULs and invalid UTF-8
    let x = 12345;
    await writeFile(
      file,
      Buffer.from(
        Array.from({ length: 4096 }, () => {
          x = (x * 1103515245 + 12345) >>> 0;
          return x >>> 24;
        }),
      ),
    );
    const io = createNodeFormatIO();
    assert.equal(await classCsv.detect(file, io), undefined);
    await assert.rejects(
      classCsv.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT' && e.message.includes(file),
    );
  });

  it('a Latin-1 file is refused as not UTF-8; a UTF-8 one with accents is read', async () => {
    const latin1 = join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from('path,label\na.jpg,caf\xe9\n', 'latin1'));
    const io = createNodeFormatIO();
    await assert.rejects(
      classCsv.read({ path: latin1, source: 'ground_truth', io, lookup: emptyLookup }),
      /not UTF-8 text/,
    );
    const utf8 = join(dir, 'utf8.csv');
    await writeFile(utf8, 'path,label\na.jpg,café\n');
    const read = await classCsv.read({ path: utf8, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      read.classes.map((c) => c.name),
      ['café'],
    );
  });
});
