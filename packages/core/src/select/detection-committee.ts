import { boxIouAt } from '../geometry/box.js';

/** Boxes of several prediction sources (committee members), one entry per box, sorted by owner row. */
export interface CommitteeBoxes {
  /** Row (sample) of each box, ascending. */
  owner: Int32Array;
  /** Committee member (source index) of each box. */
  member: Int32Array;
  /** [x, y, w, h] per box, 4 values each. */
  bbox: Float64Array;
  /** Class index of each box (0..k−1). */
  cls: Int32Array;
  /** Confidence of each box (1 when the source gives none). */
  score: Float64Array;
  /** Class probabilities per box (nb × k) when every box has them. */
  probs?: Float64Array;
}

export interface DetectionCommitteeOptions {
  /** IoU at or above which boxes of different members are the same object (default 0.5). */
  iou?: number;
}

/**
 * Query by committee for detection: the boxes of each image are matched across members into objects
 * (greedily, highest score first: a box joins the object it overlaps most, IoU ≥ `iou`, that has no
 * box of its member yet; else it starts an object), then the members' disagreement is measured per
 * object over k classes + background. A member's distribution for an object is score · P(class) (its
 * class probabilities, else all on its class) and 1 − score on background; a member with no box in
 * the object puts everything on background. Vote entropy (votes = argmax, first on ties) is normalised
 * by ln(k + 1); mean KL is (1/C) Σ_m KL(P_m ‖ P̄), natural log, as `voteEntropy`/`meanKl` for classes.
 * Returns each object's owner row and both scores; aggregate per image with `aggregatePerImage`.
 */
export function detectionCommittee(
  boxes: CommitteeBoxes,
  members: number,
  k: number,
  options: DetectionCommitteeOptions = {},
): { owner: Int32Array; voteEntropy: Float64Array; meanKl: Float64Array } {
  const threshold = options.iou ?? 0.5;
  const nb = boxes.owner.length;
  const owners: number[] = [];
  const ve: number[] = [];
  const kl: number[] = [];
  const K = k + 1; // background last
  const dist = new Float64Array(members * K);
  const votes = new Float64Array(K);
  const mean = new Float64Array(K);
  for (let start = 0; start < nb; ) {
    let end = start;
    while (end < nb && boxes.owner[end] === boxes.owner[start]) end++;
    const order = Array.from({ length: end - start }, (_, i) => start + i).sort(
      (a, b) => boxes.score[b]! - boxes.score[a]! || a - b,
    );
    const objects: number[][] = []; // box indices per object
    for (const b of order) {
      let best = -1;
      let bestIou = threshold;
      for (const [o, obj] of objects.entries()) {
        if (obj.some((x) => boxes.member[x] === boxes.member[b])) continue;
        const iou = Math.max(...obj.map((x) => boxIouAt(boxes.bbox, 4 * x, boxes.bbox, 4 * b)));
        if (iou >= bestIou && (best < 0 || iou > bestIou)) [best, bestIou] = [o, iou];
      }
      if (best < 0) objects.push([b]);
      else objects[best]!.push(b);
    }
    for (const obj of objects) {
      dist.fill(0);
      for (let m = 0; m < members; m++) dist[m * K + k] = 1;
      for (const b of obj) {
        const m = boxes.member[b]!;
        const s = Math.min(1, Math.max(0, boxes.score[b]!));
        dist[m * K + k] = 1 - s;
        if (boxes.probs) for (let j = 0; j < k; j++) dist[m * K + j] = s * boxes.probs[b * k + j]!;
        else dist[m * K + boxes.cls[b]!] = s;
      }
      votes.fill(0);
      mean.fill(0);
      for (let m = 0; m < members; m++) {
        let arg = 0;
        for (let j = 1; j < K; j++) if (dist[m * K + j]! > dist[m * K + arg]!) arg = j;
        votes[arg]!++;
        for (let j = 0; j < K; j++) mean[j]! += dist[m * K + j]! / members;
      }
      let h = 0;
      for (let j = 0; j < K; j++) {
        const p = votes[j]! / members;
        if (p > 0) h -= p * Math.log(p);
      }
      let d = 0;
      for (let m = 0; m < members; m++)
        for (let j = 0; j < K; j++) {
          const p = dist[m * K + j]!;
          if (p > 0) d += p * Math.log(p / mean[j]!);
        }
      owners.push(boxes.owner[start]!);
      ve.push(h / Math.log(K));
      kl.push(d / members);
    }
    start = end;
  }
  return {
    owner: Int32Array.from(owners),
    voteEntropy: Float64Array.from(ve),
    meanKl: Float64Array.from(kl),
  };
}
