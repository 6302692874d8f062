/** A view: NDC = point · zoom · aspect + pan. */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

/**
 * While the view moves, the image drawn is moved with it (a CSS transform of the canvas) instead of drawn
 * again, until it leaves more than this part of the canvas uncovered on a side or is scaled past this
 * factor (or its inverse): then a subsample is drawn at the view.
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
   * NDC = s · NDC_shown + pan − s · pan_shown); `half`: an image drawn at half the resolution in the canvas's
   * bottom-left quarter. False when the view is too far from the image's for it to stand in well
   * (MAX_SHIFT of the box uncovered on a side, MAX_STRETCH): it is moved all the same. A zoom in covers
   * more of the box as it shifts the image (about any point of the box it leaves none uncovered), so a
   * pan before it, or its cursor off the centre, does not ask for a redraw by the shift alone.
   */
  move(shown: View, view: View, half = false): boolean {
    const s = view.zoom / shown.zoom;
    const box = this.layoutBox();
    let tx = ((view.panX - s * shown.panX) * box.width) / 2;
    let ty = (-(view.panY - s * shown.panY) * box.height) / 2;
    this.box = box;
    // the image spans tx ± s·width/2 about the box's centre: uncovered on the worse side, |tx| − (s − 1)·width/2
    const gapX = Math.abs(tx) - ((s - 1) * box.width) / 2;
    const gapY = Math.abs(ty) - ((s - 1) * box.height) / 2;
    const near = gapX <= MAX_SHIFT * box.width && gapY <= MAX_SHIFT * box.height;
    // an image of half the resolution in the canvas's bottom-left quarter (point-image.ts): that quarter
    // scaled onto the box first (twice the scale about the centre, shifted by half the box's size)
    const scale = half ? 2 * s : s;
    if (half) {
      tx += (s * box.width) / 2;
      ty -= (s * box.height) / 2;
    }
    // a pan moves the canvas by whole device pixels (from where the browser placed it, itself on whole
    // pixels): the compositor then copies it unfiltered (on SwiftShader ~2/3 of the cost of a filtered
    // copy), half a pixel off at most until the view rests
    const dpr = window.devicePixelRatio || 1;
    const t = `translate(${Math.round(tx * dpr) / dpr}px, ${Math.round(ty * dpr) / dpr}px)`;
    this.canvas.style.transform = scale === 1 ? t : `${t} scale(${scale})`;
    // scaled, the compositor samples it nearest instead of filtered (on SwiftShader ~⅛ of such a frame)
    this.canvas.style.imageRendering = scale === 1 ? '' : 'pixelated';
    return near && s <= MAX_STRETCH && s >= 1 / MAX_STRETCH;
  }

  /** Puts the canvas back in place (the image now shows the current view). */
  reset(): void {
    this.box = null;
    this.canvas.style.transform = '';
    this.canvas.style.imageRendering = '';
  }
}
