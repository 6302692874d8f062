import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concatBytes } from '../arrays/concat-bytes.js';
import { AssayError } from '../errors.js';
import type { PointCloud, PointCloudFormat } from '../model/point-cloud.js';
import { mulberry32 } from '../random/mulberry32.js';
import { collectPoints, decodePoints } from './decode-points.js';
import { encodePcd, encodePly, encodeRawFloat } from './encode-points.js';
import { summarizePoints } from './point-summary.js';

function cloud(n: number, seed: number, fields = ['x', 'y', 'z', 'intensity']): PointCloud {
  const random = mulberry32(seed);
  const out: PointCloud = { count: n, fields: {} };
  for (const f of fields) {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) col[i] = (random() - 0.5) * 160;
    out.fields[f] = col;
  }
  return out;
}

/** The bytes in chunks of `size` (odd sizes cut headers, records and lines in two). */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function assertSameCloud(actual: PointCloud, expected: PointCloud): void {
  assert.equal(actual.count, expected.count);
  assert.deepEqual(Object.keys(actual.fields), Object.keys(expected.fields));
  for (const [name, col] of Object.entries(expected.fields)) assert.deepEqual(actual.fields[name], col, name);
}

const ENCODINGS: [string, PointCloudFormat, (c: PointCloud) => Uint8Array][] = [
  ['kitti-bin', 'kitti-bin', (c) => encodeRawFloat(c, 'kitti-bin')],
  ['pcd ascii', 'pcd', (c) => encodePcd(c, 'ascii')],
  ['pcd binary', 'pcd', (c) => encodePcd(c, 'binary')],
  ['pcd binary_compressed', 'pcd', (c) => encodePcd(c, 'binary_compressed')],
  ['ply ascii', 'ply', (c) => encodePly(c, 'ascii')],
  ['ply binary_little_endian', 'ply', (c) => encodePly(c, 'binary_little_endian')],
];

