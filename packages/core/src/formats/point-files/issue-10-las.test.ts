/**
 * Issue 10 (LiDAR logs nobody here made): ASPRS LAS files, the form airborne and mobile scanners and
 * PDAL deliver. Files written here from the LAS 1.4 R15 specification: the public header block (1.2: 227
 * bytes; 1.4: 375 with a 64-bit point count), variable length records before the points, point data
 * record formats 0–10 (legacy 0–5 keep class flags in the top bits of the classification byte), x, y, z
 * as integers times the header's scale plus its offset. A LAZ file is refused naming the conversion.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { viewPoints } from '../../point-cloud/view-points.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat, rankFormats } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { las, ply } from './point-files-format.js';

describeConformance(las);

interface LasPoint {
  x: number;
  y: number;
  z: number;
  intensity: number;
  /** The whole classification byte (formats 0–5: class in bits 0–4, flags above). */
  classByte: number;
  gpsTime?: number;
  rgb?: [number, number, number];
}

/** A LAS file of `points` in record format `id` (0, 1, 3 or 6), version 1.`minor`, with one empty VLR. */
function lasFile(
  id: 0 | 1 | 3 | 6,
  minor: 2 | 4,
  points: LasPoint[],
  scale: number,
  offset: number[],
): Uint8Array {
  const headerSize = minor === 4 ? 375 : 227;
  const vlr = 54;
  const stride = { 0: 20, 1: 28, 3: 34, 6: 30 }[id];
  const bytes = new Uint8Array(headerSize + vlr + stride * points.length);
  const v = new DataView(bytes.buffer);
  bytes.set([76, 65, 83, 70]); // LASF
  v.setUint8(24, 1);
  v.setUint8(25, minor);
  v.setUint16(94, headerSize, true);
  v.setUint32(96, headerSize + vlr, true);
  v.setUint32(100, 1, true);
  v.setUint8(104, id);
  v.setUint16(105, stride, true);
  // LAS 1.4 with a format 6+ record leaves the legacy count 0 and gives the 64-bit one.
  if (minor === 4 && id >= 6) v.setBigUint64(247, BigInt(points.length), true);
  else v.setUint32(107, points.length, true);
  for (let k = 0; k < 3; k++) {
    v.setFloat64(131 + 8 * k, scale, true);
    v.setFloat64(155 + 8 * k, offset[k]!, true);
  }
  points.forEach((p, i) => {
    const at = headerSize + vlr + i * stride;
    [p.x, p.y, p.z].forEach((c, k) => {
      v.setInt32(at + 4 * k, Math.round((c - offset[k]!) / scale), true);
    });
    v.setUint16(at + 12, p.intensity, true);
    v.setUint8(at + 14, id >= 6 ? 0x21 : 0x11); // return 1 of 2
    v.setUint8(at + (id >= 6 ? 16 : 15), p.classByte);
    if (id === 1 || id === 3) v.setFloat64(at + 20, p.gpsTime ?? 0, true);
    if (id === 6) v.setFloat64(at + 22, p.gpsTime ?? 0, true);
    if (id === 3)
      p.rgb?.forEach((c, k) => {
        v.setUint16(at + 28 + 2 * k, c, true);
      });
  });
  return bytes;
}

const io = createNodeFormatIO();
const pointsOf = async (path: string) => collectPoints(io.readChunks(path, 100), 'las', { file: path });

