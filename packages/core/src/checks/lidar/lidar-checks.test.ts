import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureSweep } from '../../geometry3d/point-measures.js';
import { type LidarScene, lidarScene } from '../../synthetic/lidar-scene.js';
import type { LidarCheckInput, LidarCuboid, PointMeasures } from './lidar-check-input.js';
import { lidarChecks } from './lidar-checks.js';

/** The scene as the checks read it from a project: ids in order, the points measured from the generated sweeps. */
function checkInput(scene: LidarScene): LidarCheckInput {
  const d = scene.dataset;
  const ids = new Map(d.samples.map((s, i) => [s.key, i + 1]));
  const samples = new Map(
    d.samples.map((s, i) => [
      i + 1,
      {
        id: i + 1,
        key: s.key,
        kind: s.kind ?? ('image' as const),
        ...(s.width ? { width: s.width, height: s.height! } : {}),
      },
    ]),
  );
  const cuboids: LidarCuboid[] = [];
  const boxes: LidarCheckInput['boxes'] = [];
  d.annotations.forEach((a, i) => {
    const common = { id: i + 1, sampleId: ids.get(a.sample)!, label: a.label!, originalId: a.originalId! };
    if (a.cuboid) cuboids.push({ ...common, cuboid: a.cuboid });
    else boxes.push({ ...common, bbox: a.bbox! });
  });
  const frames = d.frames!.map((f, i) => ({
    ...f,
    id: i + 1,
    members: f.members.map((m) => ({ ...m, sampleId: ids.get(m.sample)! })),
  }));
  const measures: PointMeasures = { inside: new Map(), ground: new Map(), sweeps: new Map() };
  for (const s of d.samples.filter((s) => s.kind === 'point_cloud')) {
    const own = cuboids.filter((c) => c.sampleId === ids.get(s.key));
    const m = measureSweep(
      scene.cloud(s.key),
      own.map((c) => c.cuboid),
    );
    measures.sweeps.set(ids.get(s.key)!, { count: m.count, medianRange: m.medianRange });
    own.forEach((c, k) => {
      measures.inside.set(c.id, m.inside[k]!);
      if (Number.isFinite(m.ground[k]!)) measures.ground.set(c.id, m.ground[k]!);
    });
  }
  return { sensors: d.sensors!, frames, samples, cuboids, boxes, measures };
}

function found(input: LidarCheckInput): string[] {
  const keys = new Map([...input.samples.values()].map((s) => [s.id, s.key]));
  const objects = new Map([...input.cuboids, ...input.boxes].map((a) => [a.id, String(a.originalId)]));
  return lidarChecks(input).issues.map((i) => {
    const object = i.annotationId === undefined ? '' : ` ${objects.get(i.annotationId)}`;
    return `${i.type} ${keys.get(i.sampleId!)}${object}`;
  });
}

describe('lidarChecks on the synthetic scene', () => {
  it('finds every planted defect and nothing else', () => {
    const scene = lidarScene();
    const expected = scene.planted
      .map((p) => `${p.type} ${p.sample}${p.object === undefined ? '' : ` ${p.object}`}`)
      .sort();
    assert.ok(expected.length > 20, 'defects were planted');
    assert.deepEqual(found(checkInput(scene)).sort(), expected);
  });

  it('a clean scene has no issue', () => {
    const scene = lidarScene({ defects: false, seed: 5 });
    assert.deepEqual(found(checkInput(scene)), []);
  });
});
