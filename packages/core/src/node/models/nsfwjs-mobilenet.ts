import { AssayError } from '../../errors.js';
import { type KerasLayer, type KerasWeightSpec, kerasToOnnx } from '../../models/keras-to-onnx.js';
import { encodeOnnxModel } from '../../models/onnx-proto.js';

/**
 * The default embedding network: MobileNetV2 as trained by nsfwjs (MIT, Infinite Red; weights shipped
 * inside the npm package as a TF.js Keras model, uint8-quantized), converted to ONNX in memory up to
 * its 1280-d pooled layer (flatten_1, after the 7×7 average pool). Input: RGB / 255, 224×224, as
 * nsfwjs feeds it. Nothing is downloaded.
 */
export const MOBILENET_LAYER = 'flatten_1';

interface KerasModelJson {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightsManifest: { weights: KerasWeightSpec[] }[];
}

let cached: Promise<Uint8Array> | undefined;

/** The ONNX bytes of the default network (converted once per process). */
export function nsfwjsMobilenetOnnx(): Promise<Uint8Array> {
  cached ??= convert();
  return cached;
}

async function convert(): Promise<Uint8Array> {
  let json: KerasModelJson;
  let weights: string;
  try {
    const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2');
    json = ((await MobileNetV2Model.modelJson()) as unknown as { default: KerasModelJson }).default;
    const bundle = MobileNetV2Model.weightBundles[0];
    if (!bundle) throw new Error('no weight bundle');
    weights = ((await bundle()) as unknown as { default: string }).default;
  } catch (error) {
    throw new AssayError('NOT_FOUND', 'The default embedding model (package nsfwjs) cannot be loaded.', {
      hint: 'Reinstall Assay (npm ci), or pass a model file with --model.',
      cause: error,
    });
  }
  const graph = kerasToOnnx({
    layers: json.modelTopology.model_config.config.layers,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: new Uint8Array(Buffer.from(weights, 'base64')),
    outputLayer: MOBILENET_LAYER,
    inputSize: [224, 224],
  });
  return encodeOnnxModel(graph);
}
