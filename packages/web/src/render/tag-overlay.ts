import type { Overlay, OverlayStyle } from './overlay.js';
import type { Renderer, View } from './renderer.js';

const HEIGHT = 16;

/**
 * An image-level label (classification): a chip in the top-left corner, one row per label (`row`).
 * Its hit area is the chip, so it gets the hover label like any shape.
 */
export class TagOverlay implements Overlay {
  private lastWidth = 60;
  private lastView: View = { scale: 1, ox: 0, oy: 0 };

  constructor(
    readonly id: number,
    readonly label: string,
    private readonly text: string,
    private readonly row: number,
  ) {}

  draw(ctx: Renderer, view: View, style: OverlayStyle): void {
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const w = ctx.measureText(this.text).width + 8;
    const x = view.ox + 2;
    const y = view.oy + 2 + this.row * (HEIGHT + 2);
    ctx.globalAlpha = style.dashed ? 0.7 : 0.9;
    ctx.fillStyle = style.color;
    ctx.fillRect(x, y, w, HEIGHT);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#000000';
    ctx.fillText(this.text, x + 4, y + HEIGHT / 2);
    ctx.restore();
    this.lastWidth = w;
    this.lastView = view;
  }

  /** Hit in image coordinates against the chip as last drawn. */
  hitTest(x: number, y: number): boolean {
    const v = this.lastView;
    const px = x * v.scale + v.ox;
    const py = y * v.scale + v.oy;
    const top = v.oy + 2 + this.row * (HEIGHT + 2);
    return px >= v.ox + 2 && px <= v.ox + 2 + this.lastWidth && py >= top && py <= top + HEIGHT;
  }

  area(): number {
    return 0;
  }

  anchor(): [number, number] {
    const v = this.lastView;
    return [0, (2 + (this.row + 1) * (HEIGHT + 2)) / v.scale];
  }
}
