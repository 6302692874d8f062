/** The part of a wheel event a zoom reads (a DOM WheelEvent has both). */
export interface WheelDelta {
  deltaY: number;
  /** 0: pixels, 1: lines, 2: pages (WheelEvent.DOM_DELTA_*). */
  deltaMode: number;
}

/** Pixels per line and per page of a wheel delta not given in pixels (Firefox on Linux sends lines). */
const LINE_PX = 40;
const PAGE_PX = 800;
/** One notch of a mouse wheel (100 px in Chromium) zooms by ×1.2. */
const NOTCH_PX = 100;
const NOTCH_FACTOR = 1.2;
/** A single event zooms by at most this factor (or its inverse): a flung trackpad or a page delta. */
const MAX_FACTOR = 4;

/**
 * The zoom factor of a wheel event, in proportion to its delta: a notch of 100 px zooms by ×1.2 (in,
 * for a delta up), two notches Chromium merged into one event by ×1.44, and a trackpad's many small
 * deltas by their sum instead of ×1.2 each.
 */
export function wheelZoom(e: WheelDelta): number {
  const px = e.deltaY * (e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? PAGE_PX : 1);
  const factor = NOTCH_FACTOR ** (-px / NOTCH_PX);
  return Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, factor));
}
