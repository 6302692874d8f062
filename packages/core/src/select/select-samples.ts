import { AssayError } from '../errors.js';
import type { LabelRows } from '../split/iterative-stratification.js';
import { classBalanceSelect } from './class-balance.js';
import { meanKl, voteEntropy } from './committee.js';
import { type CommitteeBoxes, detectionCommittee } from './detection-committee.js';
import { kCenterGreedy } from './kcenter-greedy.js';
import { kMeansSampling } from './kmeans-sampling.js';
import { combineRankings, orderByScore } from './rank-combine.js';
import {
  type Aggregate,
  aggregatePerImage,
  probUncertainty,
  scoreUncertainty,
  type UncertaintyKind,
} from './uncertainty.js';

/** What the strategies read, per row (sample); every array is indexed by row. */
export interface SelectInput {
  n: number;
  /** Rows that may be picked. */
  pool: Int32Array;
  /** Rows already labelled (k-center's first centres, class balance's starting counts). */
  labelled?: Int32Array;
  /** Class probabilities of the first prediction source (n × k), rows without one all 0. */
  probs?: { data: Float64Array; k: number };
  /** Each prediction source's probabilities (committee). */
  committee?: Float64Array[];
  /** Boxes of two or more detection sources (committee over matched boxes), k classes. */
  detectionCommittee?: { boxes: CommitteeBoxes; members: number; k: number };
  /** Detection boxes of the first prediction source: owning row, score, and class probabilities (nb × k) when every box has them. */
  boxes?: { owner: Int32Array; score: Float64Array; probs?: Float64Array };
  /** Embeddings (n × dim, row-aligned) and which rows have one. */
  embeddings?: { data: Float32Array; dim: number; has: Uint8Array };
  /** Classes per row (predicted, else labelled), for class balance and classes-per-image. */
  classes?: LabelRows;
  /** Target share per class (class balance); default uniform. */
  target?: Float64Array;
}

export interface SelectOptions {
  budget: number;
  /** `random`, an uncertainty kind, `kcenter`, `kmeans`, `class-balance`, `classes`, `vote-entropy`,
   * `mean-kl`, `half-uncertainty-half-classes`, `dua`, or a weighted sum `entropy:0.7+kcenter:0.3`. */
  strategy: string;
  /** Per-image aggregation of box uncertainty (default max). */
  aggregate?: Aggregate;
  /** Uncertainty kind the combined schemes use (default entropy). */
  uncertainty?: UncertaintyKind;
  seed?: number;
  random: () => number;
}

export const STRATEGIES = [
  'random',
  'least-confidence',
  'margin',
  'entropy',
  'kcenter',
  'kmeans',
  'class-balance',
  'classes',
  'vote-entropy',
  'mean-kl',
  'half-uncertainty-half-classes',
  'dua',
] as const;

export interface SelectResult {
  rows: Int32Array;
  /** Per picked row, the score it was ranked by where the strategy has one (else null). */
  scores: (number | null)[];
}

const need = (what: string, strategy: string, hint: string): never => {
  throw new AssayError('USAGE', `The ${strategy} strategy needs ${what}.`, { hint });
};

/**
 * Uncertainty per row: from class probabilities, else per detection box (its class probabilities, else its
 * score as {s, 1 − s}) aggregated per image (max, mean or sum).
 */
export function rowUncertainty(
  input: SelectInput,
  kind: UncertaintyKind,
  aggregate: Aggregate,
): Float64Array {
  if (input.probs) return probUncertainty(input.probs.data, input.n, input.probs.k, kind);
  if (input.boxes) {
    const { owner, score, probs } = input.boxes;
    const v = probs
      ? probUncertainty(probs, owner.length, probs.length / Math.max(1, owner.length), kind)
      : Float64Array.from(score, (s) => scoreUncertainty(s, kind));
    return aggregatePerImage(v, owner, input.n, aggregate);
  }
  return need(
    'predictions',
    kind,
    'Import a prediction source (`assay import ... --as prediction:MODEL`) and name it with --pred.',
  );
}

function classCount(input: SelectInput, strategy: string): Float64Array {
  const c = input.classes ?? need('classes per sample', strategy, 'Import predictions or labels first.');
  return Float64Array.from({ length: input.n }, (_, i) => c.offsets[i + 1]! - c.offsets[i]!);
}

