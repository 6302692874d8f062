import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeOnnxModel } from '@assay/core';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';
import { type CliRun, json } from './test-kit/run-cli.js';

/**
 * Issue 15, parts 1-3 through the real CLI: `assay embed` (classic, a real tiny ONNX model, the
 * built-in mobilenet), `assay similar`, `assay import embeddings` (CSV, .npy + keys) and near
 * duplicates by embedding distance in `assay check`, with bad inputs. 12 images made here with sharp:
 * class `red` (6 red-dominant noise images), class `blue` (6 blue-dominant).
 */
function noise(seed: number, tint: readonly number[]): Promise<Buffer> {
  const w = 48;
  const px = Buffer.alloc(w * w * 3);
  let s = seed;
  for (let i = 0; i < px.length; i++) {
    s = (s * 16807) % 2147483647;
    px[i] = Math.min(255, Math.round((s % 96) + (tint[i % 3] as number)));
  }
  return sharp(px, { raw: { width: w, height: w, channels: 3 } })
    .png()
    .toBuffer();
}

/** A real ONNX model: the mean of each RGB channel ([N, 3, 16, 16] → [N, 3]). */
function meanColourModel(): Uint8Array {
  return encodeOnnxModel({
    name: 'mean-colour',
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['image'], outputs: ['m'] },
      { op: 'Flatten', inputs: ['m'], outputs: ['embedding'], attributes: { axis: 1 } },
    ],
    initializers: [],
    inputs: [{ name: 'image', shape: ['n', 3, 16, 16] }],
    outputs: [{ name: 'embedding', shape: ['n', 3] }],
  });
}

