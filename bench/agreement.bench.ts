/**
 * Agreement speed: Krippendorff's alpha (all four levels) on 100,000 items × 5 raters with missing
 * ratings, and box agreement (Hungarian matching at IoU 0.5 and 0.75) on 100,000 boxes per annotator.
 *
 *   npm run bench -- agreement            (or: node --import tsx --conditions=source bench/agreement.bench.ts)
 *
 * Baselines measured in the same run: for alpha, one plain pass over the ratings (count and sum the
 * present values), and the Python `krippendorff` package on the same data when `python3 -c "import
 * krippendorff"` works (PyPI is not reachable on the build machines: point PYTHONPATH at a checkout of
 * github.com/pln-fing-udelar/fast-krippendorff; numpy is needed). For boxes, computing every IoU of
 * each image's box pairs without matching. The data is generated with a seeded generator and cached in
 * bench/.data/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type BoxSet, boxAgreement } from '../packages/core/src/agree/box-agreement.js';
import { ALPHA_LEVELS, krippendorffAlphas } from '../packages/core/src/agree/krippendorff-alpha.js';
import type { RatingMatrix } from '../packages/core/src/agree/rating-matrix.js';
import { boxIouAt } from '../packages/core/src/geometry/box.js';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

const ITEMS = 100_000;
const RATERS = 5;
const IMAGES = 10_000;
const BOXES_PER_IMAGE = 10;
const ROUNDS = 3;
const DATA = fileURLToPath(new URL('./.data/', import.meta.url));

/** A 1–7 scale: each item has a true value, raters add ±1–2 noise, 15% of ratings are missing. */
function makeRatings(): RatingMatrix {
  const random = mulberry32(1);
  const values = new Float64Array(ITEMS * RATERS);
  for (let i = 0; i < ITEMS; i++) {
    const truth = 1 + Math.floor(random() * 7);
    for (let r = 0; r < RATERS; r++) {
      const u = random();
      const noise = u < 0.6 ? 0 : u < 0.85 ? (random() < 0.5 ? -1 : 1) : random() < 0.5 ? -2 : 2;
      values[i * RATERS + r] = random() < 0.15 ? Number.NaN : Math.min(7, Math.max(1, truth + noise));
    }
  }
  return { raters: Array.from({ length: RATERS }, (_, r) => `r${r}`), items: ITEMS, values };
}

/** Annotator A: 10 boxes per image; B: A jittered by a few pixels, 5% dropped, 5% added, 5% other class. */
function makeBoxes(): [BoxSet, BoxSet] {
  const random = mulberry32(2);
  const a = { image: [] as number[], xywh: [] as number[], label: [] as number[] };
  const b = { image: [] as number[], xywh: [] as number[], label: [] as number[] };
  for (let im = 0; im < IMAGES; im++)
    for (let k = 0; k < BOXES_PER_IMAGE; k++) {
      const [x, y, w, h] = [random() * 600, random() * 400, 20 + random() * 100, 20 + random() * 100];
      const label = Math.floor(random() * 20);
      a.image.push(im);
      a.xywh.push(x, y, w, h);
      a.label.push(label);
      if (random() < 0.05) continue;
      const j = () => (random() - 0.5) * 8;
      b.image.push(im);
      b.xywh.push(x + j(), y + j(), w + j(), h + j());
      b.label.push(random() < 0.05 ? (label + 1) % 20 : label);
      if (random() < 0.05) {
        b.image.push(im);
        b.xywh.push(random() * 600, random() * 400, 20 + random() * 100, 20 + random() * 100);
        b.label.push(Math.floor(random() * 20));
      }
    }
  return [a, b];
}

function best<T>(fn: () => T): { ms: number; value: T } {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value: value as T };
}

function plainPass(m: RatingMatrix): number {
  let sum = 0;
  let n = 0;
  for (const v of m.values)
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  return sum / n;
}

