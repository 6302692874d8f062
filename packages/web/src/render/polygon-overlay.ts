import { applyStroke, type Overlay, type OverlayStyle } from './overlay.js';
import type { Renderer, View } from './renderer.js';
import { pathDistance, ringArea, ringsContain, ringsTopLeft } from './ring-geometry.js';

/**
 * A polygon with holes (rings of flat [x0, y0, x1, y1, ...] image pixels, filled by the even-odd rule,
 * so an inner ring cuts a hole), or an open polyline when `closed` is false.
 */
export class PolygonOverlay implements Overlay {
  constructor(
    readonly id: number,
    readonly label: string,
    private readonly rings: readonly (readonly number[])[],
    private readonly closed: boolean,
  ) {}

  draw(ctx: Renderer, view: View, style: OverlayStyle): void {
    ctx.beginPath();
    for (const ring of this.rings) {
      const n = Math.floor(ring.length / 2);
      if (n === 0) continue;
      ctx.moveTo((ring[0] as number) * view.scale + view.ox, (ring[1] as number) * view.scale + view.oy);
      for (let i = 1; i < n; i++) {
        ctx.lineTo(
          (ring[2 * i] as number) * view.scale + view.ox,
          (ring[2 * i + 1] as number) * view.scale + view.oy,
        );
      }
      if (this.closed) ctx.closePath();
    }
    if (this.closed && style.fillAlpha > 0) {
      ctx.save();
      ctx.globalAlpha = style.hovered ? Math.min(1, style.fillAlpha * 2) : style.fillAlpha;
      ctx.fillStyle = style.color;
      ctx.fill('evenodd');
      ctx.restore();
    }
    applyStroke(ctx, style);
    ctx.stroke();
  }

  hitTest(x: number, y: number, tolerance: number): boolean {
    if (this.closed && ringsContain(this.rings, x, y)) return true;
    for (const ring of this.rings) {
      if (ring.length >= 2 && pathDistance(this.closed ? closeRing(ring) : ring, x, y) <= tolerance)
        return true;
    }
    return false;
  }

  area(): number {
    if (!this.closed) return 0;
    // Even-odd, as drawn: a ring inside an odd number of others is a hole and subtracts; separate
    // parts (COCO's several rings for one object) all add.
    let a = 0;
    this.rings.forEach((ring, i) => {
      if (ring.length < 6) return;
      const others = this.rings.filter((_, j) => j !== i);
      const depth = others.filter((o) => ringsContain([o], ring[0] as number, ring[1] as number)).length;
      a += depth % 2 === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring));
    });
    return Math.max(0, a);
  }

  anchor(): [number, number] {
    return ringsTopLeft(this.rings);
  }
}

function closeRing(ring: readonly number[]): number[] {
  return [...ring, ring[0] as number, ring[1] as number];
}
