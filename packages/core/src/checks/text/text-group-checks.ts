import { type CheckIssue, wants } from '../check-types.js';

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** log(1 + length) of each text in characters (code points) and in whitespace-separated tokens. */
export interface TextLengths {
  ids: Int32Array;
  keys: readonly string[];
  n: number;
  chars: Float64Array;
  tokens: Float64Array;
}

/**
 * `text_length_outlier` on 20+ texts: robust z of log(1 + length) past `z` (1.4826 × MAD; when over half
 * the texts have the median length the MAD is 0, and 1.2533 × the mean absolute deviation stands in,
 * Iglewicz and Hoaglin's modified z-score).
 */
export function lengthOutliers(t: TextLengths, z: number, out: CheckIssue[]): void {
  if (t.n < 20) return;
  const measures: [string, Float64Array][] = [
    ['characters', t.chars.subarray(0, t.n)],
    ['tokens', t.tokens.subarray(0, t.n)],
  ];
  for (const [unit, lengths] of measures) {
    const med = median(lengths);
    const deviations = lengths.map((v) => Math.abs(v - med));
    let mad = 1.4826 * median(deviations);
    if (mad === 0) mad = (1.253314 * deviations.reduce((a, b) => a + b, 0)) / deviations.length;
    if (mad === 0) continue;
    for (let i = 0; i < t.n; i++) {
      const score = Math.abs(lengths[i]! - med) / mad;
      if (score <= z) continue;
      const n = Math.round(Math.expm1(lengths[i]!));
      out.push({
        sampleId: t.ids[i]!,
        type: 'text_length_outlier',
        severity: 'info',
        score: Math.min(1, score / (2 * z)),
        reason: `${t.keys[i]}: ${n} ${unit}, far from the median of ${Math.round(Math.expm1(med))}`,
        details: { unit, length: n, median: Math.round(Math.expm1(med)), robust_z: score },
      });
    }
  }
}

/** One group of texts equal once normalised (indices in sample order) and the columns it is judged by. */
export interface DuplicateGroup {
  members: readonly number[];
  ids: Int32Array;
  keys: readonly string[];
  /** 64-bit digests of the texts as they are (equal digests: exact copies). */
  exactHi: Uint32Array;
  exactLo: Uint32Array;
  /** Label-set id per sample (-1: none) and the names of the ids. */
  label: Int32Array;
  labelNames: readonly string[];
  /** Split id per sample (-1: none). */
  split: Int32Array;
  splitNames: readonly string[];
}

/** Up to `k` keys of the group other than `key`, in order. */
function othersOf(keys: readonly string[], key: string, k: number): string[] {
  const out: string[] = [];
  for (const other of keys) {
    if (other === key) continue;
    out.push(other);
    if (out.length === k) break;
  }
  return out;
}

/**
 * Duplicates (exact, else equal once normalised) on every member after the first, the same text with
 * other labels (`conflicting_labels`, on every member) and the same text in several splits.
 */
export function duplicateIssues(
  g: DuplicateGroup,
  only: ReadonlySet<string> | undefined,
  out: CheckIssue[],
): void {
  const { members } = g;
  const first = members[0]!;
  const keys = members.map((i) => g.keys[i]!);
  const exact = members.every((i) => g.exactHi[i] === g.exactHi[first] && g.exactLo[i] === g.exactLo[first]);
  const kind = exact ? 'exact' : 'normalised';
  const labelOf = (i: number) => (g.label[i]! < 0 ? undefined : g.labelNames[g.label[i]!]!);
  const splitOf = (i: number) => (g.split[i]! < 0 ? undefined : g.splitNames[g.split[i]!]!);
  const sets = new Set(members.map((i) => labelOf(i) ?? ''));
  const splits = new Set(members.map((i) => splitOf(i) ?? ''));
  members.forEach((i, at) => {
    const key = g.keys[i]!;
    const label = labelOf(i);
    if (at > 0 && wants(only, 'duplicate_text'))
      out.push({
        sampleId: g.ids[i]!,
        type: 'duplicate_text',
        severity: 'warning',
        score: exact ? 1 : 0.8,
        reason: `${key}: the same text (${kind}) as ${othersOf(keys, key, 3).join(', ')}`,
        details: { kind, group: keys },
      });
    if (sets.size > 1 && wants(only, 'conflicting_labels'))
      out.push({
        sampleId: g.ids[i]!,
        type: 'conflicting_labels',
        severity: 'error',
        score: 1,
        reason: `${key} is labelled "${label ?? '(none)'}"; the same text elsewhere has ${[...sets]
          .filter((l) => l !== (label ?? ''))
          .map((l) => `"${l || '(none)'}"`)
          .join(', ')}`,
        details: {
          group: keys,
          labels: Object.fromEntries(members.map((m) => [g.keys[m]!, labelOf(m) ?? null])),
        },
      });
    const split = splitOf(i);
    if (splits.size > 1 && split !== undefined && wants(only, 'split_leakage'))
      out.push({
        sampleId: g.ids[i]!,
        type: 'split_leakage',
        severity: 'error',
        score: 1,
        reason: `${key} (${split}): the same text is in ${[...splits].filter((x) => x !== split).join(', ')}`,
        details: { kind, group: keys },
      });
  });
}
