import { bundledModel } from '../../models/bundled-models.js';
import type { RawDetection } from '../../models/decode-detections.js';
import { nms } from '../../models/nms.js';
import { bundledModelPath } from './bundled-detectors.js';
import { decodeLetterboxed, toImageBox } from './onnx-detector.js';
import { TfjsGraph } from './tfjs-graph.js';

/** A face found in an image: its box in image pixels and the detector's score. */
export interface FaceBox {
  bbox: [number, number, number, number];
  score: number;
}

export interface FaceDetector {
  name: string;
  detect(bytes: Uint8Array, options: { minScore: number }): Promise<FaceBox[] | string>;
  close(): Promise<void>;
}

const SIZE = 256;

/**
 * BlazeFace's SSD anchors for a 256 × 256 input, as MediaPipe defines them (and @vladmandic/human's
 * generateAnchors): strides 16 and 32 with 2 and 6 anchors per cell, centred in each cell, row by row.
 */
function anchors(): Float32Array {
  const out: number[] = [];
  for (const [stride, count] of [
    [SIZE / 16, 2],
    [SIZE / 8, 6],
  ] as const) {
    const cells = Math.ceil(SIZE / stride);
    for (let gy = 0; gy < cells; gy++)
      for (let gx = 0; gx < cells; gx++)
        for (let n = 0; n < count; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
  }
  return Float32Array.from(out);
}

/**
 * The bundled face detector (BlazeFace, @vladmandic/human's models/blazeface.json): the image stretched
 * to 256 × 256, pixels / 127.5 − 0.5 as human feeds it; 896 anchors (512 on a 16 × 16 grid, 384 on 8 × 8),
 * each with a score logit and a box (centre offset from its anchor, size, in input pixels); NMS at 0.3.
 */
export async function openFaceDetector(): Promise<FaceDetector> {
  const model = bundledModel('blazeface')!;
  const graph = await TfjsGraph.load(bundledModelPath(model), 'blazeface');
  const anchor = anchors();
  const outputs = ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'];
  return {
    name: 'blazeface',
    async detect(bytes, options) {
      const place = await decodeLetterboxed(bytes, SIZE, SIZE, 'fill', 100_000_000);
      if (typeof place === 'string') return place;
      const input = Float32Array.from(place.pixels, (v) => v / 127.5 - 0.5);
      const out = await graph.run({ data: input, dims: [1, SIZE, SIZE, 3] }, outputs);
      // By size: scores 384, scores 512, boxes 384 × 16, boxes 512 × 16; rows are the 512 then the 384.
      const [s384, s512, b384, b512] = Object.values(out).sort((a, b) => a.data.length - b.data.length);
      const rows = [
        { scores: s512!.data, boxes: b512!.data, offset: 0 },
        { scores: s384!.data, boxes: b384!.data, offset: 512 },
      ];
      const found: RawDetection[] = [];
      for (const { scores, boxes, offset } of rows)
        for (let i = 0; i < scores.length; i++) {
          const score = 1 / (1 + Math.exp(-scores[i]!));
          if (score < options.minScore) continue;
          const a = offset + i;
          const [cx, cy] = [anchor[2 * a]! + boxes[16 * i]!, anchor[2 * a + 1]! + boxes[16 * i + 1]!];
          const [w, h] = [boxes[16 * i + 2]!, boxes[16 * i + 3]!];
          found.push({
            x1: cx - w / 2,
            y1: cy - h / 2,
            x2: cx + w / 2,
            y2: cy + h / 2,
            score,
            classIndex: 0,
          });
        }
      const flat = new Float32Array(found.length * 4);
      for (const [i, d] of found.entries()) flat.set([d.x1, d.y1, d.x2, d.y2], 4 * i);
      const kept = nms(
        flat,
        found.map((d) => d.score),
        found.map(() => 0),
        { iou: 0.3, maxDetections: 100 },
      );
      return kept.map((i) => ({ bbox: toImageBox(found[i]!, place), score: found[i]!.score }));
    },
    close: () => graph.release(),
  };
}
