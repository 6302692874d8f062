/**
 * Issue 10 (LiDAR logs nobody here made): ASPRS LAS files, the form airborne and mobile scanners and
 * PDAL deliver. Files written here from the LAS 1.4 R15 specification: the public header block (1.2: 227
 * bytes; 1.4: 375 with a 64-bit point count), variable length records before the points, point data
 * record formats 0–10 (legacy 0–5 keep class flags in the top bits of the classification byte), x, y, z
 * as integers times the header's scale plus its offset. A LAZ file is refused naming the conversion.
 * Survey coordinates (UTM y ≈ 5.4e6) are held from a local origin so that float32 keeps the file's scale,
 * and PLY/PCD exports write them back exactly.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { collectPoints, parsePointLayout } from '../../point-cloud/decode-points.js';
import { viewPoints } from '../../point-cloud/view-points.js';
import { type LasPoint, lasFile } from '../../test-kit/las-file.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat, rankFormats } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { las, pcd, ply } from './point-files-format.js';

describeConformance(las);

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

  it('LAS 1.2 format 3: detected; UTM coordinates held exactly from a local origin, class flags masked, ASPRS class names', async () => {
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
    // y ≈ 5.4e6 lies in [2^22, 2^23), where float32's neighbours are 0.5 apart, coarser than the file's
    // 0.01: x and y are held from whole kilometres below the header's minimum (z, small, stays), said once.
    assert.deepEqual(got.problems, []);
    assert.match(
      got.notes?.join('\n') ?? '',
      /tile\.las: coordinates up to 5,403,212, held relative to the local origin \(512000, 5403000, 0\) .* steps of 0\.5 /,
    );
    const cloud = got.samples[0]!.pointCloud!;
    assert.equal(cloud.format, 'las');
    assert.equal(cloud.count, 3);
    assert.deepEqual(cloud.origin, [512000, 5403000, 0]);
    assert.deepEqual(cloud.bounds?.min, Array.from(Float32Array.from([345.67, 210.12, 301.5])));
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
    const read = await collectPoints(io.readChunks(path, 100), 'las', { file: path, origin: cloud.origin! });
    // x, y, z = stored × scale + (offset − origin) in float64, then float32 (as every field is held).
    const f32 = (a: number[]) => Float32Array.from(a);
    assert.deepEqual(read.origin, [512000, 5403000, 0]);
    assert.deepEqual(read.fields.x, f32([345.67, 346.01, 347]));
    assert.deepEqual(read.fields.y, f32([210.12, 211.99, 212]));
    assert.deepEqual(read.fields.z, f32([301.5, 310.25, 302]));
    // without the origin (as before), y moves in steps of 0.5: 5403210.12 reads as 5403210
    assert.deepEqual((await pointsOf(path)).fields.y, f32([5403210, 5403212, 5403212]));
    assert.deepEqual(read.fields.classification, f32([2, 6, 2]));
    assert.deepEqual(read.fields.return_number, f32([1, 1, 1]));
    assert.deepEqual(read.fields.number_of_returns, f32([2, 2, 2]));
    assert.deepEqual(read.fields.red, f32([65535, 0, 1]));
    assert.deepEqual(read.fields.gps_time, f32([1.5, 2.5, 3.5]));
    // The 3D view colours the points by their class.
    const view = viewPoints(read, 10, 'label');
    assert.equal(view.attribute, 'label');
    assert.deepEqual(view.data.subarray(9), f32([2, 6, 2]));

    // PLY and PCD exports write x, y, z back as doubles exact to the file's 0.01 grid (the integers it stored).
    const stored = (p: LasPoint) => [
      Math.round((p.x - 512000) / 0.01),
      Math.round((p.y - 5403000) / 0.01),
      Math.round(p.z / 0.01),
    ];
    for (const format of [ply, pcd]) {
      const out = `${dir}/as-${format.id}`;
      await format.write!({ dataset: got, imagesRoot: dir, outDir: out, io, images: 'copy' });
      const bytes = await readFile(`${out}/tile.${format.id}`);
      const layout = parsePointLayout(bytes, format.id as 'ply' | 'pcd', 'out')!;
      const view = new DataView(bytes.buffer, bytes.byteOffset + layout.headerBytes);
      const xyz = ['x', 'y', 'z'].map((n) => layout.fields.find((f) => f.name === n)!);
      assert.deepEqual(
        xyz.map((f) => f.type),
        ['f64', 'f64', 'f64'],
        format.id,
      );
      points.forEach((p, i) => {
        const world = xyz.map((f) => view.getFloat64(i * layout.stride + f.offset, true));
        const back = world.map((w, k) => Math.round((w - [512000, 5403000, 0][k]!) / 0.01));
        assert.deepEqual(back, stored(p), `${format.id} point ${i}`);
        // the same double a LAS reader computes (integer × scale + offset)
        assert.deepEqual(
          world,
          stored(p).map((v, k) => v * 0.01 + [512000, 5403000, 0][k]!),
        );
      });
      // read back, the export is held from the same origin, its classes kept
      const back = await format.read({ path: out, source: 'ground_truth', io, lookup: emptyLookup });
      assert.deepEqual(back.samples[0]?.pointCloud?.origin, [512000, 5403000, 0]);
      assert.deepEqual(back.annotations[0]?.pointLabels?.counts, { ground: 2, building: 1 });
    }
  });

  it('a LAS header whose bounds are left 0: the origin is taken below the first point', async () => {
    const path = `${dir}/no-bounds.las`;
    const bytes = lasFile(
      0,
      2,
      [
        { x: 300123.45, y: 4100456.78, z: 12, intensity: 1, classByte: 2 },
        { x: 300999.99, y: 4100000.01, z: 13, intensity: 1, classByte: 2 },
      ],
      0.01,
      [0, 0, 0],
    );
    bytes.fill(0, 179, 227);
    await writeFile(path, bytes);
    const got = await las.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.samples[0]?.pointCloud?.origin, [300000, 4100000, 0]);
    const read = await collectPoints(io.readChunks(path), 'las', {
      file: path,
      origin: [300000, 4100000, 0],
    });
    assert.deepEqual(read.fields.y, Float32Array.from([456.78, 0.01]));
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

  it('LAZ named alone is the error with its command; LAZ in a folder of LAS is said, not left out', async () => {
    const folder = `${dir}/tiles`;
    await mkdir(folder);
    const point = { x: 0, y: 0, z: 0, intensity: 0, classByte: 2 };
    await writeFile(`${folder}/a.las`, lasFile(1, 2, [point], 0.01, [0, 0, 0]));
    const laz = lasFile(1, 2, [point], 0.01, [0, 0, 0]);
    laz[104] = 1 | 0x80;
    await writeFile(`${folder}/b.laz`, laz);
    const read = (path: string) => las.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    // Alone: was "Nothing imported" naming the reason without the command.
    await assert.rejects(read(`${folder}/b.laz`), (e: Error & { hint?: string }) => {
      assert.match(e.message, /b\.laz is not a LAS file Assay reads: its points are compressed \(LAZ\)/);
      assert.match(e.hint ?? '', /pdal translate .*b\.laz/);
      return true;
    });
    // In a folder: was left out without a word (1 LAS file read, nothing said of b.laz).
    const got = await read(folder);
    assert.deepEqual(
      got.samples.map((s) => s.key),
      ['a.las'],
    );
    assert.equal(got.problems.length, 1);
    assert.match(got.problems[0]!.file, /b\.laz$/);
    assert.match(got.problems[0]!.hint ?? '', /laszip -i .*b\.laz/);
  });
});
