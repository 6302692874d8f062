import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoxOverlay } from './box-overlay.js';
import { KeypointsOverlay } from './keypoints-overlay.js';
import { type DrawAnnotation, makeOverlays } from './make-overlays.js';
import { MaskOverlay } from './mask-overlay.js';
import type { OverlayStyle } from './overlay.js';
import { paintScene, pickOverlay } from './paint-scene.js';
import { OUTCOME_COLORS, PALETTE } from './palette.js';
import { PolygonOverlay } from './polygon-overlay.js';
import { RecordingContext } from './recording-context.js';
import { containView, toImage } from './renderer.js';
import { rleToBitmap } from './rle-decode.js';

const style: OverlayStyle = { color: '#ff0000', dashed: false, hovered: false, fillAlpha: 0.25 };
const view = { scale: 0.5, ox: 10, oy: 20 };

describe('overlays → canvas commands', () => {
  it('a box is one strokeRect at image × scale + offset, solid for ground truth, dashed for predictions', () => {
    const ctx = new RecordingContext();
    new BoxOverlay(1, 'a', [100, 40, 60, 20]).draw(ctx, view, style);
    new BoxOverlay(2, 'b', [100, 40, 60, 20]).draw(ctx, view, { ...style, dashed: true, color: '#00ff00' });
    const rects = ctx.ops('strokeRect');
    assert.deepEqual(rects[0]?.args, [60, 40, 30, 10]);
    assert.equal(rects[0]?.strokeStyle, '#ff0000');
    assert.deepEqual(rects[0]?.dash, []);
    assert.equal(rects[1]?.strokeStyle, '#00ff00');
    assert.ok((rects[1]?.dash.length ?? 0) > 0, 'prediction outline is dashed');
  });

  it('a polygon with a hole is two closed subpaths filled by the even-odd rule; the hole is not a hit', () => {
    const outer = [0, 0, 100, 0, 100, 100, 0, 100];
    const hole = [25, 25, 75, 25, 75, 75, 25, 75];
    const poly = new PolygonOverlay(3, 'p', [outer, hole], true);
    const ctx = new RecordingContext();
    poly.draw(ctx, { scale: 1, ox: 0, oy: 0 }, style);
    assert.equal(ctx.ops('moveTo').length, 2);
    assert.equal(ctx.ops('lineTo').length, 6);
    assert.equal(ctx.ops('closePath').length, 2);
    const fill = ctx.ops('fill');
    assert.deepEqual(fill[0]?.args, ['evenodd']);
    assert.equal(fill[0]?.globalAlpha, 0.25);
    assert.equal(ctx.ops('stroke').length, 1);
    assert.equal(poly.hitTest(10, 10, 0), true, 'in the ring');
    assert.equal(poly.hitTest(50, 50, 0), false, 'in the hole');
    assert.equal(poly.hitTest(150, 50, 0), false, 'outside');
    assert.equal(poly.hitTest(101, 50, 2), true, 'near the outer edge, within tolerance');
    // 100² − 50² = 7500; a separate second part would add instead.
    assert.equal(poly.area(), 7500);
    assert.equal(new PolygonOverlay(4, 'q', [outer, [200, 0, 210, 0, 210, 10, 200, 10]], true).area(), 10100);
  });

  it('a polyline is an open path: no closePath, no fill, hit only near its segments', () => {
    const line = new PolygonOverlay(5, 'l', [[0, 0, 100, 0, 100, 100]], false);
    const ctx = new RecordingContext();
    line.draw(ctx, { scale: 2, ox: 0, oy: 0 }, style);
    assert.equal(ctx.ops('closePath').length, 0);
    assert.equal(ctx.ops('fill').length, 0);
    assert.deepEqual(
      ctx.calls.filter((c) => c.op === 'moveTo' || c.op === 'lineTo').map((c) => c.args),
      [
        [0, 0],
        [200, 0],
        [200, 200],
      ],
    );
    assert.equal(line.hitTest(50, 1, 2), true);
    assert.equal(line.hitTest(50, 50, 2), false, 'inside the would-be triangle but far from the line');
    assert.equal(line.hitTest(50, 99, 2), false, 'the closing segment is not part of a polyline');
  });

  it('keypoints draw labelled points only (visible filled, hidden stroked) and limbs between labelled ends', () => {
    // Three points: visible, hidden, unlabelled; skeleton 0-1 and 1-2 (0-based).
    const kp = new KeypointsOverlay(
      6,
      'k',
      [10, 10, 2, 20, 20, 1, 30, 30, 0],
      [
        [0, 1],
        [1, 2],
      ],
      null,
    );
    const ctx = new RecordingContext();
    kp.draw(ctx, { scale: 1, ox: 0, oy: 0 }, style);
    const arcs = ctx.ops('arc').map((c) => c.args.slice(0, 2));
    assert.deepEqual(arcs, [
      [10, 10],
      [20, 20],
    ]);
    assert.deepEqual(ctx.ops('moveTo')[0]?.args, [10, 10]);
    assert.deepEqual(
      ctx.ops('lineTo').map((c) => c.args),
      [[20, 20]],
      'limb 1-2 skipped: point 2 unlabelled',
    );
    assert.equal(ctx.ops('fill').length, 1, 'only the visible point is filled');
    assert.equal(kp.hitTest(15, 15, 1), true, 'on the limb');
    assert.equal(kp.hitTest(30, 30, 1), false, 'unlabelled point');
    assert.deepEqual(kp.anchor(), [10, 10]);
  });

  it('a mask decodes its RLE, draws one scaled image and hit-tests by pixel', () => {
    // 4×3 (h×w) column-major runs: 5 zeros, 3 ones (rows 1..3 of column 1), 4 zeros.
    const bitmap = rleToBitmap([4, 3], [5, 3, 4]);
    assert.ok(bitmap);
    assert.equal(bitmap.area, 3);
    assert.deepEqual(bitmap.bbox, [1, 1, 1, 3]);
    const made: [number, number, number, number][] = [];
    const mask = new MaskOverlay(7, 'm', bitmap, (_m, rgba) => {
      made.push([...rgba]);
      return {} as CanvasImageSource;
    });
    const ctx = new RecordingContext();
    mask.draw(ctx, { scale: 10, ox: 5, oy: 0 }, style);
    mask.draw(ctx, { scale: 10, ox: 5, oy: 0 }, style);
    assert.equal(made.length, 1, 'the tinted image is made once per colour');
    assert.deepEqual(made[0], [255, 0, 0, 64]);
    assert.deepEqual(ctx.ops('drawImage')[0]?.args.slice(1), [5, 0, 30, 40]);
    assert.equal(mask.hitTest(1.5, 2.5), true);
    assert.equal(mask.hitTest(0.5, 2.5), false);
    assert.equal(mask.area(), 3);
  });
});

