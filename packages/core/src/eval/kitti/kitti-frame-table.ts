import type { KittiObjects } from './kitti-objects.js';
import {
  type BevShapes,
  box3dOverlap,
  boxBevOverlap,
  boxImageOverlap,
  type KittiMetric,
  type KittiOverlapCriterion,
} from './kitti-overlap.js';

/**
 * One frame's objects that matter to one evaluated class, with their overlaps computed once for the
 * three difficulties and every score threshold (the devkit recomputes each overlap every time; the
 * values are the same). Rows keep file order, which decides ties as in the devkit.
 */
export interface KittiFrameTable {
  /** Ground truth of the class or its neighbour class (global indices). */
  gt: Int32Array;
  /** 1 when the row is the neighbour class (Van for Car, Person_sitting for Pedestrian). */
  neighbour: Uint8Array;
  /** DontCare areas (global indices). */
  dc: Int32Array;
  /** Detections of the class, or of any class whose 2D height is under 40 px (the devkit's ignored detections). */
  det: Int32Array;
  /** Detection class matches (1) or not (0), per column. */
  detOfClass: Uint8Array;
  /** Devkit detection heights: `int32_t height = fabs(y1 - y2)`, truncated toward zero. */
  detHeight: Int32Array;
  /** IoU, row-major gt × det. */
  ov: Float64Array;
  /** Overlap over the detection's own area/volume, row-major dc × det. */
  dcOv: Float64Array;
}

/** Everything the tables are built from. */
export interface KittiEvalSides {
  gt: KittiObjects;
  dt: KittiObjects;
  gtShapes: BevShapes;
  dtShapes: BevShapes;
  /** Types lower-cased once (the devkit compares with strcasecmp). */
  gtTypes: string[];
  dtTypes: string[];
}

/** The class being evaluated: its name and its neighbour class (ignored, neither TP nor FN). */
export interface KittiClassSpec {
  name: string;
  neighbour?: string;
}

/** The largest MIN_HEIGHT of the devkit's difficulties: detections lower than it may be ignored ones. */
const MAX_MIN_HEIGHT = 40;

function overlap(
  sides: KittiEvalSides,
  metric: KittiMetric,
  d: number,
  g: number,
  criterion: KittiOverlapCriterion,
) {
  if (metric === 'image') return boxImageOverlap(sides.dt, d, sides.gt, g, criterion);
  if (metric === 'bev') return boxBevOverlap(sides.dtShapes, d, sides.gtShapes, g, criterion);
  return box3dOverlap(sides.dt, sides.dtShapes, d, sides.gt, sides.gtShapes, g, criterion);
}

function pick(n0: number, n1: number, keep: (k: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let k = n0; k < n1; k++) if (keep(k)) out.push(k);
  return Int32Array.from(out);
}

/** Builds the table of frame `f` for `spec` under `metric`. */
export function kittiFrameTable(
  sides: KittiEvalSides,
  spec: KittiClassSpec,
  metric: KittiMetric,
  f: number,
): KittiFrameTable {
  const { gt, dt, gtTypes, dtTypes } = sides;
  const name = spec.name.toLowerCase();
  const neighbourName = spec.neighbour?.toLowerCase();
  const g0 = gt.frameStart[f] as number;
  const g1 = gt.frameStart[f + 1] as number;
  const gtRows = pick(g0, g1, (k) => gtTypes[k] === name || gtTypes[k] === neighbourName);
  const dcRows = pick(g0, g1, (k) => gtTypes[k] === 'dontcare');
  const height = (k: number) => Math.trunc(Math.abs((dt.y1[k] as number) - (dt.y2[k] as number)));
  const detCols = pick(dt.frameStart[f] as number, dt.frameStart[f + 1] as number, (k) => {
    return dtTypes[k] === name || height(k) < MAX_MIN_HEIGHT;
  });
  const nd = detCols.length;
  const detOfClass = new Uint8Array(nd);
  const detHeight = new Int32Array(nd);
  for (let c = 0; c < nd; c++) {
    const k = detCols[c] as number;
    detOfClass[c] = dtTypes[k] === name ? 1 : 0;
    detHeight[c] = height(k);
  }
  const neighbour = new Uint8Array(gtRows.length);
  const ov = new Float64Array(gtRows.length * nd);
  gtRows.forEach((g, r) => {
    // A row with the class's own name is never the neighbour, whatever the names (devkit order).
    neighbour[r] = gtTypes[g] === name ? 0 : 1;
    for (let c = 0; c < nd; c++) ov[r * nd + c] = overlap(sides, metric, detCols[c] as number, g, -1);
  });
  const dcOv = new Float64Array(dcRows.length * nd);
  dcRows.forEach((g, r) => {
    for (let c = 0; c < nd; c++) dcOv[r * nd + c] = overlap(sides, metric, detCols[c] as number, g, 0);
  });
  return { gt: gtRows, neighbour, dc: dcRows, det: detCols, detOfClass, detHeight, ov, dcOv };
}
