/**
 * Issue 10 (point files nobody here made): PLY and PCD layouts other tools write, built here from the
 * formats' descriptions (Paul Bourke's PLY notes, PCL's PCD v0.7 page): CloudCompare-style binary
 * big-endian PLY with double coordinates on a survey grid, normals, colours and a face element after the
 * vertices; MeshLab-style `element camera` before the vertices (binary and ascii); PCD with double
 * coordinates, binary_compressed, read in chunks that cut the header and records.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concatBytes } from '../arrays/concat-bytes.js';
import type { PointCloud } from '../model/point-cloud.js';
import { collectPoints } from './decode-points.js';
import { encodePcd } from './encode-points.js';
import { worldColumn } from './point-origin.js';
import { summarizePoints } from './point-summary.js';

const text = (s: string) => new TextEncoder().encode(s);
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}
/** UTM points (x ≈ 5.1e5, y ≈ 5.4e6 m), centimetre values: float32 holds y only in steps of 0.5 m. */
const UTM = [
  [512345.67, 5403210.12, 301.5],
  [512346.01, 5403211.99, 310.25],
];

describe('issue 10: PLY and PCD layouts from other tools', () => {
  it('PLY binary_big_endian: double x, y, z held from a local origin, normals and colours kept, faces after the vertices', async () => {
    const header = text(
      'ply\nformat binary_big_endian 1.0\ncomment CloudCompare\nelement vertex 2\nproperty double x\nproperty double y\nproperty double z\nproperty float nx\nproperty uchar red\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n',
    );
    const stride = 24 + 4 + 1;
    const body = new Uint8Array(stride * 2 + 1 + 12);
    const v = new DataView(body.buffer);
    UTM.forEach((p, i) => {
      p.forEach((c, k) => {
        v.setFloat64(i * stride + 8 * k, c, false);
      });
      v.setFloat32(i * stride + 24, 0.5, false);
      v.setUint8(i * stride + 28, 200 + i);
    });
    body[stride * 2] = 3; // a face: 3 indices, never read
    const bytes = concatBytes(header, body);
    const info = await summarizePoints(chunked(bytes, 7), 'ply', { origin: 'auto' });
    assert.deepEqual(info.origin, [512000, 5403000, 0]);
    assert.deepEqual(info.fields, ['x', 'y', 'z', 'nx', 'red']);
    const cloud = await collectPoints(chunked(bytes, 7), 'ply', { origin: info.origin! });
    assert.deepEqual(cloud.fields.y, Float32Array.from([210.12, 211.99]));
    assert.deepEqual(cloud.fields.red, Float32Array.from([200, 201]));
    // back in the file's coordinates (float64), to the centimetre
    assert.deepEqual(
      [...worldColumn(cloud, 1)].map((w) => Math.round(w * 100)),
      [540321012, 540321199],
    );
  });

  it('PLY with an element before the vertices (MeshLab camera), binary and ascii: skipped', async () => {
    const camera = 'element camera 1\nproperty float view_px\nproperty float view_py\n';
    const binary = concatBytes(
      text(
        `ply\nformat binary_little_endian 1.0\n${camera}element vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n`,
      ),
      new Uint8Array(Float32Array.from([9, 9, 1, 2, 3]).buffer),
    );
    assert.deepEqual((await collectPoints(chunked(binary, 5), 'ply')).fields.z, Float32Array.from([3]));
    const ascii = text(
      `ply\nformat ascii 1.0\n${camera}element vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n9 9\n1 2 3\n4 5 6\n`,
    );
    const cloud = await collectPoints(chunked(ascii, 3), 'ply');
    assert.deepEqual(cloud.fields.x, Float32Array.from([1, 4]));
    // a list before the vertices cannot be skipped: said, naming the element
    const listed = text(
      'ply\nformat ascii 1.0\nelement face 1\nproperty list uchar int vertex_indices\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n3 0 1 2\n1 2 3\n',
    );
    await assert.rejects(
      collectPoints(chunked(listed, 64), 'ply', { file: 'mesh.ply' }),
      /mesh\.ply: the PLY element "face" before the vertices/,
    );
  });

  it('PCD binary_compressed with double x, y, z (written back from a local origin): exact, chosen again on reading', async () => {
    const local: PointCloud = {
      count: 2,
      fields: {
        x: Float32Array.from([345.67, 346.01]),
        y: Float32Array.from([210.12, 211.99]),
        z: Float32Array.from([301.5, 310.25]),
        intensity: Float32Array.from([3, 4]),
      },
      origin: [512000, 5403000, 0],
      grid: { scale: [0.01, 0.01, 0.01], offset: [0, 0, 0] },
    };
    const bytes = encodePcd(local, 'binary_compressed');
    assert.match(new TextDecoder().decode(bytes.subarray(0, 200)), /SIZE 8 8 8 4\nTYPE F F F F/);
    const info = await summarizePoints(chunked(bytes, 11), 'pcd', { origin: 'auto' });
    assert.deepEqual(info.origin, [512000, 5403000, 0]);
    const back = await collectPoints(chunked(bytes, 11), 'pcd', { origin: info.origin! });
    assert.deepEqual(
      [0, 1, 2].map((k) => [...worldColumn(back, k as 0 | 1 | 2)].map((w) => Math.round(w * 100))),
      [0, 1, 2].map((k) => UTM.map((p) => Math.round(p[k]! * 100))),
    );
    assert.deepEqual(back.fields.intensity, Float32Array.from([3, 4]));
  });

  it('PCD without x, y, z whose field has COUNT 64 (PCL descriptors): refused naming the first fields, not all 66', async () => {
    const header = text(
      'VERSION 0.7\nFIELDS scale orientation descriptor\nSIZE 4 4 1\nTYPE F F U\nCOUNT 1 1 64\nWIDTH 1\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS 1\nDATA binary\n',
    );
    const file = concatBytes(header, new Uint8Array(72));
    await assert.rejects(
      summarizePoints(chunked(file, 1 << 16), 'pcd', { file: 'brisk.pcd' }),
      (e: Error & { hint?: string }) => {
        assert.equal(
          e.hint,
          'A point file needs x, y and z fields; this one has scale, orientation, descriptor_0, descriptor_1, descriptor_2, descriptor_3, descriptor_4, descriptor_5 and 58 more.',
        );
        return true;
      },
    );
  });
});
