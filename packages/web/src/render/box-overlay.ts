import { applyStroke, type Overlay, type OverlayStyle } from './overlay.js';
import { type Renderer, sx, sy, type View } from './renderer.js';

/** An axis-aligned box [x, y, w, h] in image pixels. */
export class BoxOverlay implements Overlay {
  constructor(
    readonly id: number,
    readonly label: string,
    private readonly box: readonly [number, number, number, number],
  ) {}

  draw(ctx: Renderer, view: View, style: OverlayStyle): void {
    const [x, y, w, h] = this.box;
    applyStroke(ctx, style);
    ctx.strokeRect(sx(view, x), sy(view, y), w * view.scale, h * view.scale);
  }

  hitTest(x: number, y: number, tolerance: number): boolean {
    const [bx, by, bw, bh] = this.box;
    return x >= bx - tolerance && x <= bx + bw + tolerance && y >= by - tolerance && y <= by + bh + tolerance;
  }

  area(): number {
    return Math.max(0, this.box[2]) * Math.max(0, this.box[3]);
  }

  anchor(): [number, number] {
    return [this.box[0], this.box[1]];
  }
}
