/**
 * How good the embedders are, measured on real images (issue 15, part 1 and 2):
 * 1. k-NN class accuracy, leave-one-out, cosine: the first N Fashion-MNIST test images (real product
 *    photos, 10 classes; default N = 2000), for mobilenet, classic and the raw pixels as a baseline.
 * 2. Near-duplicate pairs by embedding distance: every photo of a held-out folder (default
 *    fixtures/photos, 26) with 11 altered copies (_embed-data.ts), mixed with 400 Fashion-MNIST
 *    distractors; the distance threshold is chosen on a separate tuning folder (default
 *    /tmp/embdata/tune: other real photos) with its own 400 distractors, as the largest with no false
 *    pair there. Reported: recall per alteration (original ↔ altered), recall of all same-photo pairs,
 *    false pairs and false pairs per 70,000 pairs; and the hash method of `assay check` on the same set.
 * Usage: node --import tsx --conditions=source bench/embed-quality.bench.ts [tune-dir] [held-out-dir]
 */
import { fileURLToPath } from 'node:url';
import { findNearDuplicates } from '../packages/core/src/metrics/near-duplicates.js';
import { openImageEmbedder } from '../packages/core/src/node/models/image-embedder.js';
import { decodeImage } from '../packages/core/src/node/scan/decode-image.js';
import { measureImage } from '../packages/core/src/node/scan/measure-image.js';
import { ALTERATIONS, alter, fashionMnist, greyPng, hasFashionMnist, photosIn } from './_embed-data.js';

const N = Number(process.env.ASSAY_KNN_N ?? 2000);
const DISTRACTORS = Number(process.env.ASSAY_DISTRACTORS ?? 0);
const MODELS = (process.env.ASSAY_EMBED_MODELS ?? 'mobilenet,classic').split(',');
const tuneDir = process.argv[2] ?? '/tmp/embdata/tune';
const heldDir = process.argv[3] ?? fileURLToPath(new URL('../fixtures/photos/', import.meta.url));

if (!hasFashionMnist()) {
  console.log(
    'Fashion-MNIST is absent: apt-get download dataset-fashion-mnist && dpkg -x dataset-fashion-mnist_*.deb /tmp/embdata/x',
  );
  process.exit(0);
}

async function embedAll(
  model: string,
  images: Uint8Array[],
): Promise<{ dim: number; data: Float32Array; ms: number }> {
  const embedder = await openImageEmbedder(model);
  const started = performance.now();
  const parts: Float32Array[] = [];
  for (let i = 0; i < images.length; i += 32) {
    const { vectors, errors } = await embedder.embed(images.slice(i, i + 32));
    const bad = errors.findIndex((e) => e !== undefined);
    if (bad >= 0) throw new Error(`image ${i + bad}: ${errors[bad]}`);
    parts.push(vectors);
  }
  const dim = embedder.dim;
  await embedder.close();
  const data = new Float32Array(images.length * dim);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { dim, data, ms: performance.now() - started };
}

/** Cosine distance matrix (n × n) of row-major vectors. */
function cosineDistances(data: Float32Array, dim: number): Float32Array {
  const n = data.length / dim;
  const norm = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (data[i * dim + j] as number) ** 2;
    norm[i] = Math.sqrt(s) || 1;
  }
  const out = new Float32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += (data[a * dim + j] as number) * (data[b * dim + j] as number);
      const d = 1 - dot / ((norm[a] as number) * (norm[b] as number));
      out[a * n + b] = d;
      out[b * n + a] = d;
    }
  }
  return out;
}

function knnAccuracy(dist: Float32Array, labels: Int32Array, k: number): number {
  const n = labels.length;
  let correct = 0;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) order[j] = j;
    const row = dist.subarray(i * n, (i + 1) * n);
    const sorted = Array.from(order)
      .filter((j) => j !== i)
      .sort((a, b) => (row[a] as number) - (row[b] as number))
      .slice(0, k);
    const votes = new Map<number, number>();
    for (const j of sorted) votes.set(labels[j] as number, (votes.get(labels[j] as number) ?? 0) + 1);
    // ties: the class of the nearest among the tied
    const best = Math.max(...votes.values());
    const winner = sorted.find((j) => votes.get(labels[j] as number) === best) as number;
    if (labels[winner] === labels[i]) correct++;
  }
  return correct / n;
}

