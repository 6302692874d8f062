/**
 * Browsers cap an element's height (Chrome near 33.5M px, Firefox near 17.9M px), and a million samples
 * in rows of ~200 px pass that. Past MAX_SCROLL_HEIGHT the grid's scroll area is kept at that height and
 * each real scroll pixel stands for `ratio` virtual pixels; rows are placed relative to the viewport, so
 * nothing is drawn at a coordinate the browser cannot reach.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface TallScroll {
  /** Height of the scroll area's content in real pixels. */
  height: number;
  /** Virtual pixels per real scroll pixel (1 when the content fits). */
  ratio: number;
}

export function tallScroll(virtualHeight: number, viewport: number, max = MAX_SCROLL_HEIGHT): TallScroll {
  if (virtualHeight <= max || virtualHeight <= viewport) return { height: virtualHeight, ratio: 1 };
  return { height: max, ratio: (virtualHeight - viewport) / Math.max(1, max - viewport) };
}

/** Where a row starting at virtual `start` goes in the real content, given the virtual scroll offset. */
export function realTop(start: number, virtualOffset: number, ratio: number): number {
  return ratio === 1 ? start : virtualOffset / ratio + (start - virtualOffset);
}