/** The Python reference on the same ratings (raters × items, float64 file), or why it cannot run. */
async function pythonAlpha(m: RatingMatrix): Promise<string> {
  if (spawnSync('python3', ['-c', 'import krippendorff, numpy']).status !== 0)
    return 'Python krippendorff not importable (no PyPI here): no comparison. Set PYTHONPATH to a fast-krippendorff checkout to compare.';
  const path = `${DATA}alpha-ratings.f64`;
  const t = new Float64Array(m.values.length);
  for (let i = 0; i < m.items; i++)
    for (let r = 0; r < RATERS; r++) t[r * m.items + i] = m.values[i * RATERS + r]!;
  await writeFile(path, new Uint8Array(t.buffer));
  const script = `
import time, numpy as np, krippendorff
d = np.fromfile(${JSON.stringify(path)}, dtype='<f8').reshape(${RATERS}, ${m.items})
out = []
for level in ['nominal', 'ordinal', 'interval', 'ratio']:
    best = 1e9
    for _ in range(${ROUNDS}):
        t0 = time.perf_counter(); a = krippendorff.alpha(reliability_data=d, level_of_measurement=level); best = min(best, time.perf_counter() - t0)
    out.append(f"{level} {a!r} {best*1000:.1f}")
print("\\n".join(out))`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : `python failed: ${r.stderr.trim().split('\n').pop()}`;
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) await mkdir(DATA, { recursive: true });
  const ratings = makeRatings();
  console.log(`alpha: ${ITEMS.toLocaleString('en-US')} items × ${RATERS} raters, 1–7 scale, 15% missing`);
  const base = best(() => plainPass(ratings));
  const all = best(() => krippendorffAlphas(ratings));
  console.log(`  plain pass over the ratings   ${base.ms.toFixed(1)} ms (baseline)`);
  console.log(
    `  alpha, all four levels        ${all.ms.toFixed(1)} ms (${(all.ms / base.ms).toFixed(1)} × the plain pass)`,
  );
  for (const level of ALPHA_LEVELS) console.log(`    ${level.padEnd(9)} ${all.value[level]}`);
  const py = await pythonAlpha(ratings);
  console.log(`  python krippendorff (value, best ms per level):\n    ${py.split('\n').join('\n    ')}`);
  const times = py.split('\n').map((l) => Number(l.split(' ')[2]));
  if (times.every((t) => Number.isFinite(t)))
    console.log(
      `  speed-up over python, all four levels: ${(times.reduce((s, t) => s + t, 0) / all.ms).toFixed(1)} ×`,
    );

  const [a, b] = makeBoxes();
  console.log(
    `boxes: ${a.image.length.toLocaleString('en-US')} vs ${b.image.length.toLocaleString('en-US')} boxes on ${IMAGES.toLocaleString('en-US')} images`,
  );
  const iouOnly = best(() => {
    let s = 0;
    let start = 0;
    let startB = 0;
    for (let im = 0; im < IMAGES; im++) {
      let end = start;
      while (end < a.image.length && a.image[end] === im) end++;
      let endB = startB;
      while (endB < b.image.length && b.image[endB] === im) endB++;
      for (let i = start; i < end; i++)
        for (let j = startB; j < endB; j++) s += boxIouAt(a.xywh, 4 * i, b.xywh, 4 * j);
      start = end;
      startB = endB;
    }
    return s;
  });
  const agree = best(() => boxAgreement(a, b, { thresholds: [0.5, 0.75] }));
  const t = agree.value.thresholds;
  console.log(`  IoU of every box pair per image ${iouOnly.ms.toFixed(1)} ms (baseline)`);
  console.log(
    `  boxAgreement (2 thresholds, class-free and same-class matching) ${agree.ms.toFixed(1)} ms ` +
      `(${(agree.ms / iouOnly.ms).toFixed(1)} × the IoU pass; ${((a.image.length / agree.ms) * 1000).toFixed(0)} boxes/s)`,
  );
  console.log(
    `    F1@0.5 ${t[0]?.f1.toFixed(4)} (same class ${t[0]?.f1_same_class.toFixed(4)}), F1@0.75 ${t[1]?.f1.toFixed(4)}, ` +
      `mean IoU ${t[0]?.mean_iou?.toFixed(4)}, class alpha ${agree.value.class_alpha?.toFixed(4)}`,
  );
}

await main();
