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

/**
 * Label-level differences from version A to B, annotations matched by id: added, removed, re-classed
 * (class changed) and moved (box or polygon changed; an annotation can be both). Counts per class (B's
 * class; A's for removed), per source and per split (the sample's split in B, else in A).
 */
export function diffLabels(a: LabelVersion, b: LabelVersion): LabelDiff {
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
  const inB = new Set<number>();
  for (const y of b.annotations) {
    inB.add(y.id);
    const x = inA.get(y.id);
    if (!x) {
      count('added', y, { bbox_b: y.bbox ?? null });
      continue;
    }
    let changed = false;
    if ((x.label ?? null) !== (y.label ?? null)) {
      count('reclassed', y, { from_class: x.label ?? null });
      changed = true;
    }
    if (!sameShape(x, y)) {
      count('moved', y, { bbox_a: x.bbox ?? null, bbox_b: y.bbox ?? null });
      changed = true;
    }
    if (!changed) diff.annotations.unchanged++;
  }
  for (const x of a.annotations) if (!inB.has(x.id)) count('removed', x, { bbox_a: x.bbox ?? null });
  diff.changes.sort((p, q) => p.annotation_id - q.annotation_id || p.type.localeCompare(q.type));
  return diff;
}
