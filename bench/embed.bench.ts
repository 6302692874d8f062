/**
 * Embedding and similarity speed (issue 15, part 8):
 * 1. the default embedder (mobilenet: sharp decode + resize, tensor, onnxruntime, L2 norm) in images/s on
 *    a batch of real photos (fixtures/photos, 26, each also re-encoded: 52 images, batch 16), against
 *    onnxruntime's raw inference on the same preprocessed batch, and nsfwjs's own TF.js model (wasm backend)
 *    on the same batch;
 * 2. a usearch HNSW index of 100k × 512 random unit vectors (ASSAY_INDEX_N): build time, 1k queries,
 *    recall@10 against exact search (usearch exactSearch).
 * Usage: node --import tsx --conditions=source bench/embed.bench.ts
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import usearch from 'usearch';
import { pixelsToTensor } from '../packages/core/src/models/model-spec.js';
import { buildVectorIndex } from '../packages/core/src/node/embeddings/knn.js';
import { decodeForModel, openImageEmbedder } from '../packages/core/src/node/models/image-embedder.js';
import { nsfwjsMobilenetOnnx } from '../packages/core/src/node/models/nsfwjs-mobilenet.js';
import { OnnxSession } from '../packages/core/src/node/models/onnx-session.js';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';
import { photosIn } from './_embed-data.js';

const BATCH = 16;

async function embedding(): Promise<void> {
  const photos = photosIn(fileURLToPath(new URL('../fixtures/photos/', import.meta.url)));
  const images: Uint8Array[] = [];
  for (const p of photos) images.push(p.bytes, await sharp(p.bytes).jpeg({ quality: 70 }).toBuffer());
  const n = images.length;
  console.log(
    `## embedding: ${n} real photos (≤ 384 px JPEG), batch ${BATCH}, ${availableParallelism()} cores`,
  );

  const embedder = await openImageEmbedder('mobilenet');
  await embedder.embed(images.slice(0, 2)); // warm-up
  let t = performance.now();
  for (let i = 0; i < n; i += BATCH) await embedder.embed(images.slice(i, i + BATCH));
  const full = n / ((performance.now() - t) / 1000);
  await embedder.close();

  // the same batch, preprocessed once: raw onnxruntime inference
  const spec = {
    name: 'm',
    file: '',
    inputSize: [224, 224] as [number, number],
    mean: [0, 0, 0] as [number, number, number],
    std: [1, 1, 1] as [number, number, number],
    layout: 'nchw' as const,
    channels: 'rgb' as const,
    resize: 'fill' as const,
    normalize: true,
  };
  const per = 3 * 224 * 224;
  const tensor = new Float32Array(n * per);
  for (const [i, b] of images.entries()) {
    const px = await decodeForModel(b, 224, 224, 'fill', 1e8);
    if (typeof px === 'string') throw new Error(px);
    pixelsToTensor(px, spec, tensor, i * per);
  }
  const session = await OnnxSession.create(await nsfwjsMobilenetOnnx());
  await session.run({ input: { data: tensor.slice(0, per), dims: [1, 3, 224, 224] } });
  t = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    const m = Math.min(BATCH, n - i);
    await session.run({ input: { data: tensor.slice(i * per, (i + m) * per), dims: [m, 3, 224, 224] } });
  }
  const raw = n / ((performance.now() - t) / 1000);
  await session.release();

  // nsfwjs's own TF.js model on the wasm backend, same inputs (NHWC)
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
  const emb = tfl.model({ inputs: model.inputs, outputs: model.getLayer('flatten_1').output as never });
  const nhwc = new Float32Array(n * per);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < 224 * 224; p++)
      for (let c = 0; c < 3; c++) nhwc[i * per + 3 * p + c] = tensor[i * per + c * 224 * 224 + p] as number;
  (emb.predict(tf.tensor4d(nhwc.slice(0, per), [1, 224, 224, 3])) as { dataSync(): unknown }).dataSync();
  t = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    const m = Math.min(BATCH, n - i);
    const x = tf.tensor4d(nhwc.slice(i * per, (i + m) * per), [m, 224, 224, 3]);
    const y = emb.predict(x) as { dataSync(): unknown; dispose(): void };
    y.dataSync();
    x.dispose();
    y.dispose();
  }
  const tfjs = n / ((performance.now() - t) / 1000);
  console.log('| pipeline | images/s | ratio to raw onnxruntime |');
  console.log('| --- | --- | --- |');
  console.log(
    `| assay embedder (decode + resize + tensor + inference + norm) | ${full.toFixed(1)} | ${(full / raw).toFixed(2)} |`,
  );
  console.log(`| raw onnxruntime inference (same batch, preprocessed) | ${raw.toFixed(1)} | 1.00 |`);
  console.log(
    `| nsfwjs TF.js model, wasm backend (same batch) | ${tfjs.toFixed(1)} | ${(tfjs / raw).toFixed(2)} |`,
  );
}

function index(): void {
  const n = Number(process.env.ASSAY_INDEX_N ?? 100_000);
  const dim = 512;
  const q = 1000;
  const k = 10;
  const random = mulberry32(11);
  // clustered data (1,000 centres + noise), unit length: closer to real embeddings than uniform noise
  const centres = Float32Array.from({ length: 1000 * dim }, () => random() - 0.5);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * 1000);
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const v = (centres[c * dim + j] as number) + (random() - 0.5) * 0.6;
      data[i * dim + j] = v;
      s += v * v;
    }
    const f = 1 / Math.sqrt(s);
    for (let j = 0; j < dim; j++) data[i * dim + j] = (data[i * dim + j] as number) * f;
  }
  const queries = data.slice(0, q * dim);
  console.log(
    `\n## usearch HNSW (cos, f32, connectivity 16, expansion add 128 / search 64): ${n.toLocaleString('en-US')} × ${dim}, ${q} queries`,
  );
  let t = performance.now();
  const idx = buildVectorIndex({ sampleIds: new Int32Array(n), dim, data });
  const build = (performance.now() - t) / 1000;
  t = performance.now();
  const approx = idx.search(queries, k + 1, 0) as InstanceType<typeof usearch.BatchMatches>;
  const searchMs = performance.now() - t;
  t = performance.now();
  const exact = usearch.exactSearch(data, queries, dim, k + 1, usearch.MetricKind.Cos) as InstanceType<
    typeof usearch.BatchMatches
  >;
  const exactMs = performance.now() - t;
  let hit = 0;
  for (let i = 0; i < q; i++) {
    const truth = new Set(
      Array.from(exact.keys.subarray(i * (k + 1), (i + 1) * (k + 1)))
        .filter((key) => key !== BigInt(i))
        .slice(0, k),
    );
    const got = Array.from(approx.keys.subarray(i * (k + 1), (i + 1) * (k + 1)))
      .filter((key) => key !== BigInt(i))
      .slice(0, k);
    hit += got.filter((key) => truth.has(key)).length;
  }
  console.log('| measure | value |');
  console.log('| --- | --- |');
  console.log(`| build (add, ${availableParallelism()} threads) | ${build.toFixed(1)} s |`);
  console.log(`| 1k queries, HNSW | ${searchMs.toFixed(0)} ms (${(searchMs / q).toFixed(2)} ms/query) |`);
  console.log(`| 1k queries, exact | ${exactMs.toFixed(0)} ms |`);
  console.log(`| recall@10 vs exact | ${(hit / (q * k)).toFixed(4)} |`);
}

await embedding();
index();
