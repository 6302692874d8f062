/**
 * Point-file seeds of the fuzz suite: PCD (ascii, binary, binary_compressed, with a label field), PLY
 * (ascii, binary), a KITTI object folder (velodyne .bin, calib, label_2) and a SemanticKITTI sequence
 * (velodyne .bin, .label), written by Assay's encoders and the KITTI test scene. The point files
 * themselves are what the fuzzer mutates (mutate-points.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PointCloud } from '../../model/point-cloud.js';
import { encodePcd, encodePly, encodeRawFloat } from '../../point-cloud/encode-points.js';
import { writeKittiScene } from '../../test-kit/kitti-scene.js';
import type { FuzzSeed } from './fuzz-seeds.js';

/** A small sweep: a ring of points with an intensity and a class per point. */
function ring(n: number, withLabel: boolean): PointCloud {
  const fields: Record<string, Float32Array> = {
    x: new Float32Array(n),
    y: new Float32Array(n),
    z: new Float32Array(n),
    intensity: new Float32Array(n),
  };
  if (withLabel) fields.label = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    fields.x![i] = 10 * Math.cos(a);
    fields.y![i] = 10 * Math.sin(a);
    fields.z![i] = -1.7 + (i % 7) * 0.1;
    fields.intensity![i] = (i % 13) / 13;
    if (withLabel) fields.label![i] = i % 3;
  }
  return { count: n, fields };
}

export async function pointSeeds(root: string): Promise<FuzzSeed[]> {
  const seeds: FuzzSeed[] = [];
  const files: [string, 'pcd' | 'ply', Uint8Array][] = [
    ['ascii.pcd', 'pcd', encodePcd(ring(64, true), 'ascii')],
    ['binary.pcd', 'pcd', encodePcd(ring(64, true), 'binary')],
    ['compressed.pcd', 'pcd', encodePcd(ring(64, true), 'binary_compressed')],
    ['ascii.ply', 'ply', encodePly(ring(64, false), 'ascii')],
    ['binary.ply', 'ply', encodePly(ring(64, false), 'binary_little_endian')],
  ];
  for (const [name, format, bytes] of files) {
    const dir = join(root, `points-${name.replace('.', '-')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), bytes);
    seeds.push({ name: `point file ${name}`, format, dir, path: name, mutable: [name] });
  }
  const kitti = join(root, 'points-kitti');
  await writeKittiScene(kitti, 1);
  seeds.push({
    name: 'kitti velodyne .bin',
    format: 'kitti',
    dir: kitti,
    path: '.',
    mutable: ['velodyne/000000.bin'],
  });
  const seq = join(root, 'points-semantic-kitti', '08');
  await mkdir(join(seq, 'velodyne'), { recursive: true });
  await mkdir(join(seq, 'labels'), { recursive: true });
  await writeFile(join(seq, 'velodyne', '000000.bin'), encodeRawFloat(ring(64, false), 'kitti-bin'));
  await writeFile(
    join(seq, 'labels', '000000.label'),
    new Uint8Array(Uint32Array.from({ length: 64 }, (_, i) => [40, 10, 70][i % 3]!).buffer),
  );
  await writeFile(join(seq, 'times.txt'), '0.000000e+00\n');
  seeds.push({
    name: 'semantic-kitti .label',
    format: 'kitti-raw',
    dir: join(root, 'points-semantic-kitti'),
    path: '08',
    mutable: ['08/velodyne/000000.bin', '08/labels/000000.label'],
  });
  return seeds;
}
