import { accumulate } from './accumulate.js';
import { evaluateImages } from './evaluate-images.js';
import { defaultCocoParams } from './params.js';
import { type PrecisionSlices, statSpecs, summarize, summarizeStat } from './summarize.js';
import type {
  CocoAccumulated,
  CocoAreaMatches,
  CocoDetections,
  CocoEvalDataset,
  CocoEvalImages,
  CocoEvalParams,
  CocoIouType,
  CocoObjects,
  CocoSummary,
} from './types.js';

/** AP/AR of one category (null where pycocotools gives -1: no ground truth in that range). */
export interface CocoClassResult {
  category_id: number | null;
  name: string;
  /** Ground truth that is not a crowd region / detections of the class. */
  gt: number;
  dt: number;
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  ap_small?: number | null;
  ap_medium: number | null;
  ap_large: number | null;
  /** AR at the last maxDets (100; keypoints 20). */
  ar: number | null;
}

export interface EvaluateCocoOptions {
  iouType?: CocoIouType;
  /** Match within categories only (default true). */
  useCats?: boolean;
  /** Overrides of pycocotools' default params. */
  params?: Partial<CocoEvalParams>;
  signal?: AbortSignal;
  /**
   * Called with each area range's matches as accumulate reads them; with `keepAreas: 0` no range's
   * matches are kept in `images.perArea` (one range's at a time in memory: issue 12).
   */
  onMatches?: (areaIndex: number, matches: CocoAreaMatches, images: CocoEvalImages) => void;
  /** How many area ranges' matches stay in `images.perArea` (default 1: "all", which the outcomes read). */
  keepAreas?: number;
  /** Precision and scores at the last maxDets only (see AccumulateOptions): all the summary reads. */
  lastMaxDetsCurves?: boolean;
}

export interface CocoEvaluation {
  params: CocoEvalParams;
  images: CocoEvalImages;
  accumulated: CocoAccumulated;
  summary: CocoSummary;
  perClass: CocoClassResult[];
}

const KEYS = ['ap', 'ap50', 'ap75', 'ap_small', 'ap_medium', 'ap_large'] as const;

function nullable(value: number): number | null {
  return value > -1 ? value : null;
}

/** Adds each category's evaluated objects (`skipCrowd`: not crowd regions) to `into` (one cell without useCats). */
export function countPerCategory(
  objects: CocoObjects,
  into: Float64Array,
  useCats: boolean,
  skipCrowd: boolean,
): void {
  for (let i = 0; i < objects.count; i++) {
    const k = useCats ? objects.categoryIndex[i]! : 0;
    if (k >= 0 && objects.imageIndex[i]! >= 0 && !(skipCrowd && objects.iscrowd[i])) into[k]!++;
  }
}

/** Per-category AP/AR, computed as the summary's stats restricted to one category. */
export function cocoPerClass(
  acc: CocoAccumulated,
  dataset: CocoEvalDataset,
  detections: CocoDetections,
  slices: PrecisionSlices = new Map(),
): CocoClassResult[] {
  const p = acc.params;
  const K = acc.counts[2];
  const gtCount = new Float64Array(K);
  const dtCount = new Float64Array(K);
  countPerCategory(dataset.gt, gtCount, p.useCats, true);
  countPerCategory(detections.dt, dtCount, p.useCats, false);
  return perClassRows(acc, dataset.categories, gtCount, dtCount, slices);
}

/**
 * The per-class table from the accumulated arrays and each category's counts of ground truth that is
 * not a crowd region and of detections (cocoPerClass counts them from the objects).
 */
export function perClassRows(
  acc: CocoAccumulated,
  categories: { ids: Float64Array; names: string[] },
  gtCount: Float64Array,
  dtCount: Float64Array,
  slices: PrecisionSlices = new Map(),
): CocoClassResult[] {
  const p = acc.params;
  const specs = statSpecs(p.iouType, p.maxDets);
  const apSpecs = specs.filter((s) => s.ap);
  const arSpec = specs
    .filter((s) => !s.ap)
    .find((s) => s.maxDets === p.maxDets[p.maxDets.length - 1] && s.area === 'all' && s.iou === undefined)!;
  const K = acc.counts[2];
  const rows: CocoClassResult[] = [];
  for (let k = 0; k < K; k++) {
    const row: Record<string, unknown> = {
      category_id: p.useCats ? categories.ids[k]! : null,
      name: p.useCats ? categories.names[k]! : 'all',
      gt: gtCount[k]!,
      dt: dtCount[k]!,
    };
    for (const spec of apSpecs) {
      const key =
        spec.iou === 0.5
          ? 'ap50'
          : spec.iou === 0.75
            ? 'ap75'
            : spec.area === 'all'
              ? 'ap'
              : `ap_${spec.area}`;
      if ((KEYS as readonly string[]).includes(key))
        row[key] = nullable(summarizeStat(acc, spec, k, k + 1, slices));
    }
    row.ar = nullable(summarizeStat(acc, arSpec, k, k + 1));
    rows.push(row as unknown as CocoClassResult);
  }
  return rows;
}

/** evaluate + accumulate + summarize (pycocotools' three calls) and the per-class table. */
export function evaluateCoco(
  dataset: CocoEvalDataset,
  detections: CocoDetections,
  options: EvaluateCocoOptions = {},
): CocoEvaluation {
  const params = {
    ...defaultCocoParams(options.iouType ?? 'bbox', options.useCats ?? true),
    ...options.params,
  };
  // Only the first area range ("all") is kept: the match outcomes read it; accumulate makes the
  // others one at a time (each range's matches hold ~50 bytes per detection).
  const images = evaluateImages(dataset, detections.dt, params, {
    keepAreas: options.keepAreas ?? 1,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { onMatches } = options;
  const accumulated = accumulate(
    images,
    detections.dt,
    dataset.gt.ids,
    (a) => {
      const matches = images.perArea[a] ?? images.matchArea(a);
      onMatches?.(a, matches, images);
      return matches;
    },
    { lastMaxDetsCurves: options.lastMaxDetsCurves === true },
  );
  // The precision cells the summary gathers serve the per-class table too.
  const slices: PrecisionSlices = new Map();
  const summary = summarize(accumulated, slices);
  const perClass = cocoPerClass(accumulated, dataset, detections, slices);
  return { params, images, accumulated, summary, perClass };
}
