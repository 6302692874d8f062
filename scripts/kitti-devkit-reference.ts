/**
 * Records the KITTI object devkit's outputs on generated inputs, for the tests of Assay's KITTI
 * evaluation (fixtures/kitti-eval-reference/, see its README). Not run by the tests.
 *
 *   npx tsx scripts/kitti-devkit-reference.ts /path/to/evaluate_object [SHARED_FIXTURES]
 *
 * `evaluate_object` is the devkit's cpp/evaluate_object.cpp compiled unmodified (g++ -O2, Boost
 * headers). It reads data/object/label_2/%06d.txt and results/NAME/data/%06d.txt for its
 * N_TESTIMAGES = 7518 frames from its working directory, so each case is laid out in a temporary folder
 * with the frames first and empty files after them (an empty frame adds nothing to any count).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  kittiResultsFor,
  syntheticKittiLabels,
} from '../packages/core/src/eval/kitti/_kitti-eval-test-kit.js';

const N_TESTIMAGES = 7518;
const OUT = join(import.meta.dirname, '..', 'fixtures', 'kitti-eval-reference');
const [devkit, shared = join(import.meta.dirname, '..', '..', 'shared', 'fixtures')] = process.argv.slice(2);
if (!devkit)
  throw new Error('usage: npx tsx scripts/kitti-devkit-reference.ts EVALUATE_OBJECT [SHARED_FIXTURES]');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Runs the devkit on one case; returns its stats files as arrays of 3 rows of 41 numbers. */
function runDevkit(gt: string[], results: string[]): Record<string, number[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'kitti-devkit-'));
  try {
    const labels = join(dir, 'data', 'object', 'label_2');
    const data = join(dir, 'results', 'case', 'data');
    mkdirSync(labels, { recursive: true });
    mkdirSync(data, { recursive: true });
    for (let i = 0; i < N_TESTIMAGES; i++) {
      const name = `${String(i).padStart(6, '0')}.txt`;
      writeFileSync(join(labels, name), gt[i] ?? '');
      writeFileSync(join(data, name), results[i] ?? '');
    }
    execFileSync(devkit as string, ['case'], { cwd: dir, stdio: ['ignore', 'ignore', 'ignore'] });
    const stats: Record<string, number[][]> = {};
    for (const file of readdirSync(join(dir, 'results', 'case')).sort()) {
      const m = /^stats_(.+)\.txt$/.exec(file);
      if (!m) continue;
      const text = readFileSync(join(dir, 'results', 'case', file), 'utf8');
      stats[m[1] as string] = text
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/).map(Number));
    }
    return stats;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
/** AP from the devkit's 41 samples: R40 = mean of samples 1..40, R11 = mean of samples 0, 4, ..., 40. */
const apOf = (rows: number[][]) => ({
  r40: rows.map((r) => mean(r.slice(1))),
  r11: rows.map((r) => mean(r.filter((_, i) => i % 4 === 0))),
});

const synthetic = syntheticKittiLabels(80, 1);
const inputs = {
  frames: synthetic.length,
  gt: synthetic,
  results: {
    default: synthetic.map((t, i) => kittiResultsFor(t, 1000 + i)),
    'unknown-alpha-flat-cyclist': synthetic.map((t, i) =>
      kittiResultsFor(t, 2000 + i, { unknownAlphaRate: 0.1, flatTypes: ['Cyclist'] }),
    ),
  },
};
const kittiDir = join(shared, 'kitti-object-3', 'label_2');
const kittiGt = readdirSync(kittiDir)
  .sort()
  .map((f) => readFileSync(join(kittiDir, f), 'utf8'));
// The three real frames, then the synthetic ones (frames 3..82).
const mixedGt = [...kittiGt, ...synthetic];
const mixedResults = mixedGt.map((t, i) => kittiResultsFor(t, 3000 + i));

const cases = [
  { name: 'synthetic', gt: 'synthetic', results: 'default', run: [inputs.gt, inputs.results.default] },
  {
    name: 'synthetic-unknown-alpha-flat-cyclist',
    gt: 'synthetic',
    results: 'unknown-alpha-flat-cyclist',
    run: [inputs.gt, inputs.results['unknown-alpha-flat-cyclist']],
  },
  {
    name: 'kitti-object-3+synthetic',
    gt: 'kitti-object-3/label_2 (frames 0-2), then synthetic (frames 3-82)',
    results: 'kittiResultsFor(label text, 3000 + frame index)',
    gt_sha256: mixedGt.map(sha256),
    results_sha256: mixedResults.map(sha256),
    run: [mixedGt, mixedResults],
  },
].map(({ run, ...c }) => {
  const stats = runDevkit(run[0] as string[], run[1] as string[]);
  return { ...c, stats, ap: Object.fromEntries(Object.entries(stats).map(([k, rows]) => [k, apOf(rows)])) };
});

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'synthetic-inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
writeFileSync(join(OUT, 'devkit-reference.json'), `${JSON.stringify({ cases }, null, 1)}\n`);
console.log(cases.map((c) => `${c.name}: ${Object.keys(c.stats).join(' ')}`).join('\n'));
