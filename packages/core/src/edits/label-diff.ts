import { boxIou } from '../geometry/box.js';
import type { AnnotationState } from './edit-types.js';

/** What `assay diff` compares: a version's samples (id → key and split) and annotations. */
export interface LabelVersion {
  name: string;
  samples: ReadonlyMap<number, { key: string; split: string | null }>;
  annotations: readonly AnnotationState[];
}

export type ChangeType = 'added' | 'removed' | 'reclassed' | 'moved';

export interface LabelChange {
  type: ChangeType;
  annotation_id: number;
  sample: string;
  source: string;
  class: string | null;
  /** For reclassed: the class in A. */
  from_class?: string | null;
  bbox_a?: number[] | null;
  bbox_b?: number[] | null;
  /** Set when the pair was matched by IoU, not id (a re-import gives new ids): A's id, and the IoU. */
  annotation_id_a?: number;
  iou?: number;
}

export interface DiffLabelsOptions {
  /**
   * Annotations no id matches are paired by box IoU at least this high, within one sample and source
   * (greedy, highest IoU first), and count as unchanged, re-classed or moved instead of removed and
   * added (default 0.5; 0 turns it off).
   */
  iou?: number;
}

type Counts = Record<ChangeType, number>;

export interface LabelDiff {
  a: string;
  b: string;
  samples: {
    added: string[];
    removed: string[];
    moved_split: { sample: string; from: string | null; to: string | null }[];
  };
  annotations: Counts & { unchanged: number };
  by_class: Record<string, Counts>;
  by_source: Record<string, Counts>;
  by_split: Record<string, Counts>;
  changes: LabelChange[];
}

const zero = (): Counts => ({ added: 0, removed: 0, reclassed: 0, moved: 0 });

function sameNumbers(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-9);
}

function sameShape(a: AnnotationState, b: AnnotationState): boolean {
  if (!sameNumbers(a.bbox, b.bbox)) return false;
  const pa = a.points ?? [];
  const pb = b.points ?? [];
  return pa.length === pb.length && pa.every((r, i) => sameNumbers(r, pb[i]));
}

/** Pairs of (A, B) annotations without an id match, by box IoU ≥ t within a sample and source, greedily. */
function matchByIou(
  removed: readonly AnnotationState[],
  added: readonly AnnotationState[],
  t: number,
): [AnnotationState, AnnotationState, number][] {
  const groups = new Map<string, AnnotationState[]>();
  const key = (x: AnnotationState) => `${x.sampleId}\u0000${x.source}`;
  for (const x of removed) if (x.bbox) groups.set(key(x), [...(groups.get(key(x)) ?? []), x]);
  const pairs: [AnnotationState, AnnotationState, number][] = [];
  for (const y of added) {
    if (!y.bbox) continue;
    for (const x of groups.get(key(y)) ?? []) {
      const iou = boxIou(x.bbox!, y.bbox);
      if (iou >= t) pairs.push([x, y, iou]);
    }
  }
  pairs.sort((p, q) => q[2] - p[2] || p[0].id - q[0].id || p[1].id - q[1].id);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: [AnnotationState, AnnotationState, number][] = [];
  for (const p of pairs) {
    if (usedA.has(p[0].id) || usedB.has(p[1].id)) continue;
    usedA.add(p[0].id);
    usedB.add(p[1].id);
    out.push(p);
  }
  return out;
}

/**
 * Label-level differences from version A to B, annotations matched by id, else by box IoU (options.iou):
 * added, removed, re-classed (class changed) and moved (box or polygon changed; an annotation can be
 * both). Counts per class (B's class; A's for removed), per source and per split (the sample's split in
 * B, else in A).
 */
export function diffLabels(a: LabelVersion, b: LabelVersion, options: DiffLabelsOptions = {}): LabelDiff {
  const diff: LabelDiff = {
    a: a.name,
    b: b.name,
    samples: {
      added: [...b.samples].filter(([id]) => !a.samples.has(id)).map(([, s]) => s.key),
      removed: [...a.samples].filter(([id]) => !b.samples.has(id)).map(([, s]) => s.key),
      moved_split: [...b.samples]
        .filter(([id, s]) => a.samples.has(id) && a.samples.get(id)!.split !== s.split)
        .map(([id, s]) => ({ sample: s.key, from: a.samples.get(id)!.split, to: s.split })),
    },
    annotations: { ...zero(), unchanged: 0 },
    by_class: {},
    by_source: {},
    by_split: {},
    changes: [],
  };
  const sampleOf = (id: number) => b.samples.get(id) ?? a.samples.get(id);
  const count = (type: ChangeType, x: AnnotationState, extra: Partial<LabelChange>) => {
    const s = sampleOf(x.sampleId);
    diff.annotations[type]++;
    for (const [table, key] of [
      [diff.by_class, x.label ?? '(none)'],
      [diff.by_source, x.source],
      [diff.by_split, s?.split ?? '(none)'],
    ] as const) {
      table[key] ??= zero();
      table[key]![type]++;
    }
    diff.changes.push({
      type,
      annotation_id: x.id,
      sample: s?.key ?? `sample ${x.sampleId}`,
      source: x.source,
      class: x.label ?? null,
      ...extra,
    });
  };
  const inA = new Map(a.annotations.map((x) => [x.id, x]));
  const inB = new Set(b.annotations.map((y) => y.id));
  const compare = (x: AnnotationState, y: AnnotationState, extra: Partial<LabelChange>) => {
    let changed = false;
    if ((x.label ?? null) !== (y.label ?? null)) {
      count('reclassed', y, { from_class: x.label ?? null, ...extra });
      changed = true;
    }
    if (!sameShape(x, y)) {
      count('moved', y, { bbox_a: x.bbox ?? null, bbox_b: y.bbox ?? null, ...extra });
      changed = true;
    }
    if (!changed) diff.annotations.unchanged++;
  };
  const added: AnnotationState[] = [];
  for (const y of b.annotations) {
    const x = inA.get(y.id);
    if (x) compare(x, y, {});
    else added.push(y);
  }
  const removed = a.annotations.filter((x) => !inB.has(x.id));
  const t = options.iou ?? 0.5;
  const paired = t > 0 ? matchByIou(removed, added, t) : [];
  const pairedA = new Set(paired.map(([x]) => x.id));
  const pairedB = new Set(paired.map(([, y]) => y.id));
  for (const [x, y, iou] of paired) compare(x, y, { annotation_id_a: x.id, iou });
  for (const y of added) if (!pairedB.has(y.id)) count('added', y, { bbox_b: y.bbox ?? null });
  for (const x of removed) if (!pairedA.has(x.id)) count('removed', x, { bbox_a: x.bbox ?? null });
  diff.changes.sort((p, q) => p.annotation_id - q.annotation_id || p.type.localeCompare(q.type));
  return diff;
}
