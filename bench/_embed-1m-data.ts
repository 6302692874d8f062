/**
 * Data of the embed-1m bench: map.bench's generated project of N samples (one ground-truth class of 20
 * each, a split; bench/_map-project.ts) and a seeded `.npy` of N × DIM float32 unit vectors keyed to its
 * samples by path (a `--keys` file, one path a line), as a user would import their own model's vectors.
 *
 * The vectors: 1,000 cluster centres (random unit directions), 50 per class; a sample is its class's
 * centre plus Gaussian noise whose size varies by cluster (cosine distance to a neighbour ~0.1–0.4),
 * normalised. Planted: 0.5% near copies of an earlier row (tiny noise, cosine distance < 0.001), 0.1%
 * outliers (a random direction), 0.2% drawn from another class's centres (class outliers). Rows are
 * written in a shuffled order, 65,536 at a time (the generator holds ~130 MB whatever N). Reused when
 * it exists. Never committed: written under the given directory.
 */

import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProject, storeDb } from '@assay/core/node';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';
import { mapProject } from './_map-project.js';

export interface Embed1mData {
  project: string;
  npy: string;
  keys: string;
  /** One byte a row, in the file's order: 0 ordinary, 1 near copy of the row before it, 2 outlier, 3 of another class. */
  kinds: string;
  /** Rows planted as near copies, outliers, and of another class, by row. */
  planted: { copies: number; outliers: number; swapped: number };
}

const CENTRES_PER_CLASS = 50;

function gaussian(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = random() || 1e-12;
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

function npyHeader(n: number, dim: number): Buffer {
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${n}, ${dim}), }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64);
  dict += '\n';
  const head = Buffer.alloc(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

export async function embed1mData(dir: string, N: number, dim = 512): Promise<Embed1mData> {
  const project = await mapProject(join(dir, `project-${N}`), N);
  const npy = join(dir, `vectors-${N}x${dim}.npy`);
  const keys = join(dir, `vectors-${N}x${dim}.keys.txt`);
  const kinds = join(dir, `vectors-${N}x${dim}.kinds.bin`);
  const copies = Math.floor(N * 0.005);
  const outliers = Math.floor(N * 0.001);
  const swapped = Math.floor(N * 0.002);
  const result = { project, npy, keys, kinds, planted: { copies, outliers, swapped } };
  if (existsSync(npy) && existsSync(keys) && existsSync(kinds)) return result;

  const t0 = performance.now();
  const p = await openProject(project, { command: 'bench embed-1m', readOnly: true });
  const rows = await storeDb(p.store).all<{ key: string; cls: number }>(
    `SELECT s.key, CAST(regexp_extract(min(c.name), '[0-9]+$') AS INTEGER) AS cls
       FROM samples s JOIN annotations a ON a.sample_id = s.id JOIN classes c ON c.id = a.class_id
      GROUP BY s.key ORDER BY s.key`,
  );
  await p.close();
  if (rows.length !== N) throw new Error(`project has ${rows.length} labelled samples, not ${N}`);

  const random = mulberry32(15);
  const normal = gaussian(random);
  const classes = 20;
  const centres = new Float32Array(classes * CENTRES_PER_CLASS * dim);
  const spread = new Float32Array(classes * CENTRES_PER_CLASS);
  for (let c = 0; c < classes * CENTRES_PER_CLASS; c++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const v = normal();
      centres[c * dim + j] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < dim; j++) centres[c * dim + j]! /= norm;
    // noise norm 0.35–0.8 relative to the centre: cosine distance between two members ~0.1–0.4
    spread[c] = (0.35 + 0.45 * random()) / Math.sqrt(dim);
  }
  // a shuffled row order, so that rows are not sorted by path
  const order = Int32Array.from({ length: N }, (_, i) => i);
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // kinds by row: 1 near copy of the row before it in the file, 2 outlier, 3 another class
  const kind = new Uint8Array(N);
  const mark = (count: number, k: number) => {
    for (let placed = 0; placed < count; ) {
      const r = 1 + Math.floor(random() * (N - 1));
      if (kind[r] === 0 && kind[r - 1] === 0) {
        kind[r] = k;
        placed++;
      }
    }
  };
  mark(copies, 1);
  mark(outliers, 2);
  mark(swapped, 3);

  const tmp = `${npy}.tmp`;
  const out = createWriteStream(tmp);
  out.write(npyHeader(N, dim));
  const keyLines: string[] = [];
  const chunk = 65_536;
  let previous = new Float32Array(dim);
  for (let from = 0; from < N; from += chunk) {
    const to = Math.min(N, from + chunk);
    const buf = new Float32Array((to - from) * dim);
    for (let r = from; r < to; r++) {
      const row = rows[order[r]!]!;
      keyLines.push(row.key);
      const v = buf.subarray((r - from) * dim, (r - from + 1) * dim);
      if (kind[r] === 1)
        for (let j = 0; j < dim; j++) v[j] = previous[j]! + normal() * (0.02 / Math.sqrt(dim));
      else if (kind[r] === 2) for (let j = 0; j < dim; j++) v[j] = normal();
      else {
        const cls = kind[r] === 3 ? (row.cls + 1 + Math.floor(random() * (classes - 1))) % classes : row.cls;
        const c = cls * CENTRES_PER_CLASS + Math.floor(random() * CENTRES_PER_CLASS);
        const s = spread[c]!;
        for (let j = 0; j < dim; j++) v[j] = centres[c * dim + j]! + normal() * s;
      }
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += v[j]! * v[j]!;
      norm = Math.sqrt(norm);
      for (let j = 0; j < dim; j++) v[j]! /= norm;
      previous = v;
    }
    if (!out.write(Buffer.from(buf.buffer))) await once(out, 'drain');
    process.stdout.write(`\r  ${to.toLocaleString()} vectors`);
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(keys, `${keyLines.join('\n')}\n`);
  writeFileSync(kinds, kind);
  renameSync(tmp, npy);
  console.log(
    `\n${N.toLocaleString()} × ${dim} vectors written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return result;
}

// `node --import tsx --conditions=source bench/_embed-1m-data.ts DIR N [DIM]` makes the data alone.
if (process.argv[1]?.endsWith('_embed-1m-data.ts')) {
  const [dir, n, dim] = process.argv.slice(2);
  if (!dir || !n) throw new Error('usage: _embed-1m-data.ts DIR N [DIM]');
  console.log(await embed1mData(dir, Number(n), dim ? Number(dim) : 512));
}