async function knnSection(): Promise<void> {
  const { images, labels } = fashionMnist(N);
  const pngs = await Promise.all(images.map((p) => greyPng(p)));
  console.log(`\n## k-NN class accuracy, Fashion-MNIST test[0:${N}], leave-one-out, cosine`);
  console.log('| vectors | dim | 1-NN | 10-NN vote | embed images/s |');
  console.log('| --- | --- | --- | --- | --- |');
  const raw = new Float32Array(N * 784);
  for (const [i, p] of images.entries()) raw.set(p, i * 784);
  for (const [name, vec] of [
    ['raw pixels (baseline)', { dim: 784, data: raw, ms: 0 }] as const,
    ...(await Promise.all([])),
  ]) {
    const d = cosineDistances(vec.data, vec.dim);
    console.log(
      `| ${name} | ${vec.dim} | ${knnAccuracy(d, labels, 1).toFixed(3)} | ${knnAccuracy(d, labels, 10).toFixed(3)} | – |`,
    );
  }
  for (const model of MODELS) {
    const vec = await embedAll(model, pngs);
    const d = cosineDistances(vec.data, vec.dim);
    console.log(
      `| ${model} | ${vec.dim} | ${knnAccuracy(d, labels, 1).toFixed(3)} | ${knnAccuracy(d, labels, 10).toFixed(3)} | ${(N / (vec.ms / 1000)).toFixed(1)} |`,
    );
  }
}

interface Variant {
  photo: number;
  alteration: string;
  bytes: Uint8Array;
}

async function variantSet(dir: string, distractorFrom: number): Promise<Variant[]> {
  const out: Variant[] = [];
  for (const [photo, p] of photosIn(dir).entries()) {
    const original = await (await import('sharp')).default(p.bytes).jpeg({ quality: 90 }).toBuffer();
    out.push({ photo, alteration: 'original', bytes: original });
    for (const a of ALTERATIONS)
      out.push({ photo, alteration: a, bytes: await alter(original, a, photo + 1) });
  }
  const { images } = fashionMnist(distractorFrom + DISTRACTORS);
  const base = out.length;
  for (let i = 0; i < DISTRACTORS; i++)
    out.push({
      photo: 100_000 + i,
      alteration: 'distractor',
      bytes: await greyPng(images[distractorFrom + i] as Uint8Array),
    });
  return out.slice(0, base).concat(out.slice(base));
}

interface PairStats {
  byAlteration: Record<string, string>;
  originalRecall: number;
  allRecall: number;
  falsePairs: number;
  pairs: number;
}

function score(v: Variant[], isPair: (a: number, b: number) => boolean): PairStats {
  const hit: Record<string, [number, number]> = {};
  let all = 0;
  let allHit = 0;
  let falsePairs = 0;
  let pairs = 0;
  for (let a = 0; a < v.length; a++) {
    for (let b = a + 1; b < v.length; b++) {
      pairs++;
      const va = v[a] as Variant;
      const vb = v[b] as Variant;
      const found = isPair(a, b);
      if (va.photo === vb.photo) {
        all++;
        if (found) allHit++;
        if (va.alteration === 'original') {
          const h = (hit[vb.alteration] ??= [0, 0]);
          h[1]++;
          if (found) h[0]++;
        }
      } else if (found) falsePairs++;
    }
  }
  const originals = Object.values(hit).reduce((s, h) => [s[0] + h[0], s[1] + h[1]], [0, 0]);
  return {
    byAlteration: Object.fromEntries(Object.entries(hit).map(([k, h]) => [k, (h[0] / h[1]).toFixed(3)])),
    originalRecall: originals[0] / originals[1],
    allRecall: allHit / all,
    falsePairs,
    pairs,
  };
}

