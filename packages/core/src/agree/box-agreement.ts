/**
 * Agreement of two annotators' boxes. On each image the boxes are paired one to one by the Hungarian
 * algorithm: at an IoU threshold t, pairs with IoU ≥ t may match, the most pairs match, and among
 * equally many matches the largest total IoU wins. Reported per threshold: matches, precision (share of
 * B's boxes matched), recall (share of A's), F1 = 2·matches/(|A| + |B|), the same F1 when boxes must
 * also have the same class, and the mean IoU of the matches. Class agreement at the first threshold is
 * Krippendorff's nominal alpha over units that are the matched pairs plus every unmatched box, whose
 * missing partner counts as the value "no box" (so unmatched boxes lower it), and over matched pairs only.
 */
import { boxIouAt } from '../geometry/box.js';
import { hungarian } from './hungarian.js';
import { krippendorffAlpha } from './krippendorff-alpha.js';

/** One annotator's boxes: image id, [x, y, w, h] in pixels and class id of each box. */
export interface BoxSet {
  image: ArrayLike<number>;
  /** 4 numbers per box: x, y, w, h. */
  xywh: ArrayLike<number>;
  label: ArrayLike<number>;
}

export interface BoxAgreementOptions {
  /** IoU thresholds, the first one the primary (default [0.5, 0.75]). */
  thresholds?: number[];
  signal?: AbortSignal;
}

export interface BoxThresholdScores {
  iou: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  /** F1 when a match also needs the same class (matched separately, by the same rule). */
  f1_same_class: number;
  /** Mean IoU of the matches (null without matches). */
  mean_iou: number | null;
}

/** A match at the primary threshold: box indices into A and B and their IoU. */
export interface BoxMatch {
  a: number;
  b: number;
  iou: number;
}

export interface BoxAgreement {
  boxes_a: number;
  boxes_b: number;
  images: number;
  thresholds: BoxThresholdScores[];
  /** Share of primary matches whose classes agree (null without matches). */
  class_agreement: number | null;
  /** Nominal alpha over matched pairs and unmatched boxes ("no box" is a value). */
  class_alpha: number | null;
  /** Nominal alpha over the matched pairs only. */
  class_alpha_matched: number | null;
  /** Matches at the primary threshold, image after image. */
  matches: BoxMatch[];
  /** Per image (ids ascending): F1 with the same class at the primary threshold. */
  per_image: { image: number; boxes_a: number; boxes_b: number; f1_same_class: number }[];
}

/** Union–find root with path halving. */
function root(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]!]!;
    r = parent[r]!;
  }
  return r;
}

/**
 * The best matching of A's `na` boxes to B's `nb` boxes given their IoU matrix: most pairs with IoU ≥ t
 * (and the same class when `sameClass` says so), then the largest total IoU. The allowed pairs split into
 * connected groups that are matched independently (most are one box each side); the Hungarian
 * algorithm runs on the larger ones. Returns [indexA, indexB] pairs, ordered by indexA.
 */
