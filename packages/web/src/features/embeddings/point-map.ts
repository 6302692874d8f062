/**
 * A WebGL scatter of many points (one draw call of gl.POINTS; positions in one buffer uploaded once,
 * one byte of colour category per point in a second buffer uploaded per colour mode: 1M points are
 * 9 MB of GPU memory), with pan (drag), zoom (wheel), hover picking, and the lasso's vertices in the points' coordinates (toPlot).
 * Redraws are coalesced to one per animation frame. Smooth whatever draws the pixels (a GPU, or
 * SwiftShader on the CPU, where 1M points take a large part of a second): the buffers hold the points
 * in a seeded random order, so the first `budget` of them are a uniform subsample (at no cost: a shorter
 * drawArrays). While the view moves (pan, zoom) the image already drawn is moved with it by a CSS
 * transform of the canvas, which costs no WebGL at all (on SwiftShader such a frame costs the
 * compositor's work only); once it has been moved too far (moved-canvas.ts) a subsample is
 * drawn at the view off screen at half the resolution and shown in the same frame (a quarter of the
 * pixels to compose onto the canvas: point-image.ts), its size following the time such redraws took
 * (moving-budget.ts: halved after one that overran, grown back by a quarter after one on time). The points
 * are drawn into an off-screen image and shown on an opaque canvas over the page's colour
 * (point-image.ts): the compositor does not blend the canvas over the page each frame. Once the view has rested for IDLE_MS (and no drag is held) the subsample is drawn
 * in place and shown, and the rest are added one budget a frame off screen, shown every REST_CHUNKS
 * budgets and once all are in: no frame at rest after a gesture draws more than a budget, so a gesture
 * that resumes after a pause (the view rested in the middle of it) waits for one budget's drawing at
 * most, not for REST_CHUNKS of them (~1 s of SwiftShader at 1M). A redraw no gesture led to (the first
 * image, new colours, a resize: no pan or zoom since the last image of every point) adds REST_CHUNKS
 * budgets a frame instead (a last budget or less with them) and shows each: 2 frames to the full image
 * at 1M instead of 10, each of which waited for the fence (SwiftShader drew 8 budgets in one frame in
 * less time and CPU than in 8 frames); a gesture that starts meanwhile waits for that frame's drawing,
 * as it did before any rest frame was bounded. The image at rest does not depend on how the view got
 * there, nor on how its points were split into draws (blending in draw order). With WebGL 2, a frame is
 * drawn only once the GPU has finished the one before (a fence), so a slow rasteriser lowers
 * the frame rate instead of queueing seconds of frames behind the cursor, and the budget follows the
 * time frames take (aiming at TARGET_MS; from MIN_BUDGET up to every point on a fast GPU). Hover looks points up in a grid index (point-grid.ts). The canvas's `data-drawn`
 * says how many points the image holds. Written here instead of regl-scatterplot because regl
 * generates its shaders' glue with `new Function`, which the app's Content Security Policy
 * (`script-src 'self'`, no 'unsafe-eval') refuses.
 */
import { backdropColour } from './backdrop-colour.js';
import { linkProgram } from './link-program.js';
import { MovedCanvas, type View } from './moved-canvas.js';
import { MovingBudget } from './moving-budget.js';
import { PointGrid } from './point-grid.js';
import { PointImage } from './point-image.js';
import { POINT_FRAGMENT, POINT_VERTEX } from './point-shaders.js';
import { shuffledOrder } from './shuffled-order.js';

/** Points per frame at first; with WebGL 2 the budget then follows the measured frame time. */
export const INTERACTION_BUDGET = 100_000;
/** The frame time the budget aims at (as seen at animation-frame granularity), and its floor. */
const TARGET_MS = 40;
const MIN_BUDGET = 20_000;
/**
 * At rest after a gesture the remaining points are added a budget a frame off screen and shown every this
 * many budgets (showing an image costs a full-canvas pass; the image shown holds the same points at each
 * step as when this many budgets were drawn in one frame); with no gesture since the last full image,
 * this many budgets a frame.
 */
const REST_CHUNKS = 8;
/** The view is at rest this long after the last pan or zoom (with no drag held): then every point is drawn. */
export const IDLE_MS = 180;

function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

