import type { Renderer } from './renderer.js';

/** One recorded call with the drawing state it ran under. */
export interface DrawCall {
  op: string;
  args: unknown[];
  strokeStyle: string;
  fillStyle: string;
  lineWidth: number;
  globalAlpha: number;
  dash: number[];
}

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textBaseline: CanvasTextBaseline;
  imageSmoothingEnabled: boolean;
  dash: number[];
}

/**
 * The Renderer's test double: records every call (with the colour, width, alpha and dash in force)
 * instead of painting, so the geometry → canvas-command logic is testable without a browser.
 * Text measures 6 px per character.
 */
export class RecordingContext implements Renderer {
  readonly calls: DrawCall[] = [];
  private state: State = {
    fillStyle: '#000000',
    strokeStyle: '#000000',
    lineWidth: 1,
    globalAlpha: 1,
    font: '10px sans-serif',
    textBaseline: 'alphabetic',
    imageSmoothingEnabled: true,
    dash: [],
  };
  private readonly stack: State[] = [];

  get fillStyle(): string {
    return this.state.fillStyle;
  }
  set fillStyle(v: string | CanvasGradient | CanvasPattern) {
    this.state.fillStyle = String(v);
  }
  get strokeStyle(): string {
    return this.state.strokeStyle;
  }
  set strokeStyle(v: string | CanvasGradient | CanvasPattern) {
    this.state.strokeStyle = String(v);
  }
  get lineWidth(): number {
    return this.state.lineWidth;
  }
  set lineWidth(v: number) {
    this.state.lineWidth = v;
  }
  get globalAlpha(): number {
    return this.state.globalAlpha;
  }
  set globalAlpha(v: number) {
    this.state.globalAlpha = v;
  }
  get font(): string {
    return this.state.font;
  }
  set font(v: string) {
    this.state.font = v;
  }
  get textBaseline(): CanvasTextBaseline {
    return this.state.textBaseline;
  }
  set textBaseline(v: CanvasTextBaseline) {
    this.state.textBaseline = v;
  }
  get imageSmoothingEnabled(): boolean {
    return this.state.imageSmoothingEnabled;
  }
  set imageSmoothingEnabled(v: boolean) {
    this.state.imageSmoothingEnabled = v;
  }

  private record(op: string, args: unknown[]): void {
    const s = this.state;
    this.calls.push({
      op,
      args,
      strokeStyle: s.strokeStyle,
      fillStyle: s.fillStyle,
      lineWidth: s.lineWidth,
      globalAlpha: s.globalAlpha,
      dash: [...s.dash],
    });
  }

  /** The recorded calls of one operation. */
  ops(op: string): DrawCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  save(): void {
    this.stack.push({ ...this.state, dash: [...this.state.dash] });
  }
  restore(): void {
    const s = this.stack.pop();
    if (s) this.state = s;
  }
  setLineDash(segments: number[]): void {
    this.state.dash = [...segments];
  }
  measureText(text: string): { width: number } {
    return { width: text.length * 6 };
  }
  beginPath(): void {
    this.record('beginPath', []);
  }
  closePath(): void {
    this.record('closePath', []);
  }
  moveTo(x: number, y: number): void {
    this.record('moveTo', [x, y]);
  }
  lineTo(x: number, y: number): void {
    this.record('lineTo', [x, y]);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.record('rect', [x, y, w, h]);
  }
  arc(x: number, y: number, r: number, a0: number, a1: number): void {
    this.record('arc', [x, y, r, a0, a1]);
  }
  fill(fillRule?: CanvasFillRule): void {
    this.record('fill', fillRule === undefined ? [] : [fillRule]);
  }
  stroke(): void {
    this.record('stroke', []);
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.record('fillRect', [x, y, w, h]);
  }
  strokeRect(x: number, y: number, w: number, h: number): void {
    this.record('strokeRect', [x, y, w, h]);
  }
  clearRect(x: number, y: number, w: number, h: number): void {
    this.record('clearRect', [x, y, w, h]);
  }
  fillText(text: string, x: number, y: number): void {
    this.record('fillText', [text, x, y]);
  }
  drawImage(image: CanvasImageSource, dx: number, dy: number, dw: number, dh: number): void {
    this.record('drawImage', [image, dx, dy, dw, dh]);
  }
}