export function matchBoxes(
  iou: Float64Array,
  na: number,
  nb: number,
  t: number,
  sameClass?: (i: number, j: number) => boolean,
): [number, number][] {
  const allowed = (i: number, j: number) => {
    const x = iou[i * nb + j]!;
    return x >= t && x > 0 && (!sameClass || sameClass(i, j));
  };
  const parent = Int32Array.from({ length: na + nb }, (_, k) => k);
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++) if (allowed(i, j)) parent[root(parent, i)] = root(parent, na + j);
  const groups = new Map<number, { a: number[]; b: number[] }>();
  for (let k = 0; k < na + nb; k++) {
    const r = root(parent, k);
    let g = groups.get(r);
    if (!g) {
      g = { a: [], b: [] };
      groups.set(r, g);
    }
    if (k < na) g.a.push(k);
    else g.b.push(k - na);
  }
  const pairs: [number, number][] = [];
  for (const g of groups.values()) {
    if (g.a.length === 0 || g.b.length === 0) continue;
    if (g.a.length === 1 && g.b.length === 1) pairs.push([g.a[0]!, g.b[0]!]);
    else matchGroup(g.a, g.b, iou, nb, allowed, pairs);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

function matchGroup(
  ga: number[],
  gb: number[],
  iou: Float64Array,
  nb: number,
  allowed: (i: number, j: number) => boolean,
  pairs: [number, number][],
): void {
  // Weight M + IoU with M > any IoU sum, so the count of matches comes first; forbidden pairs cost 0.
  const big = Math.min(ga.length, gb.length) + 1;
  const cost = new Float64Array(ga.length * gb.length);
  ga.forEach((i, r) => {
    gb.forEach((j, c) => {
      if (allowed(i, j)) cost[r * gb.length + c] = -(big + iou[i * nb + j]!);
    });
  });
  hungarian(cost, ga.length, gb.length).forEach((c, r) => {
    if (c >= 0 && cost[r * gb.length + c]! < 0) pairs.push([ga[r]!, gb[c]!]);
  });
}

/** Box indices of each image, images ascending. */
function groupByImage(a: BoxSet, b: BoxSet): Map<number, { a: number[]; b: number[] }> {
  const groups = new Map<number, { a: number[]; b: number[] }>();
  const add = (set: BoxSet, side: 'a' | 'b') => {
    for (let i = 0; i < set.image.length; i++) {
      const id = set.image[i]!;
      let g = groups.get(id);
      if (!g) {
        g = { a: [], b: [] };
        groups.set(id, g);
      }
      g[side].push(i);
    }
  };
  add(a, 'a');
  add(b, 'b');
  return new Map([...groups.entries()].sort((x, y) => x[0] - y[0]));
}

interface Tally {
  matched: number;
  sameClass: number;
  iouSum: number;
}

export function boxAgreement(a: BoxSet, b: BoxSet, options: BoxAgreementOptions = {}): BoxAgreement {
  const thresholds = options.thresholds ?? [0.5, 0.75];
  const tallies: Tally[] = thresholds.map(() => ({ matched: 0, sameClass: 0, iouSum: 0 }));
  const matches: BoxMatch[] = [];
  const perImage: BoxAgreement['per_image'] = [];
  const units: number[] = []; // label pairs for alpha; −1 = no box
  let checked = 0;
  for (const [image, g] of groupByImage(a, b)) {
    if ((++checked & 1023) === 0) options.signal?.throwIfAborted();
    const na = g.a.length;
    const nb = g.b.length;
    const iou = new Float64Array(na * nb);
    for (let i = 0; i < na; i++)
      for (let j = 0; j < nb; j++) iou[i * nb + j] = boxIouAt(a.xywh, 4 * g.a[i]!, b.xywh, 4 * g.b[j]!);
    const same = (i: number, j: number) => a.label[g.a[i]!] === b.label[g.b[j]!];
    thresholds.forEach((t, k) => {
      const pairs = na > 0 && nb > 0 ? matchBoxes(iou, na, nb, t) : [];
      const classed = na > 0 && nb > 0 ? matchBoxes(iou, na, nb, t, same) : [];
      const tally = tallies[k]!;
      tally.matched += pairs.length;
      tally.sameClass += classed.length;
      for (const [i, j] of pairs) tally.iouSum += iou[i * nb + j]!;
      if (k > 0) return;
      perImage.push({
        image,
        boxes_a: na,
        boxes_b: nb,
        f1_same_class: na + nb === 0 ? 1 : (2 * classed.length) / (na + nb),
      });
      const matchedA = new Set<number>();
      const matchedB = new Set<number>();
      for (const [i, j] of pairs) {
        matches.push({ a: g.a[i]!, b: g.b[j]!, iou: iou[i * nb + j]! });
        matchedA.add(i);
        matchedB.add(j);
        units.push(a.label[g.a[i]!]!, b.label[g.b[j]!]!);
      }
      for (let i = 0; i < na; i++) if (!matchedA.has(i)) units.push(a.label[g.a[i]!]!, -1);
      for (let j = 0; j < nb; j++) if (!matchedB.has(j)) units.push(-1, b.label[g.b[j]!]!);
    });
  }
  return summarize(a.image.length, b.image.length, perImage, thresholds, tallies, matches, units);
}

function summarize(
  na: number,
  nb: number,
  perImage: BoxAgreement['per_image'],
  thresholds: number[],
  tallies: Tally[],
  matches: BoxMatch[],
  units: number[],
): BoxAgreement {
  const alpha = (values: number[]) => {
    const x = krippendorffAlpha(
      { raters: ['a', 'b'], items: values.length / 2, values: Float64Array.from(values) },
      'nominal',
    );
    return Number.isFinite(x) ? x : null;
  };
  const matchedUnits: number[] = [];
  let sameLabel = 0;
  for (let u = 0; u < units.length; u += 2)
    if (units[u]! >= 0 && units[u + 1]! >= 0) {
      matchedUnits.push(units[u]!, units[u + 1]!);
      if (units[u] === units[u + 1]) sameLabel++;
    }
  return {
    boxes_a: na,
    boxes_b: nb,
    images: perImage.length,
    thresholds: thresholds.map((iou, k) => {
      const t = tallies[k]!;
      return {
        iou,
        matched: t.matched,
        precision: nb === 0 ? 0 : t.matched / nb,
        recall: na === 0 ? 0 : t.matched / na,
        f1: na + nb === 0 ? 1 : (2 * t.matched) / (na + nb),
        f1_same_class: na + nb === 0 ? 1 : (2 * t.sameClass) / (na + nb),
        mean_iou: t.matched === 0 ? null : t.iouSum / t.matched,
      };
    }),
    class_agreement: matches.length === 0 ? null : sameLabel / matches.length,
    class_alpha: alpha(units),
    class_alpha_matched: alpha(matchedUnits),
    matches,
    per_image: perImage,
  };
}