describe('issue 15: assay embed, similar, import embeddings', () => {
  let dir: string;
  const cli = (...args: string[]): Promise<CliRun> => callCli(args, dir);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-embed-cli-'));
    for (const [cls, tint] of [
      ['red', [150, 10, 10]],
      ['blue', [10, 10, 150]],
    ] as const) {
      await mkdir(join(dir, 'images', cls), { recursive: true });
      for (let i = 0; i < 6; i++)
        await writeFile(
          join(dir, 'images', cls, `${i}.png`),
          await noise(i + 1 + (cls === 'red' ? 0 : 100), tint),
        );
    }
    await writeFile(join(dir, 'mean.onnx'), meanColourModel());
    await writeFile(
      join(dir, 'mean.onnx.json'),
      JSON.stringify({ name: 'meancolour', input_size: 16, mean: [0, 0, 0], std: [1, 1, 1] }),
    );
    for (const args of [['init', '.'], ['import', 'class-folders', 'images'], ['scan']]) {
      const r = await cli(...args);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('embeds with the classic descriptor, incrementally, and finds similar samples', async () => {
    const first = json<{ embed: { embedded: number; dim: number; skipped: number } }>(
      await cli('--json', 'embed', '--model', 'classic', '--batch', '5', '--encoding', 'int8'),
    );
    assert.deepEqual([first.embed.embedded, first.embed.dim, first.embed.skipped], [12, 336, 0]);
    const again = json<{ embed: { embedded: number; skipped: number } }>(
      await cli('--json', 'embed', '--model', 'classic'),
    );
    assert.deepEqual([again.embed.embedded, again.embed.skipped], [0, 12]);
    const sim = json<{ sample: { path: string }; similar: { path: string; distance: number }[] }>(
      await cli('--json', 'similar', 'red/0.png', '--k', '3', '--model', 'classic'),
    );
    assert.equal(sim.sample.path, 'red/0.png');
    assert.equal(sim.similar.length, 3);
    assert.ok(
      sim.similar.every((s) => s.path.startsWith('red/') && s.path !== 'red/0.png'),
      JSON.stringify(sim.similar),
    );
    const d = sim.similar.map((s) => s.distance);
    assert.deepEqual(
      d,
      [...d].sort((a, b) => a - b),
    );
  });

  it('embeds with a user ONNX model and its spec; the vectors are the mean colours', async () => {
    const r = json<{ embed: { model: string; dim: number; embedded: number } }>(
      await cli('--json', 'embed', '--model', 'mean.onnx'),
    );
    assert.deepEqual([r.embed.model, r.embed.dim, r.embed.embedded], ['meancolour', 3, 12]);
    const sim = json<{ similar: { path: string }[] }>(
      await cli('--json', 'similar', 'blue/3.png', '--model', 'meancolour', '--k', '5'),
    );
    assert.ok(
      sim.similar.every((s) => s.path.startsWith('blue/')),
      JSON.stringify(sim.similar),
    );
  });

  it('refuses bad models, flags and samples with exit 2 and a message', async () => {
    const cases: [string[], RegExp][] = [
      [['embed', '--model', 'resnet-9000'], /No model named "resnet-9000"/],
      [['embed', '--batch', '0'], /--batch takes a positive whole number/],
      [['embed', '--encoding', 'int4'], /--encoding is float16 or int8, not "int4"/],
      [['similar', 'nope.png'], /no sample "nope.png"/],
      [['similar', 'red/0.png', '--model', 'nope'], /no embeddings of model "nope"/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    await writeFile(join(dir, 'broken.onnx'), 'not a model');
    const broken = await cli('embed', '--model', 'broken.onnx');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.onnx is not a model onnxruntime can load/);
  });

  it('imports vectors from CSV and .npy, listing bad records by file and line', async () => {
    const csv = join(dir, 'vectors.csv');
    await writeFile(
      csv,
      'path,v1,v2\nred/0.png,1,0\nred/1.png,0.9,0.1\nghost.png,1,1\nblue/0.png,x,1\nblue/1.png,1\nred/0.png,5,5\n',
    );
    const r = await cli('import', 'embeddings', csv, '--model', 'custom');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Imported 2 vectors of 2 values as model custom/);
    assert.match(r.stdout, /vectors\.csv line 4: no sample is named "ghost\.png"/);
    assert.match(r.stdout, /line 5: value 1 is "x", not a finite number/);
    assert.match(r.stdout, /line 6: 2 fields where the header has 3/);
    assert.match(r.stdout, /line 7: sample "red\/0\.png" has a vector already \(line 2\)/);
    // .npy (float32, 2 × 3) with its keys file
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    const pad = 64 - ((10 + header.length + 1) % 64);
    const npy = Buffer.concat([
      Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]),
      Buffer.from(new Uint16Array([header.length + pad + 1]).buffer),
      Buffer.from(`${header}${' '.repeat(pad)}\n`),
      Buffer.from(Float32Array.of(1, 2, 3, 3, 2, 1).buffer),
    ]);
    await writeFile(join(dir, 'v.npy'), npy);
    await writeFile(join(dir, 'keys.txt'), 'blue/2.png\nblue/4.png\n');
    const n = json<{ imported: number; dim: number }>(
      await cli('--json', 'import', 'embeddings', 'v.npy', '--keys', 'keys.txt'),
    );
    assert.deepEqual([n.imported, n.dim], [2, 3]);
    // imported vectors: `assay embed --model` makes nothing and runs their analysis (again, after a Ctrl-C)
    const again = await cli('embed', '--model', 'v');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /v: 2 imported vectors of 3 values; nothing to embed\./);
    assert.match(again.stdout, /k-NN scores of 2 samples/);
    const noKeys = await cli('import', 'embeddings', 'v.npy');
    assert.equal(noKeys.code, 2);
    assert.match(noKeys.stderr, /a \.npy holds no keys/);
    // the same model name with another length is refused, naming both
    await writeFile(join(dir, 'v4.csv'), 'id,a,b,c,d\n1,1,2,3,4\n');
    const dims = await cli('import', 'embeddings', 'v4.csv', '--model', 'v');
    assert.equal(dims.code, 2);
    assert.match(dims.stderr, /model "v" have 3 values; these have 4/);
  });

  it('reports near duplicates by embedding distance in assay check, with the evidence', async () => {
    // vectors stored as model mobilenet: blue/5 is within the near-duplicate distance of red/5
    // one axis per sample (cosine distance 1 between any two), except blue/5 = red/5's axis + 1%
    const rows = [`path,${Array.from({ length: 12 }, (_, j) => `v${j}`).join(',')}`];
    const axis = (j: number, extra = -1) =>
      Array.from({ length: 12 }, (_, x) => (x === j ? 1 : x === extra ? 0.01 : 0));
    for (const [c, cls] of ['red', 'blue'].entries())
      for (let i = 0; i < 6; i++) rows.push(`${cls}/${i}.png,${axis(c * 6 + i).join(',')}`);
    rows[12] = `blue/5.png,${axis(5, 11).join(',')}`;
    await writeFile(join(dir, 'near.csv'), rows.join('\n'));
    const imp = await cli('import', 'embeddings', 'near.csv', '--model', 'mobilenet');
    assert.equal(imp.code, 0, imp.stderr);
    assert.equal((await cli('check', '--only', 'near_duplicate')).code, 0);
    const issues = json<{ issues: { type: string; details: Record<string, unknown>; reason: string }[] }>(
      await cli('--json', 'issues', '--type', 'near_duplicate'),
    ).issues;
    const emb = issues.filter((i) => (i.details.methods as string[]).includes('embedding'));
    assert.equal(emb.length, 1, JSON.stringify(issues));
    assert.equal(emb[0]?.details.embedding_model, 'mobilenet');
    assert.match(
      emb[0]?.reason ?? '',
      /red\/5\.png is a near duplicate of blue\/5\.png \(mobilenet cosine distance 0\.000\d\)/,
    );
  });
});
