import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { assertBoxClose, extentOf, pixel, readRaw } from './_demo-test-helpers.js';
import type { Scene } from './demo-scene.js';
import { renderScene } from './render-scene.js';
import { SHAPE_KINDS, shapeBox } from './shape-geometry.js';

const scene = (objects: Scene['objects'], gain = 1): Scene => ({
  width: 200,
  height: 150,
  background: { kind: 'flat', color: [30, 40, 50] },
  lighting: { gain },
  objects,
});

describe('renderScene', () => {
  it('draws every shape kind exactly inside its computed box (PNG, several sizes and rotations)', async () => {
    for (const kind of SHAPE_KINDS) {
      for (const [radius, rotation] of [
        [6, 0.1],
        [13.3, 1.7],
        [40.6, 4.2],
      ] as const) {
        const o = {
          kind,
          cx: 100.4,
          cy: 74.7,
          radius,
          rotation,
          color: [220, 200, 90] as [number, number, number],
        };
        const img = await readRaw(await renderScene(scene([o]), { format: 'png' }));
        const box = shapeBox(o);
        const window = { x: box.x - 4, y: box.y - 4, w: box.w + 8, h: box.h + 8 };
        // Antialiased edge pixels count once at least about a third covered.
        const extent = extentOf(img, window, [30, 40, 50], 60);
        assert.ok(extent, `${kind} r=${radius} not drawn`);
        // Measured worst edge error over these cases: 0.88 px (a star tip).
        assertBoxClose(extent, box, 1.2, `${kind} r=${radius}`);
      }
    }
  });

  it('applies lighting gain to every colour, and the dark effect scales pixels down', async () => {
    const o = {
      kind: 'square' as const,
      cx: 100,
      cy: 75,
      radius: 30,
      rotation: 0,
      color: [200, 100, 50] as [number, number, number],
    };
    const img = await readRaw(await renderScene(scene([o], 0.5), { format: 'png' }));
    assert.deepEqual(pixel(img, 100, 75), [100, 50, 25]);
    assert.deepEqual(pixel(img, 2, 2), [15, 20, 25]);
    const dark = await renderScene(scene([o]), { format: 'png', effect: { kind: 'dark', gain: 0.1 } });
    const { channels } = await sharp(dark).stats();
    assert.ok(
      channels.every((c) => c.max <= 21),
      'every channel is at most a tenth of 200 (+rounding)',
    );
  });

  it('encodes the same scene to the same bytes, and blur lowers sharpness', async () => {
    const o = {
      kind: 'star' as const,
      cx: 90,
      cy: 70,
      radius: 40,
      rotation: 0.5,
      color: [240, 240, 240] as [number, number, number],
    };
    const a = await renderScene(scene([o]), { format: 'jpg', quality: 90 });
    const b = await renderScene(scene([o]), { format: 'jpg', quality: 90 });
    assert.ok(a.equals(b));
    const blurred = await renderScene(scene([o]), {
      format: 'jpg',
      quality: 90,
      effect: { kind: 'blur', sigma: 6 },
    });
    const sharpness = async (buf: Buffer) => (await sharp(buf).stats()).sharpness;
    assert.ok((await sharpness(blurred)) < (await sharpness(a)) / 3);
  });
});