describe('decodePoints', () => {
  for (const [name, format, encode] of ENCODINGS) {
    it(`${name}: every float32 back exactly, whatever the chunking`, async () => {
      const expected = cloud(1003, 7);
      const bytes = encode(expected);
      for (const size of [7, 64, 1 << 20]) {
        assertSameCloud(await collectPoints(chunked(bytes, size), format), expected);
      }
      const batches: number[] = [];
      const it = decodePoints(chunked(bytes, 333), format, { batchPoints: 100 });
      for (let next = await it.next(); !next.done; next = await it.next()) {
        assert.equal(
          next.value.start,
          batches.reduce((a, b) => a + b, 0),
        );
        assert.ok(next.value.count <= 100);
        batches.push(next.value.count);
      }
      assert.equal(
        batches.reduce((a, b) => a + b, 0),
        1003,
      );
    });
  }

  it('nuscenes-bin: five float32 per point (x, y, z, intensity, ring)', async () => {
    const expected = cloud(50, 3, ['x', 'y', 'z', 'intensity', 'ring']);
    assertSameCloud(
      await collectPoints(chunked(encodeRawFloat(expected, 'nuscenes-bin'), 9), 'nuscenes-bin'),
      expected,
    );
  });

  it('PCD with mixed types, padding and a field of COUNT 2', async () => {
    const header = `VERSION .7\nFIELDS x y z _ label normal\nSIZE 4 4 8 1 1 2\nTYPE F F F U U I\nCOUNT 1 1 1 1 1 2\nWIDTH 2\nHEIGHT 1\nPOINTS 2\nDATA binary\n`;
    const stride = 4 + 4 + 8 + 1 + 1 + 4;
    const body = new DataView(new ArrayBuffer(2 * stride));
    const rows = [
      [1.5, -2, 3.25, 7, 200, -3, 4],
      [0, 10, -1e-3, 0, 1, 32767, -32768],
    ];
    rows.forEach((r, i) => {
      const p = i * stride;
      body.setFloat32(p, r[0]!, true);
      body.setFloat32(p + 4, r[1]!, true);
      body.setFloat64(p + 8, r[2]!, true);
      body.setUint8(p + 16, r[3]!);
      body.setUint8(p + 17, r[4]!);
      body.setInt16(p + 18, r[5]!, true);
      body.setInt16(p + 20, r[6]!, true);
    });
    const bytes = concatBytes(new TextEncoder().encode(header), new Uint8Array(body.buffer));
    const got = await collectPoints(chunked(bytes, 5), 'pcd');
    assert.deepEqual(Object.keys(got.fields), ['x', 'y', 'z', 'label', 'normal_0', 'normal_1']);
    assert.deepEqual([...got.fields.label!], [200, 1]);
    assert.deepEqual([...got.fields.normal_0!], [-3, 32767]);
    assert.deepEqual([...got.fields.normal_1!], [4, -32768]);
    assert.deepEqual([...got.fields.z!], [3.25, Math.fround(-1e-3)]);
  });

  it('PLY big endian with uchar colours and a face element after the vertices', async () => {
    const header =
      'ply\nformat binary_big_endian 1.0\nelement vertex 2\nproperty double x\nproperty double y\nproperty double z\nproperty uchar red\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n';
    const body = new DataView(new ArrayBuffer(2 * 25 + 13));
    [
      [1, 2, 3, 255],
      [-4, 5.5, 6, 0],
    ].forEach((r, i) => {
      body.setFloat64(i * 25, r[0]!, false);
      body.setFloat64(i * 25 + 8, r[1]!, false);
      body.setFloat64(i * 25 + 16, r[2]!, false);
      body.setUint8(i * 25 + 24, r[3]!);
    });
    const got = await collectPoints(
      chunked(concatBytes(new TextEncoder().encode(header), new Uint8Array(body.buffer)), 11),
      'ply',
    );
    assert.equal(got.count, 2);
    assert.deepEqual([...got.fields.x!], [1, -4]);
    assert.deepEqual([...got.fields.red!], [255, 0]);
  });

  it('summarizePoints: count, fields and the bounds of the finite points', async () => {
    const c = cloud(20, 11);
    c.fields.x![3] = Number.NaN;
    const info = await summarizePoints(chunked(encodePcd(c, 'binary'), 64), 'pcd');
    assert.equal(info.count, 20);
    assert.deepEqual(info.fields, ['x', 'y', 'z', 'intensity']);
    const finite = [...c.fields.y!].filter((_, i) => i !== 3);
    assert.equal(info.bounds?.min[1], Math.min(...finite));
    assert.equal(info.bounds?.max[1], Math.max(...finite));
  });

  it('truncated files and damaged headers are PARSE_ERRORs naming the file', async () => {
    const bytes = encodePcd(cloud(10, 1), 'binary');
    await assert.rejects(
      collectPoints(chunked(bytes.slice(0, bytes.length - 3), 64), 'pcd', { file: 'a.pcd' }),
      (e: unknown) => {
        return e instanceof AssayError && e.code === 'PARSE_ERROR' && e.message.startsWith('a.pcd');
      },
    );
    const kitti = encodeRawFloat(cloud(3, 1), 'kitti-bin');
    await assert.rejects(
      collectPoints(chunked(kitti.slice(0, 30), 8), 'kitti-bin', { file: 'b.bin' }),
      /b\.bin.*16-byte/,
    );
    const compressed = encodePcd(cloud(10, 1), 'binary_compressed');
    const damaged = compressed.slice();
    const dataStart = new TextDecoder().decode(compressed).indexOf('DATA binary_compressed\n') + 23;
    damaged[dataStart + 8] = 0xff; // a back reference before the start of the output
    await assert.rejects(collectPoints(chunked(damaged, 64), 'pcd', { file: 'c.pcd' }), /c\.pcd/);
    await assert.rejects(
      collectPoints(chunked(new TextEncoder().encode('hello\n'), 4), 'ply', { file: 'd.ply' }),
      /d\.ply/,
    );
  });
});
