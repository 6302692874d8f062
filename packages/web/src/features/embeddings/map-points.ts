import type { EmbeddingMapResponse } from '@assay/api';
import { PALETTE } from '../../render/palette.js';

export type ColourBy = 'class' | 'split' | 'issues';

export interface MapPoints {
  x: Float32Array;
  y: Float32Array;
  /** Category per point (0-based; the last category is "none"). */
  valueA: Float32Array;
  /** Colour of each category, and its legend label. */
  colours: string[];
  labels: string[];
}

const NONE = '#9a9a9a';

/** Map columns → points in [-1, 1] (aspect kept) with one category per point for the colour mode. */
export function mapPoints(map: EmbeddingMapResponse, by: ColourBy): MapPoints {
  const n = map.ids.length;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, map.x[i]!);
    maxX = Math.max(maxX, map.x[i]!);
    minY = Math.min(minY, map.y[i]!);
    maxY = Math.max(maxY, map.y[i]!);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = ((map.x[i]! - cx) / span) * 1.9;
    y[i] = ((map.y[i]! - cy) / span) * 1.9;
  }
  const names = by === 'class' ? map.classes : by === 'split' ? map.splits : ['no open issue', 'open issues'];
  const of = (i: number) =>
    by === 'class' ? map.class[i]! : by === 'split' ? map.split[i]! : map.issues[i]! > 0 ? 1 : 0;
  const none = names.length;
  const valueA = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = of(i);
    valueA[i] = c < 0 ? none : c;
  }
  const colours =
    by === 'issues'
      ? ['#4c78a8', '#e45756', NONE]
      : [...names.map((_, c) => PALETTE[c % PALETTE.length]!), NONE];
  return { x, y, valueA, colours, labels: [...names, by === 'split' ? 'no split' : 'none'] };
}
