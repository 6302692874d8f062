import { AssayError } from '../errors.js';
import { iterativeStratification, type LabelRows } from './iterative-stratification.js';

export interface SplitSamplesInput {
  /** Number of samples. */
  n: number;
  /** Labels per sample (class presence, or a field's value as one label); needed to stratify. */
  labels?: LabelRows;
  /** Group id per sample (-1: a group of its own); a group never crosses splits. */
  groups?: Int32Array;
}

export interface SplitSamplesOptions {
  /** Share of each split (normalised to sum 1). */
  ratios: readonly number[];
  /** Iterative stratification on `labels` (default false: random). */
  stratify?: boolean;
  /** Uniform [0, 1) generator (shuffle and tie breaks). */
  random: () => number;
}

/**
 * Assigns each sample a split index. Items are samples, or groups of samples when `groups` is given
 * (a group's labels are the union of its members', counted per member; its weight is its size).
 * Items are shuffled, then (groups only) ordered largest first so that big groups are placed while
 * every split still has room. Stratified: iterative stratification (iterative-stratification.ts).
 * Random: the same algorithm with no labels, i.e. each item to the split furthest below its size,
 * which for single samples is a random split of exactly round(r·n) each (ties random).
 */
export function splitSamples(input: SplitSamplesInput, options: SplitSamplesOptions): Int32Array {
  const ratios = normaliseRatios(options.ratios);
  const { n, groups } = input;
  if (options.stratify && !input.labels)
    throw new AssayError('USAGE', 'Stratified splitting needs labels per sample.');
  // items: each a list of sample indices
  const members: number[][] = [];
  if (groups) {
    const byGroup = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0) {
        members.push([i]);
        continue;
      }
      const at = byGroup.get(g);
      if (at === undefined) {
        byGroup.set(g, members.length);
        members.push([i]);
      } else members[at]!.push(i);
    }
  } else for (let i = 0; i < n; i++) members.push([i]);
  shuffle(members, options.random);
  if (groups) members.sort((a, b) => b.length - a.length); // stable: shuffled order within a size
  const rows = itemRows(members, options.stratify ? input.labels : undefined, groups !== undefined);
  const itemFold = iterativeStratification(rows, ratios, { random: options.random });
  const out = new Int32Array(n);
  for (let it = 0; it < members.length; it++) for (const i of members[it]!) out[i] = itemFold[it]!;
  return out;
}

export function normaliseRatios(ratios: readonly number[]): number[] {
  const sum = ratios.reduce((a, b) => a + b, 0);
  if (ratios.length < 2 || ratios.some((r) => !(r > 0)) || !Number.isFinite(sum))
    throw new AssayError(
      'USAGE',
      `Split ratios must be two or more positive numbers, not ${ratios.join(',')}.`,
      {
        hint: 'For example --ratios 0.8,0.1,0.1.',
      },
    );
  return Math.abs(sum - 1) < 1e-9 ? [...ratios] : ratios.map((r) => r / sum);
}

function shuffle<T>(a: T[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** Label rows of the items (empty rows when not stratifying); weights when items are groups. */
function itemRows(members: number[][], labels: LabelRows | undefined, weighted: boolean): LabelRows {
  const m = members.length;
  const offsets = new Int32Array(m + 1);
  const flat: number[] = [];
  const counts: number[] = [];
  const count = new Map<number, number>();
  for (let it = 0; it < m; it++) {
    if (labels) {
      count.clear();
      for (const i of members[it]!)
        for (let e = labels.offsets[i]!; e < labels.offsets[i + 1]!; e++) {
          const l = labels.labels[e]!;
          count.set(l, (count.get(l) ?? 0) + 1);
        }
      for (const [l, c] of [...count].sort((a, b) => a[0] - b[0])) {
        flat.push(l);
        counts.push(c);
      }
    }
    offsets[it + 1] = flat.length;
  }
  return {
    n: m,
    labelCount: labels?.labelCount ?? 0,
    offsets,
    labels: Int32Array.from(flat),
    ...(counts.some((c) => c !== 1) ? { counts: Float64Array.from(counts) } : {}),
    ...(weighted ? { weights: Float64Array.from(members, (g) => g.length) } : {}),
  };
}
