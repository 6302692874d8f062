/**
 * How many points the map draws anew while the view moves (point-map.ts: the subsample at the view, drawn
 * and shown in one frame once the image moved with the view no longer stands in for it), following the
 * time each such redraw took, as the rasteriser reports it (WebGL 2's fence, polled once an animation
 * frame): halved after a redraw that took longer than a frame budget, grown by a quarter after one on
 * time, between MOVING_MIN and MOVING_MAX. On SwiftShader (the CPU) a frame that composites the page
 * already costs most of a frame, so a redraw that overruns delays the frames of the gesture after it; a
 * GPU finishes any of these in a frame, and the size grows to the maximum.
 */
export const MOVING_START = 10_000;
export const MOVING_MIN = 2_500;
export const MOVING_MAX = 50_000;
/** A redraw finished later than this after it was issued (two 60 Hz frames) overran. */
export const MOVING_TARGET_MS = 33;

export class MovingBudget {
  private size = MOVING_START;

  /** Points to draw in the next redraw while moving. */
  get points(): number {
    return this.size;
  }

  /** The last redraw while moving finished `ms` after it was issued. */
  took(ms: number): void {
    const next = ms > MOVING_TARGET_MS ? this.size / 2 : this.size * 1.25;
    this.size = Math.round(Math.min(MOVING_MAX, Math.max(MOVING_MIN, next)));
  }
}