describe('issue 10: LAS point clouds', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-las-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('LAS 1.2 format 3: detected; scaled, offset UTM coordinates, class flags masked, ASPRS class names', async () => {
    const path = `${dir}/tile.las`;
    // A withheld (0x80) ground point and a building point, in UTM metres (offsets as survey tiles have).
    const points: LasPoint[] = [
      {
        x: 512345.67,
        y: 5403210.12,
        z: 301.5,
        intensity: 900,
        classByte: 2 | 0x80,
        gpsTime: 1.5,
        rgb: [65535, 0, 256],
      },
      { x: 512346.01, y: 5403211.99, z: 310.25, intensity: 20, classByte: 6, gpsTime: 2.5, rgb: [0, 0, 0] },
      { x: 512347.0, y: 5403212.0, z: 302.0, intensity: 7, classByte: 2, gpsTime: 3.5, rgb: [1, 2, 3] },
    ];
    await writeFile(path, lasFile(3, 2, points, 0.01, [512000, 5403000, 0]));
    assert.equal((await detectFormat(formats, path, io)).format.id, 'las');
    const got = await las.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    // y ≈ 5.4e6 lies in [2^22, 2^23): float32's neighbours there are 2^(22 − 23) = 0.5 apart, coarser than the
    // file's 0.01: said once, the points kept.
    assert.equal(got.problems.length, 1);
    assert.equal(got.problems[0]!.severity, 'warning');
    assert.equal(got.problems[0]!.file, path);
    assert.match(
      got.problems[0]!.reason,
      /coordinates up to 5,403,212, which Assay holds as float32: in steps of 0\.5 /,
    );
    // the command moves x and y by whole kilometres below their minimum (z, small, stays)
    assert.ok(
      got.problems[0]!.hint?.endsWith(
        `pdal translate ${path} ${dir}/tile-local.las -f filters.transformation --filters.transformation.matrix="1 0 0 -512000 0 1 0 -5403000 0 0 1 0 0 0 0 1"`,
      ),
      got.problems[0]!.hint,
    );
    const cloud = got.samples[0]!.pointCloud!;
    assert.equal(cloud.format, 'las');
    assert.equal(cloud.count, 3);
    assert.deepEqual(cloud.fields.slice(0, 4), ['x', 'y', 'z', 'intensity']);
    assert.ok(cloud.fields.includes('red') && cloud.fields.includes('gps_time'));
    assert.deepEqual(got.annotations[0]?.pointLabels?.counts, { ground: 2, building: 1 });
    assert.deepEqual(
      got.classes.map((c) => [c.name, c.originalIds?.las]),
      [
        ['ground', 2],
        ['building', 6],
      ],
    );
    const read = await pointsOf(path);
    // x, y, z = stored × scale + offset in float64, then float32 (as every field is held).
    const f32 = (a: number[]) => Float32Array.from(a);
    assert.deepEqual(read.fields.x, f32(points.map((p) => p.x)));
    assert.deepEqual(read.fields.y, f32(points.map((p) => p.y)));
    assert.deepEqual(read.fields.z, f32([301.5, 310.25, 302]));
    assert.deepEqual(read.fields.classification, f32([2, 6, 2]));
    assert.deepEqual(read.fields.return_number, f32([1, 1, 1]));
    assert.deepEqual(read.fields.number_of_returns, f32([2, 2, 2]));
    assert.deepEqual(read.fields.red, f32([65535, 0, 1]));
    assert.deepEqual(read.fields.gps_time, f32([1.5, 2.5, 3.5]));
    // The 3D view colours the points by their class.
    const view = viewPoints(read, 10, 'label');
    assert.equal(view.attribute, 'label');
    assert.deepEqual(view.data.subarray(9), f32([2, 6, 2]));
  });

  it('LAS 1.4 format 6: the 64-bit point count, a full classification byte, the fields of the new formats', async () => {
    const path = `${dir}/v14.las`;
    const points: LasPoint[] = [
      { x: 1.25, y: -2.5, z: 0.125, intensity: 3, classByte: 40, gpsTime: 7 },
      { x: -1, y: 2, z: 3, intensity: 4, classByte: 9, gpsTime: 8 },
    ];
    await writeFile(path, lasFile(6, 4, points, 0.001, [0, 0, 0]));
    const read = await pointsOf(path);
    assert.equal(read.count, 2);
    assert.deepEqual(read.fields.classification, Float32Array.from([40, 9]));
    assert.deepEqual(read.fields.x, Float32Array.from([1.25, -1]));
    assert.deepEqual(read.fields.gps_time, Float32Array.from([7, 8]));
    assert.deepEqual(read.fields.number_of_returns, Float32Array.from([2, 2]));
  });

  it('exported as PLY, the LAS classes read back as per-point labels with their names', async () => {
    const path = `${dir}/one.las`;
    await writeFile(
      path,
      lasFile(
        0,
        2,
        [
          { x: 0, y: 0, z: 0, intensity: 1, classByte: 2 },
          { x: 1, y: 0, z: 0, intensity: 1, classByte: 9 },
        ],
        0.01,
        [0, 0, 0],
      ),
    );
    const dataset = await las.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    const out = `${dir}/as-ply`;
    await ply.write!({ dataset, imagesRoot: dir, outDir: out, io, images: 'copy' });
    const back = await ply.read({ path: out, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(back.annotations[0]?.pointLabels?.counts, { ground: 1, water: 1 });
  });

  it('LAZ is refused naming the command that decompresses it (a weak guess for import auto)', async () => {
    const path = `${dir}/tile.laz`;
    const bytes = lasFile(1, 2, [{ x: 0, y: 0, z: 0, intensity: 0, classByte: 1 }], 0.01, [0, 0, 0]);
    bytes[104] = 1 | 0x80; // laszip marks its point format so
    await writeFile(path, bytes);
    const ranked = await rankFormats(formats, path, io);
    assert.equal(ranked[0]?.format.id, 'las');
    assert.ok(ranked[0]!.detection.confidence < 0.5);
    assert.match(ranked[0]!.detection.reason, /pdal translate .*tile\.laz .*tile\.las/);
    await assert.rejects(pointsOf(path), (e: Error & { hint?: string }) => {
      assert.match(e.message, /compressed \(LAZ\)/);
      assert.match(e.hint ?? '', /pdal translate|laszip/);
      return true;
    });
  });
});
