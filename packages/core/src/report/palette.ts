/**
 * Colours for charts: a ten-colour categorical set chosen to stay distinct for common colour-vision
 * deficiencies, and a white-to-blue ramp for heatmaps.
 */
const CATEGORICAL = [
  '#3b6fb6',
  '#e08a2c',
  '#4a9d5b',
  '#c8453c',
  '#8a6bbd',
  '#8c5a45',
  '#d273b4',
  '#7b7b7b',
  '#b3b332',
  '#2fa7b8',
] as const;

export function categoricalColor(index: number): string {
  return CATEGORICAL[((index % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length] as string;
}

/** `t` in [0, 1] → an RGB hex from near-white (#f4f7fb) to deep blue (#1d4f91). */
export function rampColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const from = [0xf4, 0xf7, 0xfb];
  const to = [0x1d, 0x4f, 0x91];
  const hex = from.map((f, i) => {
    const v = Math.round(f + ((to[i] as number) - f) * u);
    return v.toString(16).padStart(2, '0');
  });
  return `#${hex.join('')}`;
}