async function nearDuplicateSection(): Promise<void> {
  const tune = await variantSet(tuneDir, N);
  const held = await variantSet(heldDir, N + DISTRACTORS);
  console.log(`\n## Near duplicates by embedding distance`);
  console.log(
    `tuning: ${tuneDir} (${tune.length} images), held out: ${heldDir} (${held.length} images, ${(held.length * (held.length - 1)) / 2} pairs)`,
  );
  const rows: string[] = [];
  const distances = new Map<string, { d: Float32Array; threshold: number }>();
  for (const model of MODELS) {
    const tv = await embedAll(
      model,
      tune.map((v) => v.bytes),
    );
    const td = cosineDistances(tv.data, tv.dim);
    let threshold = Number.POSITIVE_INFINITY;
    for (let a = 0; a < tune.length; a++)
      for (let b = a + 1; b < tune.length; b++)
        if ((tune[a] as Variant).photo !== (tune[b] as Variant).photo)
          threshold = Math.min(threshold, td[a * tune.length + b] as number);
    threshold = Math.fround(threshold * 0.999);
    const hv = await embedAll(
      model,
      held.map((v) => v.bytes),
    );
    const hd = cosineDistances(hv.data, hv.dim);
    const s = score(held, (a, b) => (hd[a * held.length + b] as number) <= threshold);
    rows.push(line(`${model} ≤ ${threshold.toFixed(4)}`, s));
    distances.set(model, { d: hd, threshold });
  }
  // the hash method of `assay check` (issue 4) on the same held-out images
  const metrics = await Promise.all(
    held.map(async (v) => {
      const decoded = await decodeImage(v.bytes, { size: 256, maxPixels: 1e8 });
      if (!decoded.ok) throw new Error(decoded.error);
      return measureImage(decoded.image, {
        status: 'ok',
        width: decoded.image.width,
        height: decoded.image.height,
      });
    }),
  );
  const hashPairs = new Set(findNearDuplicates(metrics).map((p) => p.a * held.length + p.b));
  rows.push(
    line(
      'hash (pHash+dHash views, assay check)',
      score(held, (a, b) => hashPairs.has(a * held.length + b)),
    ),
  );
  const n = held.length;
  for (const [model, { d, threshold }] of distances) {
    const fixed = Number(process.env[`ASSAY_${model.toUpperCase()}_DISTANCE`] ?? Number.NaN);
    for (const t of [threshold, ...(Number.isNaN(fixed) ? [] : [fixed])])
      rows.push(
        line(
          `hash or ${model} ≤ ${t.toFixed(4)}`,
          score(held, (a, b) => hashPairs.has(a * n + b) || (d[a * n + b] as number) <= t),
        ),
      );
  }
  // diagnostic only (chosen on the held-out set itself): false pairs and recall as the distance grows
  console.log('\ndiagnostic sweep on the held-out set (not a tuned result):');
  for (const [model, { d }] of distances) {
    for (const t of [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15]) {
      const e = score(held, (a, b) => (d[a * n + b] as number) <= t);
      const u = score(held, (a, b) => hashPairs.has(a * n + b) || (d[a * n + b] as number) <= t);
      console.log(
        `  ${model} ≤ ${t}: alone recall ${e.originalRecall.toFixed(3)} false ${e.falsePairs}; with hash recall ${u.originalRecall.toFixed(3)} (rotate ${u.byAlteration.rotate}) false ${u.falsePairs}`,
      );
    }
  }
  const header = ['method', ...ALTERATIONS, 'orig↔altered', 'all same-photo pairs', 'false pairs', 'per 70k'];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => ' --- ').join('|')}|`);
  for (const r of rows) console.log(r);
}

function line(name: string, s: PairStats): string {
  return `| ${name} | ${ALTERATIONS.map((a) => s.byAlteration[a] ?? '–').join(' | ')} | ${s.originalRecall.toFixed(3)} | ${s.allRecall.toFixed(3)} | ${s.falsePairs} | ${((s.falsePairs * 70000) / s.pairs).toFixed(2)} |`;
}

if (process.env.ASSAY_SKIP_KNN !== '1') await knnSection();
await nearDuplicateSection();
