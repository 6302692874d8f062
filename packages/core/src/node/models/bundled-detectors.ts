import type { Detector } from './onnx-detector.js';
import type { OpenDetectorOptions } from './open-detector.js';

/** A bundled detector by name, or undefined when no bundled model has that name. */
export async function openBundledDetector(
  _name: string,
  _options: OpenDetectorOptions,
): Promise<Detector | undefined> {
  return undefined;
}
