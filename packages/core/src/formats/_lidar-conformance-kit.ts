/**
 * The conformance cases of point formats (KITTI, nuScenes, PCD, PLY), run by describeConformance for
 * every format with cuboid or point_labels tasks. The source is a small synthetic recording
 * (synthetic/lidar-scene.ts) written for real: sweeps as binary PCD with a `label` field (0 ground,
 * 1 object), camera images as PNGs rendered with sharp.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { wrapAngle } from '../geometry3d/mat34.js';
import type { Annotation } from '../model/annotation.js';
import type { PointCloud } from '../model/point-cloud.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { collectPoints } from '../point-cloud/decode-points.js';
import { encodePcd } from '../point-cloud/encode-points.js';
import { pointBounds } from '../point-cloud/point-summary.js';
import { lidarScene } from '../synthetic/lidar-scene.js';
import { emptyLookup, renderImage } from './conformance.js';
import type { Dataset, ReadResult } from './dataset.js';
import type { Format } from './define-format.js';
import { joinPath, toPosix } from './paths.js';

export type LidarConformanceCase =
  | 'lidar_round_trip'
  | 'lidar_points'
  | 'lidar_empty'
  | 'lidar_missing_sweep';

function withLabels(cloud: PointCloud): PointCloud {
  const z = cloud.fields.z!;
  const label = new Float32Array(cloud.count);
  for (let i = 0; i < cloud.count; i++) label[i] = z[i]! > -1.8 ? 1 : 0;
  return { count: cloud.count, fields: { ...cloud.fields, label } };
}

/** A 2-sequence × 3-frame recording written as PCD sweeps and PNG images under `root`; the dataset and the clouds. */
async function sourceScene(root: string): Promise<{ dataset: Dataset; clouds: Map<string, PointCloud> }> {
  const scene = lidarScene({ frames: 3, points: 600, objects: 3, defects: false, seed: 3 });
  const d = scene.dataset;
  const rename = new Map<string, string>();
  const clouds = new Map<string, PointCloud>();
  for (const s of d.samples) {
    if (s.kind !== 'point_cloud') continue;
    const key = s.key.replace(/\.pcd\.bin$/, '.pcd');
    const cloud = withLabels(scene.cloud(s.key));
    const path = join(root, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, encodePcd(cloud, 'binary'));
    rename.set(s.key, key);
    clouds.set(key, cloud);
    s.key = key;
    s.pointCloud = {
      format: 'pcd',
      count: cloud.count,
      fields: Object.keys(cloud.fields),
      bounds: pointBounds(cloud),
    };
  }
  for (const image of scene.images) await renderImage(join(root, image.key), image.width, image.height, 1);
  for (const a of d.annotations) a.sample = rename.get(a.sample) ?? a.sample;
  for (const f of d.frames ?? []) for (const m of f.members) m.sample = rename.get(m.sample) ?? m.sample;
  for (const [key, cloud] of clouds) {
    const objects = cloud.fields.label!.reduce((n, v) => n + v, 0);
    d.annotations.push({
      sample: key,
      source: 'ground_truth',
      kind: 'point_labels',
      pointLabels: {
        field: 'label',
        classes: { 0: 'ground', 1: 'object' },
        counts: { ground: cloud.count - objects, object: objects },
      },
    });
  }
  d.classes.push(
    { name: 'ground', originalIds: { pcd: 0, ply: 0 } },
    { name: 'object', originalIds: { pcd: 1, ply: 1 } },
  );
  return { dataset: d, clouds };
}

function cuboidsOf(annotations: Annotation[]): Annotation[] {
  return annotations
    .filter((a) => a.kind === 'cuboid')
    .sort((a, b) => a.cuboid!.center[0] - b.cuboid!.center[0] || a.cuboid!.center[1] - b.cuboid!.center[1]);
}

