/**
 * The drawing surface overlays paint on: the subset of CanvasRenderingContext2D they use. A real
 * canvas context satisfies it as is; RecordingContext (recording-context.ts) is its test double.
 */
export interface Renderer {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textBaseline: CanvasTextBaseline;
  imageSmoothingEnabled: boolean;
  save(): void;
  restore(): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  fill(fillRule?: CanvasFillRule): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  setLineDash(segments: number[]): void;
  drawImage(image: CanvasImageSource, dx: number, dy: number, dw: number, dh: number): void;
}

/** Maps image pixels to canvas pixels: screen = image × scale + offset. */
export interface View {
  scale: number;
  ox: number;
  oy: number;
}

export const sx = (view: View, x: number): number => x * view.scale + view.ox;
export const sy = (view: View, y: number): number => y * view.scale + view.oy;

/** The view that fits an image of w×h inside a box of bw×bh, centred (CSS object-fit: contain). */
export function containView(w: number, h: number, bw: number, bh: number): View {
  if (!(w > 0 && h > 0)) return { scale: 1, ox: 0, oy: 0 };
  const scale = Math.min(bw / w, bh / h);
  return { scale, ox: (bw - w * scale) / 2, oy: (bh - h * scale) / 2 };
}

/** The image point under a canvas point (the inverse of the view). */
export function toImage(view: View, x: number, y: number): [number, number] {
  return [(x - view.ox) / view.scale, (y - view.oy) / view.scale];
}