describe('scene', () => {
  const anns: DrawAnnotation[] = [
    { id: 1, source: 'ground_truth', kind: 'bbox', class_id: 0, bbox: [0, 0, 100, 100], outcome: 'tp' },
    {
      id: 2,
      source: 'prediction:m',
      kind: 'bbox',
      class_id: 1,
      bbox: [10, 10, 20, 20],
      score: 0.9,
      outcome: 'fp',
    },
    { id: 3, source: 'ground_truth', kind: 'classification', class_id: 1, bbox: null },
  ];
  const names = ['cat', '<img src=x onerror=alert(1)>'];
  const items = makeOverlays(anns, {
    className: (id) => (id == null ? '(none)' : (names[id] ?? `#${id}`)),
    makeMaskImage: () => ({}) as CanvasImageSource,
  });

  it('picks the smallest shape under the point', () => {
    assert.equal(pickOverlay(items, 25, 25, 0)?.annotation.id, 2);
    assert.equal(
      pickOverlay(items, 15, 10, 0)?.annotation.id,
      3,
      'the classification chip, top-left, is on top',
    );
    assert.equal(pickOverlay(items, 80, 80, 0)?.annotation.id, 1);
    assert.equal(pickOverlay(items, 200, 200, 0), null);
  });

  it('colours by class palette index or by outcome, draws the hovered one last with its label as text', () => {
    const ctx = new RecordingContext();
    paintScene(
      ctx,
      items,
      { scale: 1, ox: 0, oy: 0 },
      {
        colorBy: 'class',
        classColorIndex: (id) => (id == null ? null : id + 3),
        hoveredId: 2,
        fillAlpha: 0.2,
      },
    );
    const rects = ctx.ops('strokeRect');
    assert.equal(rects[0]?.strokeStyle, PALETTE[3]);
    assert.equal(rects[1]?.strokeStyle, PALETTE[4], 'hovered box drawn last');
    assert.ok((rects[1]?.lineWidth ?? 0) > (rects[0]?.lineWidth ?? 0), 'hovered is thicker');
    const texts = ctx.ops('fillText').map((c) => c.args[0]);
    assert.ok(texts.includes('<img src=x onerror=alert(1)> 0.90 FP · prediction:m'), texts.join('|'));
    const ctx2 = new RecordingContext();
    paintScene(
      ctx2,
      items,
      { scale: 1, ox: 0, oy: 0 },
      {
        colorBy: 'outcome',
        classColorIndex: () => 0,
        hoveredId: null,
        fillAlpha: 0.2,
      },
    );
    assert.deepEqual(
      ctx2.ops('strokeRect').map((c) => c.strokeStyle),
      [OUTCOME_COLORS.tp, OUTCOME_COLORS.fp],
    );
  });

  it('maps screen points back to image points through a contain-fit view', () => {
    const v = containView(400, 200, 100, 100);
    assert.deepEqual(v, { scale: 0.25, ox: 0, oy: 25 });
    assert.deepEqual(toImage(v, 50, 50), [200, 100]);
  });
});

