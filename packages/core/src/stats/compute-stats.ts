import {
  type BoxStats,
  type DatasetStats,
  DEFAULT_STATS_SOURCE,
  type StatsAnnotation,
  type StatsInput,
  type StatsSample,
  UNASSIGNED_SPLIT,
} from './dataset-stats.js';
import { histogram, summarize } from './summarize.js';

const BINS = 20;

const bump = (m: Record<string, number>, k: string, by = 1) => {
  m[k] = (m[k] ?? 0) + by;
};
const nested = (m: Record<string, Record<string, number>>, k: string): Record<string, number> => {
  m[k] ??= {};
  return m[k];
};
const splitOf = (s: StatsSample | undefined) => s?.split ?? UNASSIGNED_SPLIT;

function imageArea(s: StatsSample | undefined): number {
  const w = s?.probe?.width ?? s?.width;
  const h = s?.probe?.height ?? s?.height;
  return w !== undefined && h !== undefined && w > 0 && h > 0 ? w * h : Number.NaN;
}

/** Area, relative area and aspect of one class's boxes. */
function boxStatsOf(name: string, boxes: StatsAnnotation[], samples: Map<number, StatsSample>): BoxStats {
  const n = boxes.length;
  const area = new Float64Array(n);
  const aspect = new Float64Array(n);
  const relative = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = boxes[i]!;
    const [, , w, h] = a.bbox!;
    area[i] = w * h;
    aspect[i] = h > 0 ? w / h : Number.NaN;
    relative[i] = (w * h) / imageArea(samples.get(a.sampleId));
  }
  return {
    class: name,
    count: n,
    area: summarize(area),
    area_histogram: histogram(area, { bins: BINS, log: true }),
    relative_area: summarize(relative),
    aspect: summarize(aspect),
    aspect_histogram: histogram(aspect, { bins: BINS, log: true }),
  };
}

/** Samples holding both class i and j; the diagonal holds samples with class i. */
function cooccurrence(classes: string[], labelsBySample: Map<number, Set<string>>): number[][] {
  const index = new Map(classes.map((c, i) => [c, i]));
  const m = classes.map(() => new Array<number>(classes.length).fill(0));
  for (const labels of labelsBySample.values()) {
    const ids = [...labels].map((l) => index.get(l)).filter((i): i is number => i !== undefined);
    for (const i of ids) for (const j of ids) m[i]![j]!++;
  }
  return m;
}

function attributeStats(annotations: StatsAnnotation[]): DatasetStats['attributes'] {
  const byName = new Map<string, { annotations: number; values: Record<string, number> }>();
  for (const a of annotations) {
    if (!a.attributes) continue;
    for (const [name, value] of Object.entries(a.attributes)) {
      let entry = byName.get(name);
      if (!entry) byName.set(name, (entry = { annotations: 0, values: {} }));
      entry.annotations++;
      bump(entry.values, String(value));
    }
  }
  return [...byName.entries()].map(([name, e]) => ({ name, ...e }));
}

/**
 * Dataset statistics for `assay stats` and the report. Pure: one pass over the annotations for the
 * counts, then per-class typed arrays for the geometry summaries.
 */
export function computeStats(input: StatsInput): DatasetStats {
  const source = input.source ?? DEFAULT_STATS_SOURCE;
  const samples = new Map(input.samples.map((s) => [s.id, s]));
  const splits: Record<string, number> = {};
  for (const s of input.samples) bump(splits, splitOf(s));
  const sources: string[] = [];
  const bySource: Record<string, Record<string, number>> = {};
  const bySplit: Record<string, Record<string, number>> = {};
  const samplesBySplit: Record<string, Record<string, number>> = {};
  const labelsBySample = new Map<number, Set<string>>();
  const perSample = new Map<number, number>();
  const boxes = new Map<string, StatsAnnotation[]>(input.classes.map((c) => [c, []]));
  const described: StatsAnnotation[] = [];
  for (const a of input.annotations) {
    if (!(a.source in bySource)) sources.push(a.source);
    const label = a.label ?? '(no class)';
    bump(nested(bySource, a.source), label);
    if (a.source !== source) continue;
    described.push(a);
    perSample.set(a.sampleId, (perSample.get(a.sampleId) ?? 0) + 1);
    bump(nested(bySplit, splitOf(samples.get(a.sampleId))), label);
    if (a.label === undefined) continue;
    let labels = labelsBySample.get(a.sampleId);
    if (!labels) labelsBySample.set(a.sampleId, (labels = new Set()));
    labels.add(a.label);
    if (a.bbox !== undefined && a.kind !== 'classification') boxes.get(a.label)?.push(a);
  }
  for (const [id, labels] of labelsBySample) {
    const m = nested(samplesBySplit, splitOf(samples.get(id)));
    for (const l of labels) bump(m, l);
  }
  const objects = new Float64Array(input.samples.length);
  input.samples.forEach((s, i) => {
    objects[i] = perSample.get(s.id) ?? 0;
  });
  const metrics = Object.entries(input.metrics ?? {}).map(([name, values]) => ({
    name,
    summary: summarize(values),
    histogram: histogram(values, { bins: BINS }),
  }));
  return {
    samples: input.samples.length,
    splits,
    sources,
    classes: [...input.classes],
    source,
    class_distribution: { by_split: bySplit, by_source: bySource, samples_by_split: samplesBySplit },
    objects_per_image: { summary: summarize(objects), histogram: histogram(objects, { bins: BINS }) },
    boxes: input.classes.map((c) => boxStatsOf(c, boxes.get(c) ?? [], samples)),
    cooccurrence: { classes: [...input.classes], samples: cooccurrence(input.classes, labelsBySample) },
    attributes: attributeStats(described),
    metrics,
  };
}
