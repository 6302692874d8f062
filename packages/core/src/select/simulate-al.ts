import { AssayError } from '../errors.js';
import { mulberry32 } from '../random/mulberry32.js';
import { labelRows } from '../split/label-rows.js';
import { splitSamples } from '../split/split-samples.js';
import { type SelectInput, selectSamples } from './select-samples.js';
import { fitSoftmax, predictSoftmax, standardise } from './softmax-regression.js';

export interface SimulateAlOptions {
  strategies: string[];
  rounds: number;
  /** Labels added per round. */
  budget: number;
  /** Labels at the start (random, the same for every strategy of a seed); default `budget`. */
  initial?: number;
  /** Repetitions with different test splits and starting sets; default 3. */
  seeds?: number;
  /** Share held out for testing (stratified); default 0.25. */
  testShare?: number;
  /** Accuracy whose label cost is compared; default the random strategy's final mean accuracy. */
  targetAccuracy?: number;
  onRound?: (strategy: string, seed: number, round: number) => void;
}

export interface LearningCurve {
  strategy: string;
  /** Mean and standard deviation over seeds of the test accuracy after each round (0 = initial set). */
  mean: number[];
  std: number[];
  runs: number[][];
  /** Labels needed for the mean accuracy to reach the target (null: not within the rounds). */
  labelsToTarget: number | null;
  /** Random's labelsToTarget − this one's (positive: fewer labels than random). */
  labelsSaved: number | null;
}

export interface SimulateAlResult {
  n: number;
  classes: number;
  dim: number;
  test: number;
  /** Labelled count after each round. */
  labels: number[];
  targetAccuracy: number;
  curves: LearningCurve[];
}

/**
 * Pool-based active-learning simulation on a labelled set: per seed, a stratified test split, a
 * random starting set, then rounds of (train softmax regression on standardised embeddings → test
 * accuracy → rank the unlabelled pool by the strategy with that model's probabilities → reveal
 * `budget` labels). Each strategy is compared with `random` over the same seeds and starting sets.
 */
export function simulateActiveLearning(
  X: Float32Array,
  dim: number,
  y: Int32Array,
  k: number,
  options: SimulateAlOptions,
): SimulateAlResult {
  const n = y.length;
  const strategies = options.strategies.includes('random')
    ? options.strategies
    : ['random', ...options.strategies];
  const seeds = options.seeds ?? 3;
  const initial = options.initial ?? options.budget;
  const Z = standardise(X, dim);
  const has = new Uint8Array(n).fill(1);
  const rows = labelRows(
    Array.from(y, (c) => [c]),
    k,
  );
  const share = options.testShare ?? 0.25;
  const runs = new Map(strategies.map((s) => [s, [] as number[][]]));
  let testSize = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const folds = splitSamples(
      { n, labels: rows },
      { ratios: [1 - share, share], stratify: true, random: mulberry32(1000 + seed) },
    );
    const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => folds[i] === 0);
    const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => folds[i] === 1);
    testSize = test.length;
    if (initial + options.rounds * options.budget > train.length)
      throw new AssayError(
        'USAGE',
        `${initial} + ${options.rounds} × ${options.budget} labels exceed the ${train.length} training samples.`,
        {
          hint: 'Lower --rounds or --budget.',
        },
      );
    const start = selectSamples(
      { n, pool: train },
      { budget: initial, strategy: 'random', random: mulberry32(2000 + seed) },
    ).rows;
    for (const strategy of strategies) {
      const labelled = new Set(start);
      const curve: number[] = [];
      const random = mulberry32(3000 + seed);
      for (let round = 0; ; round++) {
        options.onRound?.(strategy, seed, round);
        const W = fitSoftmax(Z, dim, [...labelled], y, k);
        const probs = predictSoftmax(W, Z, dim, k);
        curve.push(accuracy(probs, y, test, k));
        if (round === options.rounds) break;
        const pool = train.filter((i) => !labelled.has(i));
        const predicted = labelRows(
          Array.from({ length: n }, (_, i) => [argmax(probs, i, k)]),
          k,
        );
        const input: SelectInput = {
          n,
          pool,
          labelled: Int32Array.from(labelled),
          probs: { data: probs, k },
          embeddings: { data: Z, dim, has },
          classes: predicted,
        };
        for (const r of selectSamples(input, { budget: options.budget, strategy, random, seed }).rows)
          labelled.add(r);
      }
      runs.get(strategy)!.push(curve);
    }
  }
  const labels = Array.from({ length: options.rounds + 1 }, (_, r) => initial + r * options.budget);
  const curves = strategies.map((strategy) => {
    const rs = runs.get(strategy)!;
    const mean = labels.map((_, r) => rs.reduce((a, c) => a + c[r]!, 0) / rs.length);
    const std = labels.map((_, r) =>
      Math.sqrt(rs.reduce((a, c) => a + (c[r]! - mean[r]!) ** 2, 0) / rs.length),
    );
    return {
      strategy,
      mean,
      std,
      runs: rs,
      labelsToTarget: null as number | null,
      labelsSaved: null as number | null,
    };
  });
  const randomCurve = curves.find((c) => c.strategy === 'random')!;
  const target = options.targetAccuracy ?? randomCurve.mean[randomCurve.mean.length - 1]!;
  for (const c of curves) {
    const r = c.mean.findIndex((a) => a >= target - 1e-12);
    c.labelsToTarget = r < 0 ? null : labels[r]!;
  }
  for (const c of curves)
    c.labelsSaved =
      c.labelsToTarget === null || randomCurve.labelsToTarget === null
        ? null
        : randomCurve.labelsToTarget - c.labelsToTarget;
  return { n, classes: k, dim, test: testSize, labels, targetAccuracy: target, curves };
}

function argmax(p: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
  return best;
}

function accuracy(probs: Float64Array, y: Int32Array, rows: Int32Array, k: number): number {
  let right = 0;
  for (const i of rows) if (argmax(probs, i, k) === y[i]) right++;
  return rows.length === 0 ? 0 : right / rows.length;
}
