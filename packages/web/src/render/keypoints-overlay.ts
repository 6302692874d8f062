import { applyStroke, type Overlay, type OverlayStyle } from './overlay.js';
import type { Renderer, View } from './renderer.js';
import { segmentDistance } from './ring-geometry.js';

const RADIUS = 3;

/**
 * COCO keypoints: flat [x, y, v] triples (v = 0 not labelled, 1 hidden, 2 visible) with a skeleton of
 * 0-based point index pairs. Labelled points are dots (hidden ones hollow); a limb is drawn when both
 * ends are labelled.
 */
export class KeypointsOverlay implements Overlay {
  constructor(
    readonly id: number,
    readonly label: string,
    private readonly points: readonly number[],
    private readonly skeleton: readonly (readonly [number, number])[],
    private readonly box: readonly [number, number, number, number] | null,
  ) {}

  private point(i: number): [number, number, number] | null {
    const v = this.points[3 * i + 2];
    if (v === undefined || v <= 0) return null;
    return [this.points[3 * i] as number, this.points[3 * i + 1] as number, v];
  }

  draw(ctx: Renderer, view: View, style: OverlayStyle): void {
    applyStroke(ctx, style);
    ctx.beginPath();
    for (const [a, b] of this.skeleton) {
      const p = this.point(a);
      const q = this.point(b);
      if (!p || !q) continue;
      ctx.moveTo(p[0] * view.scale + view.ox, p[1] * view.scale + view.oy);
      ctx.lineTo(q[0] * view.scale + view.ox, q[1] * view.scale + view.oy);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    const n = Math.floor(this.points.length / 3);
    for (let i = 0; i < n; i++) {
      const p = this.point(i);
      if (!p) continue;
      ctx.beginPath();
      ctx.arc(
        p[0] * view.scale + view.ox,
        p[1] * view.scale + view.oy,
        style.hovered ? RADIUS + 1 : RADIUS,
        0,
        2 * Math.PI,
      );
      if (p[2] >= 2) {
        ctx.fillStyle = style.color;
        ctx.fill();
      } else {
        ctx.stroke();
      }
    }
  }

  hitTest(x: number, y: number, tolerance: number): boolean {
    const n = Math.floor(this.points.length / 3);
    for (let i = 0; i < n; i++) {
      const p = this.point(i);
      if (p && Math.hypot(x - p[0], y - p[1]) <= tolerance + RADIUS) return true;
    }
    for (const [a, b] of this.skeleton) {
      const p = this.point(a);
      const q = this.point(b);
      if (p && q && segmentDistance(x, y, p[0], p[1], q[0], q[1]) <= tolerance) return true;
    }
    return false;
  }

  area(): number {
    return 0;
  }

  anchor(): [number, number] {
    if (this.box) return [this.box[0], this.box[1]];
    const n = Math.floor(this.points.length / 3);
    let x = Number.POSITIVE_INFINITY;
    let y = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const p = this.point(i);
      if (p) {
        x = Math.min(x, p[0]);
        y = Math.min(y, p[1]);
      }
    }
    return Number.isFinite(x) ? [x, y] : [0, 0];
  }
}