export class PointMap {
  private readonly gl: WebGLRenderingContext | WebGL2RenderingContext;
  /** WebGL 2 when the browser has it: a fence after each draw says when the GPU has finished it. */
  private readonly gl2: WebGL2RenderingContext | null;
  private fence: WebGLSync | null = null;
  /** When the fence was set, how many points that frame drew, and when draw() last ran. */
  private fenceAt = 0;
  private fencePoints = 0;
  /** The fence follows a redraw made while moving (its time adapts movingBudget). */
  private fenceMoving = false;
  /** Points drawn anew while the view moves (with ?lod=N: N). */
  private readonly movingBudget = new MovingBudget();
  private lastTick = 0;
  private budget: number;
  private readonly adapt: boolean;
  private readonly program: WebGLProgram;
  /** Where the points are drawn (off screen), shown on the opaque canvas over the page's colour. */
  private readonly image: PointImage;
  private readonly positions: WebGLBuffer;
  private readonly categories: WebGLBuffer;
  private readonly loc: {
    pos: number;
    cat: number;
    scale: WebGLUniformLocation | null;
    offset: WebGLUniformLocation | null;
    size: WebGLUniformLocation | null;
    palette: WebGLUniformLocation | null;
  };
  private n = 0;
  private x: Float32Array = new Float32Array(0);
  private y: Float32Array = new Float32Array(0);
  /** Draw order: buffer slot k holds point order[k]. */
  private order: Uint32Array = new Uint32Array(0);
  private scratch: Uint8Array = new Uint8Array(0);
  private grid: PointGrid | null = null;
  /** View: NDC = point · zoom · aspect + pan. */
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private frame = 0;
  private idle = 0;
  private moving = false;
  /** A drag is in progress (the view does not rest until it ends); the view changed since the last frame. */
  private held = false;
  private viewMoved = false;
  /** The view the image on the canvas was drawn at, and whether at half the resolution (while moving). */
  private shown: View = { zoom: 1, panX: 0, panY: 0 };
  private shownHalf = false;
  /** The canvas, moved while the view moves (moved-canvas.ts). */
  private readonly canvasMove: MovedCanvas;
  /** Buffer slots [0, drawnTo) are in the current image; `stale`: it must be cleared first. */
  private drawnTo = 0;
  private stale = true;
  /** At rest: how many of those slots the image shown on the canvas holds (drawnTo when last shown). */
  private shownTo = 0;
  /**
   * No pan, zoom or drag since the image last held every point (or since the points came): a redraw now
   * (new colours, a resize) was not asked for by a gesture the user may resume, and adds REST_CHUNKS
   * budgets a frame at rest.
   */
  private quiet = true;
  private readonly sx = new Float32Array(2);

  constructor(
    private readonly canvas: HTMLCanvasElement,
    /** A fixed number of points per frame (no adaptation), or undefined to adapt. */
    fixedBudget?: number,
  ) {
    this.budget = fixedBudget ?? INTERACTION_BUDGET;
    this.adapt = fixedBudget === undefined;
    // opaque: the compositor does not blend the canvas over the page each frame (point-image.ts shows
    // the page's colour where it showed through before); kept drawing buffer: the image is shown once
    // per change, not every frame; no MSAA (it multiplies the cost of every point on a CPU rasteriser,
    // and round 2-px points gain nothing from it)
    const attributes: WebGLContextAttributes = {
      alpha: false,
      antialias: false,
      depth: false,
      preserveDrawingBuffer: true,
    };
    const gl2 = canvas.getContext('webgl2', attributes);
    const gl = gl2 ?? canvas.getContext('webgl', attributes);
    if (!gl) throw new Error('WebGL is not available in this browser.');
    this.gl = gl;
    this.gl2 = gl2;
    const program = linkProgram(gl, POINT_VERTEX, POINT_FRAGMENT);
    this.program = program;
    this.image = new PointImage(gl);
    this.canvasMove = new MovedCanvas(canvas);
    this.positions = gl.createBuffer()!;
    this.categories = gl.createBuffer()!;
    this.loc = {
      pos: gl.getAttribLocation(program, 'a_pos'),
      cat: gl.getAttribLocation(program, 'a_cat'),
      scale: gl.getUniformLocation(program, 'u_scale'),
      offset: gl.getUniformLocation(program, 'u_offset'),
      size: gl.getUniformLocation(program, 'u_size'),
      palette: gl.getUniformLocation(program, 'u_palette'),
    };
  }

