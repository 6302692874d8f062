/**
 * Issue 10: CVAT `<ellipse>` shapes were skipped as unsupported. CVAT for images/video 1.1 writes an
 * ellipse as `<ellipse label cx cy rx ry rotation>` (centre and half-axes in pixels, rotation in degrees
 * clockwise, as its `<box rotation>`; CVAT docs "CVAT for images/video export"). The files below are
 * written from that description. Expected boxes are the ellipse's own extent:
 * half-width √((rx·cos θ)² + (ry·sin θ)²), half-height √((rx·sin θ)² + (ry·cos θ)²); area π·rx·ry.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { polygonArea } from '../../geometry/polygon.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { cvat } from './cvat-format.js';

const io = createNodeFormatIO();
const close = (a: readonly number[] | undefined, b: number[], what: string) => {
  assert.equal(a?.length, b.length, what);
  for (const [i, v] of b.entries())
    assert.ok(Math.abs((a?.[i] ?? Number.NaN) - v) < 1e-3, `${what}: ${a} vs ${b}`);
};

const IMAGES = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <image id="0" name="a.jpg" width="100" height="80">
    <ellipse label="ball" source="manual" occluded="0" cx="50.00" cy="40.00" rx="20.00" ry="10.00" z_order="0">
    </ellipse>
    <ellipse label="ball" source="manual" occluded="0" cx="50.00" cy="40.00" rx="20.00" ry="10.00" rotation="30.0" z_order="0">
    </ellipse>
    <ellipse label="ball" source="manual" occluded="0" cx="50.00" cy="40.00" rx="-2" ry="10.00" z_order="0">
    </ellipse>
  </image>
</annotations>
`;

const VIDEO = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta><task><size>3</size><start_frame>0</start_frame><stop_frame>2</stop_frame>
    <labels><label><name>ball</name><type>ellipse</type><attributes></attributes></label></labels>
    <original_size><width>64</width><height>48</height></original_size></task></meta>
  <track id="0" label="ball" source="manual">
    <ellipse frame="0" keyframe="1" outside="0" occluded="0" cx="10" cy="20" rx="4" ry="2" z_order="0"></ellipse>
    <ellipse frame="2" keyframe="1" outside="0" occluded="0" cx="30" cy="20" rx="8" ry="2" z_order="0"></ellipse>
  </track>
</annotations>
`;

describe('issue 10: CVAT ellipses', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-ellipse-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('an <ellipse> is a 32-point polygon with its exact box and area; rotation turns it; a bad one is skipped', async () => {
    await writeFile(`${dir}/images.xml`, IMAGES);
    const r = await cvat.read({ path: `${dir}/images.xml`, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.annotations.length, 2);
    const [plain, turned] = r.annotations;
    assert.equal(plain?.kind, 'polygon');
    assert.equal(plain?.label, 'ball');
    assert.equal(plain?.attributes?.shape, 'ellipse');
    // cx 50 ± rx 20, cy 40 ± ry 10
    close(plain?.bbox, [30, 30, 40, 20], 'box of the upright ellipse');
    close([plain?.area ?? 0], [Math.PI * 200], 'area π·20·10');
    assert.equal(plain?.points?.[0]?.length, 64, '32 points');
    close(plain?.points?.[0]?.slice(0, 2), [70, 40], 'first point at the end of the x half-axis');
    const ratio = polygonArea(plain?.points?.[0] ?? []) / (Math.PI * 200);
    assert.ok(ratio > 0.993 && ratio < 1, `polygon area within 0.7% (${ratio})`);
    // rotation 30°: half-width √(300 + 25) = 18.0278, half-height √(100 + 75) = 13.2288
    close(turned?.bbox, [50 - 18.0278, 40 - 13.2288, 2 * 18.0278, 2 * 13.2288], 'box of the turned ellipse');
    close(
      turned?.points?.[0]?.slice(0, 2),
      [50 + 20 * Math.cos(Math.PI / 6), 40 + 20 * Math.sin(Math.PI / 6)],
      'turned clockwise',
    );
    assert.deepEqual(
      r.problems.map((p) => [p.severity, p.record ?? '', p.reason]),
      [
        ['error', '<image name="a.jpg"> <ellipse> #3', 'the half-axes must be positive (rx -2, ry 10)'],
        [
          'warning',
          '',
          "2 <ellipse> shapes read as polygons of 32 points on the ellipse (box and area: the ellipse's own; attribute shape=ellipse)",
        ],
      ],
    );
  });

  it('an ellipse track is interpolated between keyframes (centre and half-axes)', async () => {
    await writeFile(`${dir}/video.xml`, VIDEO);
    const r = await cvat.read({ path: `${dir}/video.xml`, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.problems.filter((p) => p.severity === 'error'),
      [],
    );
    const boxes = r.annotations.map((a) => [a.sample, a.bbox]);
    assert.deepEqual(boxes, [
      ['frame_000000.PNG', [6, 18, 8, 4]],
      // halfway: cx 20, rx 6
      ['frame_000001.PNG', [14, 18, 12, 4]],
      ['frame_000002.PNG', [22, 18, 16, 4]],
    ]);
  });
});