/** One strategy's full order of preference over the pool (best first) and its scores. */
function order(
  input: SelectInput,
  strategy: string,
  options: SelectOptions,
  k: number,
): { order: Int32Array; score?: Float64Array } {
  const agg = options.aggregate ?? 'max';
  switch (strategy) {
    case 'random': {
      const rows = Array.from(input.pool);
      for (let i = rows.length - 1; i > 0; i--) {
        const j = Math.min(i, Math.floor(options.random() * (i + 1)));
        [rows[i], rows[j]] = [rows[j]!, rows[i]!];
      }
      return { order: Int32Array.from(rows) };
    }
    case 'least-confidence':
    case 'margin':
    case 'entropy': {
      const score = rowUncertainty(input, strategy, agg);
      return { order: orderByScore(input.pool, score), score };
    }
    case 'vote-entropy':
    case 'mean-kl': {
      const members = input.committee ?? [];
      const det = input.detectionCommittee;
      if ((members.length < 2 || !input.probs) && det && det.members >= 2) {
        const objects = detectionCommittee(det.boxes, det.members, det.k);
        const perObject = strategy === 'vote-entropy' ? objects.voteEntropy : objects.meanKl;
        const score = aggregatePerImage(perObject, objects.owner, input.n, agg);
        return { order: orderByScore(input.pool, score), score };
      }
      if (members.length < 2 || !input.probs)
        need(
          'two or more prediction sources with class probabilities, or two or more detection sources',
          strategy,
          'Name them with --pred A B.',
        );
      const f = strategy === 'vote-entropy' ? voteEntropy : meanKl;
      const score = f(members, input.n, input.probs!.k);
      return { order: orderByScore(input.pool, score), score };
    }
    case 'classes': {
      const score = classCount(input, strategy);
      return { order: orderByScore(input.pool, score), score };
    }
    case 'kcenter':
    case 'kmeans': {
      const e =
        input.embeddings ??
        need('embeddings', strategy, 'Compute or import embeddings first (`assay embed`).');
      const pool = input.pool.filter((r) => e.has[r] === 1);
      if (strategy === 'kmeans')
        return {
          order: kMeansSampling(e.data, e.dim, pool, Math.min(k, pool.length), { seed: options.seed ?? 0 }),
        };
      const initial = (input.labelled ?? new Int32Array()).filter((r) => e.has[r] === 1);
      return {
        order: kCenterGreedy(e.data, e.dim, Math.min(k, pool.length), {
          initial,
          pool,
          random: options.random,
        }),
      };
    }
    case 'class-balance': {
      const c = input.classes ?? need('classes per sample', strategy, 'Import predictions or labels first.');
      const target = input.target ?? new Float64Array(c.labelCount).fill(1 / Math.max(1, c.labelCount));
      const initial = new Float64Array(c.labelCount);
      for (const r of input.labelled ?? [])
        for (let e = c.offsets[r]!; e < c.offsets[r + 1]!; e++) initial[c.labels[e]!]!++;
      const priority =
        input.probs || input.boxes ? rowUncertainty(input, options.uncertainty ?? 'entropy', agg) : undefined;
      return {
        order: classBalanceSelect(c, input.pool, k, target, { initial, ...(priority ? { priority } : {}) }),
      };
    }
    case 'half-uncertainty-half-classes':
    case 'dua': {
      // seed 001: half the budget by uncertainty, the other half by classes per image among the rest;
      // DUA-style: half by uncertainty, the other half by k-center diversity from labelled ∪ first half.
      const u = rowUncertainty(input, options.uncertainty ?? 'entropy', agg);
      const first = orderByScore(input.pool, u).slice(0, Math.ceil(k / 2));
      const chosen = new Set(first);
      const rest = input.pool.filter((r) => !chosen.has(r));
      let second: Int32Array;
      if (strategy === 'dua') {
        const e =
          input.embeddings ??
          need('embeddings', strategy, 'Compute or import embeddings first (`assay embed`).');
        const initial = Int32Array.from([...(input.labelled ?? []), ...first].filter((r) => e.has[r] === 1));
        second = kCenterGreedy(e.data, e.dim, k - first.length, {
          initial,
          pool: rest.filter((r) => e.has[r] === 1),
          random: options.random,
        });
      } else second = orderByScore(rest, classCount(input, strategy));
      return { order: Int32Array.from([...first, ...second]) };
    }
    default:
      throw new AssayError('USAGE', `Unknown selection strategy "${strategy}".`, {
        hint: `Strategies: ${STRATEGIES.join(', ')}, or a weighted sum such as entropy:0.7+kcenter:0.3.`,
      });
  }
}

/** Picks `budget` pool rows by `strategy` (see SelectOptions). */
export function selectSamples(input: SelectInput, options: SelectOptions): SelectResult {
  const k = Math.min(options.budget, input.pool.length);
  const parts = options.strategy.split('+').map((p) => p.trim());
  if (parts.length === 1 && !parts[0]!.includes(':')) {
    const { order: o, score } = order(input, parts[0]!, options, k);
    const rows = o.slice(0, k);
    return { rows, scores: Array.from(rows, (r) => (score ? score[r]! : null)) };
  }
  const orders = parts.map((p) => {
    const [name = '', w = '1'] = p.split(':');
    const weight = Number(w);
    if (!(weight >= 0)) throw new AssayError('USAGE', `"${p}" needs a weight ≥ 0 after the colon.`);
    // rows a diversity order leaves out (it picks k) rank last
    return { order: order(input, name, options, k).order, weight };
  });
  const rows = combineRankings(input.pool, orders).slice(0, k);
  return { rows, scores: Array.from(rows, () => null) };
}
