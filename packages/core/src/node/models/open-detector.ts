import { type Detector, openOnnxDetector } from './onnx-detector.js';

export interface OpenDetectorOptions {
  threads?: number;
  cwd?: string;
  maxPixels?: number;
}

/** A detector by bundled name (`assay models`) or by path to a user's ONNX model or spec. */
export async function openDetector(model: string, options: OpenDetectorOptions = {}): Promise<Detector> {
  const bundled = await import('./bundled-detectors.js');
  const opened = await bundled.openBundledDetector(model, options);
  return opened ?? openOnnxDetector(model, options);
}
