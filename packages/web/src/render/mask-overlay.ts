import { applyStroke, type Overlay, type OverlayStyle } from './overlay.js';
import { hexRgb } from './palette.js';
import type { Renderer, View } from './renderer.js';
import type { MaskBitmap } from './rle-decode.js';

/** Turns a mask into something drawImage takes, tinted with one colour (see canvas-mask-image.ts). */
export type MaskImageFactory = (
  mask: MaskBitmap,
  rgba: readonly [number, number, number, number],
) => CanvasImageSource;

/** An RLE mask, decoded once; its image is made on first draw per colour and kept. */
export class MaskOverlay implements Overlay {
  private image: CanvasImageSource | null = null;
  private imageKey = '';

  constructor(
    readonly id: number,
    readonly label: string,
    private readonly mask: MaskBitmap,
    private readonly makeImage: MaskImageFactory,
  ) {}

  draw(ctx: Renderer, view: View, style: OverlayStyle): void {
    const alpha = Math.round(255 * Math.min(1, style.hovered ? style.fillAlpha * 2 : style.fillAlpha || 0.4));
    const key = `${style.color}/${alpha}`;
    if (!this.image || key !== this.imageKey) {
      const [r, g, b] = hexRgb(style.color);
      this.image = this.makeImage(this.mask, [r, g, b, alpha]);
      this.imageKey = key;
    }
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.image, view.ox, view.oy, this.mask.width * view.scale, this.mask.height * view.scale);
    ctx.restore();
    const box = this.mask.bbox;
    if (box && style.hovered) {
      applyStroke(ctx, style);
      ctx.strokeRect(
        box[0] * view.scale + view.ox,
        box[1] * view.scale + view.oy,
        box[2] * view.scale,
        box[3] * view.scale,
      );
    }
  }

  hitTest(x: number, y: number): boolean {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    if (ix < 0 || iy < 0 || ix >= this.mask.width || iy >= this.mask.height) return false;
    return this.mask.data[iy * this.mask.width + ix] === 1;
  }

  area(): number {
    return this.mask.area;
  }

  anchor(): [number, number] {
    const box = this.mask.bbox;
    return box ? [box[0], box[1]] : [0, 0];
  }
}
