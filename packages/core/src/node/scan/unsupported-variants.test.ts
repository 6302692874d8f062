/**
 * Valid TIFFs in variants this build of libvips cannot decode (found on Pillow's test images: CIELab
 * TIFFs, old-style JPEG compression, tiles in separate planes, 12-bit samples) were reported as
 * corrupt files. They are unsupported (a warning: convert the file), not damaged (an error: replace
 * it). The files are written here from the TIFF 6.0 specification's field table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeForModel } from '../models/image-embedder.js';
import { probeImage } from './probe-image.js';
import { unsupportedVariant } from './unsupported-format.js';

const OPTIONS = { maxPixels: 100_000_000, decodeSize: 64 };

interface TiffFields {
  samples: number;
  bits: number;
  photometric: number;
  compression?: number;
  /** 2: each colour in its own plane (PlanarConfiguration). */
  planar?: number;
  tiled?: boolean;
}

/** A 16×16 little-endian TIFF: one IFD of SHORT/LONG fields, arrays after it, then the pixel data. */
function tiff(fields: TiffFields): Buffer {
  const side = 16;
  const planes = fields.planar === 2 ? fields.samples : 1;
  const planeBytes = Math.ceil((side * side * fields.bits * (planes === 1 ? fields.samples : 1)) / 8);
  const tags: [number, number, number[]][] = [
    [256, 3, [side]],
    [257, 3, [side]],
    [258, 3, Array(fields.samples).fill(fields.bits)],
    [259, 3, [fields.compression ?? 1]],
    [262, 3, [fields.photometric]],
    [277, 3, [fields.samples]],
    [284, 3, [fields.planar ?? 1]],
  ];
  const offsets = fields.tiled ? 324 : 273;
  const counts = fields.tiled ? 325 : 279;
  if (fields.tiled) tags.push([322, 3, [side]], [323, 3, [side]]);
  else tags.push([278, 3, [side]]);
  tags.push([offsets, 4, Array(planes).fill(0)], [counts, 4, Array(planes).fill(planeBytes)]);
  tags.sort((a, b) => a[0] - b[0]);
  const ifdBytes = 2 + tags.length * 12 + 4;
  const size = (type: number) => (type === 3 ? 2 : 4);
  let arraysAt = 8 + ifdBytes;
  const arrayAt = tags.map(([, type, values]) => {
    if (values.length * size(type) <= 4) return -1;
    const at = arraysAt;
    arraysAt += values.length * size(type);
    return at;
  });
  const dataAt = arraysAt;
  const out = Buffer.alloc(dataAt + planes * planeBytes, 0x5a);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, given], i) => {
    const values = tag === offsets ? given.map((_, plane) => dataAt + plane * planeBytes) : given;
    const entry = 10 + i * 12;
    out.writeUInt16LE(tag, entry);
    out.writeUInt16LE(type, entry + 2);
    out.writeUInt32LE(values.length, entry + 4);
    const at = arrayAt[i]! >= 0 ? arrayAt[i]! : entry + 8;
    if (arrayAt[i]! >= 0) out.writeUInt32LE(at, entry + 8);
    values.forEach((value, k) => {
      if (type === 3) out.writeUInt16LE(value, at + 2 * k);
      else out.writeUInt32LE(value, at + 4 * k);
    });
  });
  out.writeUInt32LE(0, 10 + tags.length * 12);
  return out;
}

describe('TIFF variants this build cannot decode are unsupported, not corrupt', () => {
  it('the writer makes a TIFF that decodes (8-bit RGB, one strip)', async () => {
    const { probe } = await probeImage(tiff({ samples: 3, bits: 8, photometric: 2 }), OPTIONS);
    assert.equal(probe.status, 'ok');
    assert.equal(probe.width, 16);
  });

  const variants: [string, TiffFields, RegExp][] = [
    ['CIELab colour', { samples: 3, bits: 8, photometric: 8 }, /CIELab/],
    ['old-style JPEG compression', { samples: 3, bits: 8, photometric: 2, compression: 6 }, /old-style JPEG/],
    ['tiles in separate planes', { samples: 3, bits: 8, photometric: 2, planar: 2, tiled: true }, /separate/],
    ['12-bit grey samples', { samples: 1, bits: 12, photometric: 1 }, /12-bit/],
  ];
  for (const [name, fields, reason] of variants) {
    it(name, async () => {
      const { probe } = await probeImage(tiff(fields), OPTIONS);
      assert.equal(probe.status, 'unsupported', probe.error);
      assert.match(probe.error ?? '', /TIFF file uses a variant Assay cannot decode/);
      assert.match(probe.error ?? '', reason);
      assert.match(probe.error ?? '', /convert it/);
    });
  }

  it('a damaged TIFF stays corrupt', async () => {
    const whole = tiff({ samples: 3, bits: 8, photometric: 2 });
    const { probe } = await probeImage(whole.subarray(0, 60), OPTIONS);
    assert.equal(probe.status, 'corrupt', probe.error);
  });

  it('a TIFF whose strip runs past the end of the file is corrupt, not "ok with warnings"', async () => {
    // libvips fills the missing rows when told to fail only on truncation, so the scan called it ok
    // while the app's thumbnail (which fails on errors) could not be made
    const whole = tiff({ samples: 3, bits: 8, photometric: 2 });
    const { probe } = await probeImage(whole.subarray(0, whole.length - 300), OPTIONS);
    assert.equal(probe.status, 'corrupt', probe.error);
  });

  it('LZMA compression (not in this build) is unsupported', async () => {
    const { probe } = await probeImage(
      tiff({ samples: 3, bits: 8, photometric: 2, compression: 34925 }),
      OPTIONS,
    );
    assert.equal(probe.status, 'unsupported', probe.error);
    assert.match(probe.error ?? '', /LZMA/);
  });

  it('damage messages are not read as unsupported variants', () => {
    for (const message of [
      'JPEG: premature end of JPEG image',
      'corrupt header: GIF: no frames in GIF',
      'PNG: libpng read error',
      'not a recognised image format (the file may be damaged, or not an image)',
    ]) {
      assert.equal(unsupportedVariant(message), undefined, message);
    }
  });

  it('the model runs say the same as the scan: unsupported variant, or damaged', async () => {
    const lab = await decodeForModel(tiff({ samples: 3, bits: 8, photometric: 8 }), 32, 32, 'fill', 1e8);
    assert.equal(typeof lab, 'string');
    assert.match(String(lab), /TIFF file uses a variant Assay cannot decode \(CIELab/);
    const whole = tiff({ samples: 3, bits: 8, photometric: 2 });
    const cut = await decodeForModel(whole.subarray(0, whole.length - 300), 32, 32, 'fill', 1e8);
    assert.match(String(cut), /^cannot be decoded: /);
    assert.ok((await decodeForModel(whole, 32, 32, 'fill', 1e8)) instanceof Uint8Array);
  });
});