export function describeLidarConformance(
  format: Format,
  skip: Partial<Record<LidarConformanceCase, string>> = {},
): void {
  const io = createNodeFormatIO();
  let dir = '';
  const roundTrip = async (
    name: string,
    edit?: (d: Dataset) => void,
    mutate?: (out: string) => Promise<void>,
  ) => {
    const root = join(dir, name, 'source');
    const { dataset, clouds } = await sourceScene(root);
    edit?.(dataset);
    const out = toPosix(join(dir, name, 'out'));
    const written = await format.write!({
      dataset,
      imagesRoot: toPosix(root),
      outDir: out,
      io,
      images: 'copy',
    });
    await mutate?.(out);
    const back: ReadResult = await format.read({
      path: out,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    return { dataset, clouds, written, back, out };
  };

  describe(`format conformance (point clouds): ${format.id}`, () => {
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), `assay-conf-lidar-${format.id}-`));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('round trip keeps the sweeps, their point counts and the kinds the format holds', {
      skip: skip.lidar_round_trip ?? false,
    }, async () => {
      const { dataset, written, back } = await roundTrip('round-trip');
      assert.deepEqual(
        back.problems.filter((p) => p.severity === 'error'),
        [],
      );
      const counts = (d: Dataset) =>
        d.samples
          .filter((s) => s.kind === 'point_cloud')
          .map((s) => s.pointCloud?.count)
          .sort();
      assert.deepEqual(counts(back), counts(dataset));
      const kept = dataset.annotations.filter((a) => format.capabilities.roundTrip.includes(a.kind));
      assert.equal(written.annotations, kept.length, 'WriteResult.annotations');
      assert.equal(
        back.annotations.filter((a) => format.capabilities.roundTrip.includes(a.kind)).length,
        kept.length,
      );
      if (!format.capabilities.roundTrip.includes('cuboid')) return;
      const expected = cuboidsOf(dataset.annotations);
      const actual = cuboidsOf(back.annotations);
      assert.equal(actual.length, expected.length);
      for (let i = 0; i < expected.length; i++) {
        const e = expected[i]!.cuboid!;
        const a = actual[i]!.cuboid!;
        assert.equal(actual[i]!.label, expected[i]!.label);
        for (let k = 0; k < 3; k++) {
          assert.ok(
            Math.abs(a.center[k]! - e.center[k]!) < 1e-3,
            `centre ${k}: ${a.center[k]} vs ${e.center[k]}`,
          );
          assert.ok(Math.abs(a.size[k]! - e.size[k]!) < 1e-3, `size ${k}`);
        }
        assert.ok(Math.abs(wrapAngle(a.yaw - e.yaw)) < 1e-3, `yaw ${a.yaw} vs ${e.yaw}`);
      }
      assert.ok((back.frames?.length ?? 0) >= 6, 'frames survive');
    });

    it('points read back from the written files equal the source points (float32)', {
      skip: skip.lidar_points ?? false,
    }, async () => {
      const { clouds, back, out } = await roundTrip('points');
      const sweeps = back.samples.filter((s) => s.kind === 'point_cloud');
      assert.equal(sweeps.length, clouds.size);
      const sources = [...clouds.values()].sort((a, b) => a.fields.x![0]! - b.fields.x![0]!);
      const read = await Promise.all(
        sweeps.map((s) =>
          collectPoints(io.readChunks(joinPath(back.imagesRoot ?? out, s.key)), s.pointCloud!.format),
        ),
      );
      read.sort((a, b) => a.fields.x![0]! - b.fields.x![0]!);
      read.forEach((r, i) => {
        for (const f of ['x', 'y', 'z'] as const) assert.deepEqual(r.fields[f], sources[i]!.fields[f], f);
      });
    });

    it('a dataset without annotations writes and reads back without errors', {
      skip: skip.lidar_empty ?? false,
    }, async () => {
      const { back } = await roundTrip('empty', (d) => {
        d.annotations = [];
      });
      assert.equal(back.annotations.length, 0);
      assert.deepEqual(
        back.problems.filter((p) => p.severity === 'error'),
        [],
      );
    });

    it('a missing sweep file is reported or kept, never a crash', {
      skip: skip.lidar_missing_sweep ?? false,
    }, async () => {
      let victim = '';
      const { back } = await roundTrip('missing', undefined, async (out) => {
        const all = (await readdir(out, { recursive: true })).map(String);
        victim = all.find((f) => /\.(bin|pcd|ply)$/.test(f) && !f.includes('v1.0'))!;
        assert.ok(victim, 'a sweep was written');
        await unlink(join(out, victim));
      });
      const name = victim.slice(victim.lastIndexOf('/') + 1);
      const reported = back.problems.some((p) => `${p.file} ${p.record ?? ''} ${p.reason}`.includes(name));
      const kept = back.samples.some((s) => s.key.endsWith(name));
      assert.ok(reported || kept, `${name} is named in a problem or kept`);
    });
  });
}