describe('makeOverlays from the API form', () => {
  it('reads [x, y] rings (outline then holes), open polylines and 1-based COCO skeletons', () => {
    const items = makeOverlays(
      [
        {
          id: 1,
          source: 'ground_truth',
          kind: 'polygon',
          class_id: 0,
          bbox: [0, 0, 10, 10],
          polygon: [
            [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 10],
            ],
            [
              [4, 4],
              [6, 4],
              [6, 6],
              [4, 6],
            ],
          ],
        },
        {
          id: 2,
          source: 'ground_truth',
          kind: 'polyline',
          class_id: 0,
          bbox: null,
          polygon: [
            [
              [0, 20],
              [10, 20],
            ],
          ],
        },
        {
          id: 3,
          source: 'ground_truth',
          kind: 'keypoints',
          class_id: 0,
          bbox: [0, 30, 10, 10],
          keypoints: [0, 30, 2, 10, 40, 2],
          skeleton: [[1, 2]],
        },
        {
          id: 4,
          source: 'ground_truth',
          kind: 'mask',
          class_id: 0,
          bbox: [0, 0, 1, 1],
          rle: { size: [2, 2], counts: '\u0001' },
        },
      ],
      { className: () => 'c', makeMaskImage: () => ({}) as CanvasImageSource },
    );
    const [poly, line, kp, badMask] = items.map((i) => i.overlay);
    assert.equal(poly?.area(), 96);
    assert.equal(poly?.hitTest(5, 5, 0), false, 'in the hole');
    assert.equal(line?.hitTest(5, 20, 0.5), true);
    assert.equal(kp?.hitTest(5, 35, 0.5), true, 'on the limb between keypoints 1 and 2');
    assert.ok(badMask instanceof BoxOverlay, 'a malformed mask falls back to its box');
  });
});
