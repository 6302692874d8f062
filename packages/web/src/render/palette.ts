/**
 * Class colours: the API gives each class a stable palette index, so a class keeps its colour across
 * views and sessions. Twenty colours that stay apart on light and dark images (Tableau 20 order).
 */
export const PALETTE: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#aec7e8',
  '#ffbb78',
  '#98df8a',
  '#ff9896',
  '#c5b0d5',
  '#c49c94',
  '#f7b6d2',
  '#9edae5',
  '#dbdb8d',
  '#c7c7c7',
];

export function classColor(index: number | null | undefined): string {
  if (index == null || !Number.isFinite(index) || index < 0) return '#ffffff';
  return PALETTE[Math.floor(index) % PALETTE.length] as string;
}

/** Evaluation outcome colours: matched, spurious prediction, missed ground truth. */
export const OUTCOME_COLORS = { tp: '#22c55e', fp: '#ef4444', fn: '#f59e0b' } as const;

/** `#rrggbb` → [r, g, b]. */
export function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
