/**
 * User ONNX detectors on tiny real models (models/test-kit/tiny-detector-onnx.ts, answers by hand):
 * the Ultralytics layout and the boxes/scores/classes layout, letterboxing, NMS and the way back to
 * image pixels.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { tinyBoxesScoresClassesOnnx, tinyYoloOnnx } from '../../models/test-kit/tiny-detector-onnx.js';
import { openOnnxDetector } from './onnx-detector.js';

const DECODE = { minScore: 0.25, iou: 0.7, maxDetections: 300 };
const near = (a: readonly number[], b: readonly number[], tol = 0.6) =>
  assert.ok(a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= tol), `${a} ≉ ${b}`);

describe('ONNX detectors', () => {
  let dir = '';
  let white: Uint8Array;
  let black: Uint8Array;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-onnx-detector-'));
    await writeFile(join(dir, 'yolo.onnx'), tinyYoloOnnx());
    await writeFile(join(dir, 'yolo.onnx.json'), JSON.stringify({ input_size: 64, classes: ['cat', 'dog'] }));
    await writeFile(join(dir, 'bsc.onnx'), tinyBoxesScoresClassesOnnx());
    await writeFile(
      join(dir, 'bsc.json'),
      JSON.stringify({
        file: 'bsc.onnx',
        output: 'boxes-scores-classes',
        normalized: true,
        input_size: 64,
        classes: ['cat', 'dog'],
      }),
    );
    // 128 × 64: letterboxed into 64 × 64 at scale 0.5, 64 × 32 placed at top 16.
    white = await sharp({ create: { width: 128, height: 64, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    black = await sharp({ create: { width: 128, height: 64, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // On black, YOLO's A has its best class switch to dog (0.3 > 0.224); the boxes/scores/classes model
  // gives one class per box, so A (cat, 0.224) is dropped.
  for (const [layout, model, onBlack] of [
    ['Ultralytics YOLO', 'yolo.onnx', [1, 1]],
    ['boxes/scores/classes', 'bsc.json', [1]],
  ] as const)
    it(`${layout}: boxes back in image pixels, NMS, scores from the image`, async () => {
      const detector = await openOnnxDetector(join(dir, model), { threads: 1 });
      try {
        assert.deepEqual(detector.classes, ['cat', 'dog']);
        const { detections, errors } = await detector.detect(
          [white, black, new Uint8Array([1, 2, 3])],
          DECODE,
        );
        assert.equal(errors[0], undefined);
        assert.ok(errors[2], 'a file that is no image is an error, not a crash');
        // White: m = (32·255 + 32·114)/(64·255) ≈ 0.724 (the letterbox's grey rows count too):
        // A (cat, score m) kept, B (0.9·m, IoU 0.905 with A) suppressed, C (dog 0.8) kept.
        const [w] = detections;
        const m = (32 * 255 + 32 * 114) / (64 * 255);
        const cat = w!.find((d) => d.classIndex === 0)!;
        const dog = w!.find((d) => d.classIndex === 1)!;
        assert.equal(w!.length, 2);
        assert.ok(Math.abs(cat.score - m) < 0.01, `cat score ${cat.score} vs ${m}`);
        // A: input (22, 22)-(42, 42) → image ((22 − 0)/0.5, (22 − 16)/0.5) = (44, 12), 40 × 40.
        near(cat.bbox, [44, 12, 40, 40]);
        // C: input (6, 6)-(14, 14) → image (12, −20) clipped to 0: (12, 0), 16 × 8 (y2 = (14 − 16)/0.5 < 0 → 0).
        near(dog.bbox, [12, 0, 16, 0]);
        // Black: m = 32·114/(64·255) ≈ 0.224 from the padding alone: cat A falls under 0.25; dog C (0.8) stays.
        assert.deepEqual(
          detections[1]!.map((d) => d.classIndex),
          [...onBlack],
        );
      } finally {
        await detector.close();
      }
    });

  it('a YOLO model without classes in its spec: class names are its output indices', async () => {
    await writeFile(join(dir, 'bare.onnx'), tinyYoloOnnx());
    await writeFile(join(dir, 'bare.onnx.json'), JSON.stringify({ input_size: 64 }));
    const detector = await openOnnxDetector(join(dir, 'bare.onnx'), { threads: 1 });
    assert.deepEqual(detector.classes, ['0', '1']);
    await detector.close();
  });
});