  /** Points in [-1, 1]²; every point's category starts as "none" until setCategories. */
  setPositions(x: Float32Array, y: Float32Array): void {
    const { gl } = this;
    this.n = x.length;
    this.x = x;
    this.y = y;
    this.order = shuffledOrder(this.n);
    this.scratch = new Uint8Array(this.n);
    const data = new Float32Array(this.n * 2);
    for (let k = 0; k < this.n; k++) {
      const i = this.order[k]!;
      data[2 * k] = x[i]!;
      data[2 * k + 1] = y[i]!;
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.categories);
    gl.bufferData(gl.ARRAY_BUFFER, this.scratch.fill(255), gl.STATIC_DRAW);
    this.grid = new PointGrid(x, y);
    this.requestDraw();
  }

  /** One category per point (index into `palette`, ≥ 32 drawn grey). */
  setCategories(category: Uint8Array, palette: readonly string[]): void {
    const { gl } = this;
    if (category.length !== this.n) return; // points of another projection: wait for them
    for (let k = 0; k < this.n; k++) this.scratch[k] = category[this.order[k]!]!;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.categories);
    gl.bufferData(gl.ARRAY_BUFFER, this.scratch, gl.STATIC_DRAW);
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(this.program);
    const flat = new Float32Array(32 * 3);
    for (let c = 0; c < Math.min(32, palette.length); c++) flat.set(rgb(palette[c]!), 3 * c);
    gl.uniform3fv(this.loc.palette, flat);
    this.requestDraw();
  }

  /** x, y scale from points to NDC (square pixels), into `this.sx`. */
  private scale(zoom = this.zoom): Float32Array {
    const { width, height } = this.canvas;
    const aspect = width / Math.max(1, height);
    this.sx[0] = aspect >= 1 ? zoom / aspect : zoom;
    this.sx[1] = aspect >= 1 ? zoom : zoom * aspect;
    return this.sx;
  }

  /** Draws anew at the next animation frame (many calls in one frame draw once). */
  requestDraw(): void {
    this.stale = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The view moved: move the image with it at the next frame, and draw anew once it has rested for IDLE_MS. */
  private moved(): void {
    this.quiet = false;
    this.moving = true;
    this.viewMoved = true;
    this.restLater();
    this.schedule();
  }

  private restLater(): void {
    clearTimeout(this.idle);
    if (this.held || !this.moving) return;
    this.idle = window.setTimeout(() => {
      this.moving = false;
      this.schedule();
    }, IDLE_MS);
  }

  /** A drag starts (true) or ends (false): while it lasts the view does not rest, however long it pauses. */
  hold(held: boolean): void {
    this.held = held;
    // a drag starts: its moves wait for no more than a budget's drawing; a press released without moving
    // the view (a click) leaves a full image quiet again
    if (held) this.quiet = false;
    else if (!this.moving && !this.stale && this.drawnTo === this.n) this.quiet = true;
    this.restLater();
  }

  /**
   * Sizes the canvas's pixels to its box (CSS pixels × devicePixelRatio, which clears it) and draws anew
   * now; returns the box.
   */
  resize(): { width: number; height: number } {
    this.canvasMove.reset();
    const r = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(r.width * dpr));
    this.canvas.height = Math.max(1, Math.round(r.height * dpr));
    this.image.resize(this.canvas.width, this.canvas.height);
    this.image.backdrop = backdropColour(this.canvas);
    this.stale = true;
    this.draw();
    return r;
  }

  /**
   * One frame: after a change, clear, draw the first `budget` points of the draw order and show them;
   * while the view rests, add the next `budget` on top each frame off screen (the image is kept) until all
   * are drawn, showing the image each REST_CHUNKS budgets and at the end: the same image as one draw of
   * every point, in frames of bounded cost. With no gesture since the last full image (`quiet`), the next
   * REST_CHUNKS budgets a frame, each shown. While the view moves, see drawMoving.
   */
  private draw(): void {
    const busy = this.gpuBusy();
    this.lastTick = performance.now();
    if (busy) {
      // the last frame is still being drawn (a slow GPU, or the CPU's): queue nothing behind it, so
      // the next frame shows the view as it is then, not a backlog of views already passed; but the
      // image already shown still moves with the view (a CSS transform: no WebGL), or a redraw made
      // while moving would hold the image still for as long as the rasteriser takes
      if (this.moving && !this.stale && this.viewMoved)
        this.canvasMove.move(this.shown, this.view(), this.shownHalf);
      this.schedule();
      return;
    }
    if (this.moving && !this.stale) {
      this.drawMoving();
      return;
    }
    // at rest the image is drawn anew unless the one shown was drawn at this view, at full resolution
    if (!this.moving && (!this.atShown() || this.shownHalf)) this.stale = true;
    if (this.stale) {
      this.clear();
      this.shown = this.view();
      this.shownHalf = false;
    }
    if (this.canvasMove.isMoved) this.canvasMove.reset(); // the image is drawn at this view: in place
    const from = this.drawnTo;
    let to = Math.min(this.n, from + (from > 0 && this.quiet ? REST_CHUNKS : 1) * this.budget);
    // quiet: a last budget or less is drawn with the chunk before (at 1M: 1 + 9 budgets, not 1 + 8 + 1)
    if (from > 0 && this.quiet && this.n - to <= this.budget) to = this.n;
    this.drawnTo = to;
    if (to > from) this.drawPoints(from, to, this.shown);
    if (from === 0 || to === this.n || to - this.shownTo >= REST_CHUNKS * this.budget) {
      if (to > from || from === 0) this.image.present();
      this.shownTo = to;
      this.canvas.dataset.drawn = String(to);
    }
    if (to > from) this.fenced(from === 0 ? to - from : 0); // the budget adapts to first frames only
    if (!this.moving && to < this.n) this.schedule();
    if (!this.moving && to === this.n) this.quiet = true;
  }

  /**
   * A frame while the view moves: the image shown is moved with the view (moved-canvas.ts). Once it has been
   * moved too far, a subsample is drawn at the view off screen and shown in the same frame, at half the
   * resolution; its size follows the time such redraws took (moving-budget.ts; ?lod=N: N). One frame of a
   * few thousand points on SwiftShader delays the gesture's frames less than the same work, or more
   * points, spread over several frames (each then composited behind a rasteriser still drawing).
   */
  private drawMoving(): void {
    if (!this.viewMoved) return;
    this.viewMoved = false;
    if (this.canvasMove.move(this.shown, this.view(), this.shownHalf)) return;
    const view = this.view();
    const size = Math.min(this.n, this.budget, this.adapt ? this.movingBudget.points : this.n);
    this.clear();
    this.drawPoints(0, size, view, true);
    this.drawnTo = size;
    this.image.present(true);
    this.canvas.dataset.drawn = String(size);
    this.shown = view;
    this.shownHalf = true;
    this.canvasMove.move(view, view, true); // the quarter scaled onto the box
    this.fenced(0, true);
    // the next frame polls the fence (the time this redraw took), even if the view stops meanwhile
    this.schedule();
  }

  /** Clears the off-screen image (nothing drawn in it); the image on the canvas stays until the next present. */
  private clear(): void {
    this.image.clear();
    this.drawnTo = 0;
    this.stale = false;
  }

  /** Draws the points in buffer slots [from, to) into the off-screen image, at `view` (`half`: at half the resolution). */
  private drawPoints(from: number, to: number, view: View, half = false): void {
    const { gl, loc } = this;
    this.image.bind(half);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(this.program);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.enableVertexAttribArray(loc.pos);
    gl.vertexAttribPointer(loc.pos, 2, gl.FLOAT, false, 8, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.categories);
    gl.enableVertexAttribArray(loc.cat);
    gl.vertexAttribPointer(loc.cat, 1, gl.UNSIGNED_BYTE, false, 1, 0);
    gl.uniform2fv(loc.scale, this.scale(view.zoom));
    gl.uniform2f(loc.offset, view.panX, view.panY);
    // smaller points the more there are, larger as one zooms in
    const density = this.n > 300_000 ? 0.35 : this.n > 100_000 ? 0.6 : 1.2;
    const size = Math.max(1.5, Math.min(10, 3 * Math.sqrt(view.zoom) * density));
    const pixels = size * (window.devicePixelRatio || 1);
    gl.uniform1f(loc.size, half ? Math.max(1, pixels / 2) : pixels);
    gl.drawArrays(gl.POINTS, from, to - from);
    gl.disableVertexAttribArray(loc.pos);
    gl.disableVertexAttribArray(loc.cat);
  }

  /**
   * A fence after the commands so far (WebGL 2): the next frame waits for them; `points` drawn from 0 adapt
   * the budget, a redraw while moving (`moving`) the moving budget.
   */
  private fenced(points: number, moving = false): void {
    if (!this.gl2) return;
    this.fence = this.gl2.fenceSync(this.gl2.SYNC_GPU_COMMANDS_COMPLETE, 0);
    this.fenceAt = performance.now();
    this.fencePoints = points;
    this.fenceMoving = moving;
    this.gl.flush();
  }

  /** The current view. */
  private view(): View {
    return { zoom: this.zoom, panX: this.panX, panY: this.panY };
  }

  /** True when the image on the canvas was drawn at the current view. */
  private atShown(): boolean {
    const { shown } = this;
    return this.zoom === shown.zoom && this.panX === shown.panX && this.panY === shown.panY;
  }

  /** True while the GPU has not finished the last draw (never without WebGL 2). */
  private gpuBusy(): boolean {
    const { gl2, fence } = this;
    if (!gl2 || !fence) return false;
    if (gl2.getSyncParameter(fence, gl2.SYNC_STATUS) !== gl2.SIGNALED) return true;
    gl2.deleteSync(fence);
    this.fence = null;
    // polled every frame since the draw: the time it took, to a frame; aim the budget at TARGET_MS
    const now = performance.now();
    // a redraw while moving schedules the frames after it, so its fence is polled every frame until done
    if (this.adapt && this.fenceMoving) this.movingBudget.took(now - this.fenceAt);
    if (this.adapt && now - this.lastTick < 50 && this.fencePoints >= this.budget / 2) {
      const factor = Math.min(2, Math.max(0.5, TARGET_MS / Math.max(1, now - this.fenceAt)));
      this.budget = Math.round(
        Math.min(Math.max(this.n, MIN_BUDGET), Math.max(MIN_BUDGET, this.budget * factor)),
      );
    }
    return false;
  }

  /** Maps points to CSS pixels relative to the canvas: out = [ax, bx, ay, by], sx = x·ax + bx. */
  private toScreen(): [number, number, number, number] {
    const [sx, sy] = this.scale() as unknown as [number, number];
    const r = this.canvasMove.layoutBox();
    return [
      (sx * r.width) / 2,
      ((this.panX + 1) / 2) * r.width,
      (-sy * r.height) / 2,
      ((1 - this.panY) / 2) * r.height,
    ];
  }

  /** The point nearest (px, py) within `radius` CSS pixels, or null (ties: the highest index). */
  pick(px: number, py: number, radius = 6): number | null {
    const grid = this.grid;
    if (!grid) return null;
    const [ax, bx, ay, by] = this.toScreen();
    let best: number | null = null;
    let bestD = radius * radius;
    const [u0, u1] = [(px - radius - bx) / ax, (px + radius - bx) / ax];
    const [v0, v1] = [(py - radius - by) / ay, (py + radius - by) / ay];
    grid.each(Math.min(u0, u1), Math.min(v0, v1), Math.max(u0, u1), Math.max(v0, v1), (i) => {
      const dx = this.x[i]! * ax + bx - px;
      const dy = this.y[i]! * ay + by - py;
      const d = dx * dx + dy * dy;
      if (d < bestD || (d === bestD && best !== null && i > best)) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }

  /** CSS-pixel points (a lasso) → the points' own coordinates at the current pan and zoom. */
  toPlot(polygon: readonly [number, number][]): [number, number][] {
    const [ax, bx, ay, by] = this.toScreen();
    return polygon.map(([px, py]) => [(px - bx) / ax, (py - by) / ay]);
  }

  /** The points' own coordinates → CSS pixels relative to the canvas (toPlot undone), e.g. a region's outline. */
  toPixels(polygon: readonly [number, number][]): [number, number][] {
    const [ax, bx, ay, by] = this.toScreen();
    return polygon.map(([u, v]) => [u * ax + bx, v * ay + by]);
  }

  /** Pans by a CSS-pixel delta. */
  pan(dx: number, dy: number): void {
    const r = this.canvasMove.layoutBox();
    this.panX += (2 * dx) / r.width;
    this.panY -= (2 * dy) / r.height;
    this.moved();
  }

  /** Zooms by `factor` around the CSS-pixel point (px, py). */
  zoomAt(factor: number, px: number, py: number): void {
    const r = this.canvasMove.layoutBox();
    const nx = (2 * px) / r.width - 1;
    const ny = 1 - (2 * py) / r.height;
    this.panX = nx - (nx - this.panX) * factor;
    this.panY = ny - (ny - this.panY) * factor;
    this.zoom *= factor;
    this.moved();
  }

  /** Stops the idle timer and any pending frame (the canvas is going away). */
  dispose(): void {
    clearTimeout(this.idle);
    cancelAnimationFrame(this.frame);
    if (this.fence) this.gl2?.deleteSync(this.fence);
  }
}
