import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AssayError } from '../../errors.js';
import { meanColourOnnx } from '../../models/test-kit/tiny-onnx.js';
import { openImageEmbedder } from './image-embedder.js';
import { OnnxSession } from './onnx-session.js';

describe('model runtime (onnxruntime-node, models written by onnx-proto.ts)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-onnx-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('runs a hand-written ONNX model in a batch', async () => {
    const session = await OnnxSession.create(meanColourOnnx({ size: 2 }), { threads: 1 });
    // two images of 2×2: channel values
    const data = Float32Array.from([
      1, 1, 1, 1, 0, 2, 0, 2, 3, 3, 3, 3, /* image 2 */ 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 4, 4,
    ]);
    const out = (await session.run({ image: { data, dims: [2, 3, 2, 2] } })).embedding;
    assert.deepEqual(out?.dims, [2, 6]);
    assert.deepEqual([...(out?.data ?? [])], [1, 1, 3, 1, 2, 9, 0, 1, 2, 0, 1, 8]);
    await assert.rejects(
      session.run({ image: { data: new Float32Array(12), dims: [1, 3, 3, 2] } }),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
    );
    await session.release();
  });

  it('embeds images with the spec beside the model (size, mean/std, layout, output), and refuses bad specs', async () => {
    const model = join(dir, 'mean.onnx');
    await writeFile(model, meanColourOnnx({ size: 8, nhwc: true }));
    await writeFile(
      `${model}.json`,
      JSON.stringify({
        name: 'meanc',
        input_size: 8,
        mean: [0.5, 0, 0],
        std: [0.5, 1, 1],
        layout: 'nhwc',
        normalize: false,
      }),
    );
    const red = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 255, g: 0, b: 51 } },
    })
      .png()
      .toBuffer();
    const embedder = await openImageEmbedder(model, { threads: 1 });
    assert.equal(embedder.name, 'meanc');
    const { vectors, errors } = await embedder.embed([red, Buffer.from('not an image')]);
    assert.equal(embedder.dim, 6);
    assert.equal(errors[0], undefined);
    assert.match(errors[1] ?? '', /not a recognised image format|cannot be decoded/i);
    // r: (1 − 0.5) / 0.5 = 1; g: 0; b: 51/255 = 0.2; squares 1, 0, 0.04; the failed image's row stays 0
    const expected = [1, 0, 0.2, 1, 0, 0.04, 0, 0, 0, 0, 0, 0];
    for (const [i, v] of expected.entries())
      assert.ok(Math.abs((vectors[i] as number) - v) < 1e-5, `${i}: ${vectors[i]}`);
    await embedder.close();

    await writeFile(`${model}.json`, JSON.stringify({ layout: 'chw' }));
    await assert.rejects(
      openImageEmbedder(model),
      (e: unknown) =>
        e instanceof AssayError && /layout/.test(e.message) && e.message.includes(`${model}.json`),
    );
    await writeFile(`${model}.json`, JSON.stringify({ output_name: 'logits' }));
    await assert.rejects(
      openImageEmbedder(model),
      (e: unknown) =>
        e instanceof AssayError &&
        /no tensor named "logits"/.test(e.message) &&
        /embedding/.test(e.hint ?? ''),
    );
    const broken = join(dir, 'broken.onnx');
    await writeFile(broken, 'garbage');
    await assert.rejects(
      openImageEmbedder(broken),
      (e: unknown) => e instanceof AssayError && e.code === 'PARSE_ERROR',
    );
    await assert.rejects(
      openImageEmbedder('resnet-9000'),
      (e: unknown) =>
        e instanceof AssayError && e.code === 'NOT_FOUND' && /mobilenet, classic/.test(e.hint ?? ''),
    );
  });
});
