import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { MOBILENET_LAYER, nsfwjsMobilenetOnnx } from './nsfwjs-mobilenet.js';
import { OnnxSession } from './onnx-session.js';

describe('the default embedding network (nsfwjs MobileNetV2 converted to ONNX)', () => {
  it("gives the same 1280 values as nsfwjs's own TF.js model on the same input", async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const tfl = await import('@tensorflow/tfjs-layers');
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2');
    const json = (await MobileNetV2Model.modelJson()) as unknown as {
      default: { modelTopology: object; weightsManifest: { weights: unknown[] }[] };
    };
    const bundle = MobileNetV2Model.weightBundles[0] as () => Promise<unknown>;
    const weights = Buffer.from(((await bundle()) as { default: string }).default, 'base64');
    const model = await tfl.loadLayersModel({
      load: async () => ({
        modelTopology: json.default.modelTopology,
        weightSpecs: json.default.weightsManifest.flatMap((g) => g.weights) as never,
        weightData: weights.buffer.slice(
          weights.byteOffset,
          weights.byteOffset + weights.length,
        ) as ArrayBuffer,
      }),
    });
    const embed = tfl.model({
      inputs: model.inputs,
      outputs: model.getLayer(MOBILENET_LAYER).output as never,
    });
    // one 224×224 RGB input in [0, 1] (what nsfwjs feeds: pixels / 255), NHWC for TF.js, NCHW for ONNX
    const random = mulberry32(3);
    const nhwc = Float32Array.from({ length: 224 * 224 * 3 }, () => random());
    const nchw = new Float32Array(nhwc.length);
    for (let p = 0; p < 224 * 224; p++)
      for (let c = 0; c < 3; c++) nchw[c * 224 * 224 + p] = nhwc[3 * p + c] as number;
    const reference = (
      embed.predict(tf.tensor4d(nhwc, [1, 224, 224, 3])) as { dataSync(): Float32Array }
    ).dataSync();
    const session = await OnnxSession.create(await nsfwjsMobilenetOnnx(), { threads: 1 });
    const out = (await session.run({ input: { data: nchw, dims: [1, 3, 224, 224] } })).output;
    await session.release();
    assert.deepEqual(out?.dims, [1, 1280]);
    let maxDiff = 0;
    let maxValue = 0;
    for (let i = 0; i < 1280; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((reference[i] as number) - (out?.data[i] as number)));
      maxValue = Math.max(maxValue, Math.abs(reference[i] as number));
    }
    // float32 sums in another order: 8e-6 measured with a value range of ~2
    assert.ok(maxValue > 0.1, `the input gives a non-trivial embedding (max ${maxValue})`);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });
});
