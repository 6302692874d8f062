import type { View } from '../../render/renderer.js';

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 40;

/** Zooms by `factor` keeping the image point under (mx, my) fixed on screen. */
export function zoomAt(view: View, mx: number, my: number, factor: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const f = scale / view.scale;
  return { scale, ox: mx - (mx - view.ox) * f, oy: my - (my - view.oy) * f };
}

/** Moves the image by (dx, dy) screen pixels. */
export function panBy(view: View, dx: number, dy: number): View {
  return { scale: view.scale, ox: view.ox + dx, oy: view.oy + dy };
}
