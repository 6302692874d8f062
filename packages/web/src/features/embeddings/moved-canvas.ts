/** A view: NDC = point · zoom · aspect + pan. */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

/**
 * While the view moves, the image drawn is moved with it (a CSS transform of the canvas) instead of drawn
 * again, until it is shifted by more than this part of the canvas or scaled past this factor (or its
 * inverse): then the subsample is drawn at the view.
 */
const MAX_SHIFT = 1 / 3;
const MAX_STRETCH = 3;

/**
 * The map's canvas moved by a CSS transform so that an image drawn at one view shows another: a frame
 * with no WebGL at all (point-map.ts). Keeps the canvas's laid-out box from before the move, since a
 * transform changes its client rect.
 */
export class MovedCanvas {
  /** The canvas's box before it was moved (null: not moved). */
  private box: DOMRect | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  get isMoved(): boolean {
    return this.box !== null;
  }

  /** The canvas's size in CSS pixels as laid out (before any move). */
  layoutBox(): DOMRect {
    return this.box ?? this.canvas.getBoundingClientRect();
  }

  /**
   * Moves the image drawn at `shown` to `view` (translate and scale about the canvas's centre, where
   * NDC = s · NDC_shown + pan − s · pan_shown). False when the view is too far from the image's for it to
   * stand in well (MAX_SHIFT, MAX_STRETCH): it is moved all the same.
   */
  move(shown: View, view: View): boolean {
    const s = view.zoom / shown.zoom;
    const box = this.layoutBox();
    const tx = ((view.panX - s * shown.panX) * box.width) / 2;
    const ty = (-(view.panY - s * shown.panY) * box.height) / 2;
    this.box = box;
    // a pan moves the canvas by whole device pixels (from where the browser placed it, itself on whole
    // pixels): the compositor then copies it unfiltered (on SwiftShader ~2/3 of the cost of a filtered
    // copy), half a pixel off at most until the view rests
    const dpr = window.devicePixelRatio || 1;
    const t = `translate(${Math.round(tx * dpr) / dpr}px, ${Math.round(ty * dpr) / dpr}px)`;
    this.canvas.style.transform = s === 1 ? t : `${t} scale(${s})`;
    // scaled, the compositor samples it nearest instead of filtered (on SwiftShader ~⅛ of such a frame)
    this.canvas.style.imageRendering = s === 1 ? '' : 'pixelated';
    const near = Math.abs(tx) <= MAX_SHIFT * box.width && Math.abs(ty) <= MAX_SHIFT * box.height;
    return near && s <= MAX_STRETCH && s >= 1 / MAX_STRETCH;
  }

  /** Puts the canvas back in place (the image now shows the current view). */
  reset(): void {
    this.box = null;
    this.canvas.style.transform = '';
    this.canvas.style.imageRendering = '';
  }
}
