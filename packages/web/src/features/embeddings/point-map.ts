/**
 * A WebGL scatter of many points (one draw call of gl.POINTS; positions in one buffer uploaded once,
 * one byte of colour category per point in a second buffer uploaded per colour mode: 1M points are
 * 9 MB of GPU memory), with pan (drag), zoom (wheel), hover picking and lasso selection in screen space.
 * Redraws are coalesced to one per animation frame, so a fast drag or wheel stays smooth. Written here
 * instead of regl-scatterplot because regl generates its shaders' glue with `new Function`, which the
 * app's Content Security Policy (`script-src 'self'`, no 'unsafe-eval') refuses.
 */
const VERTEX = `
attribute vec2 a_pos;
attribute float a_cat;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform float u_size;
uniform vec3 u_palette[32];
varying vec3 v_colour;
void main() {
  gl_Position = vec4(a_pos * u_scale + u_offset, 0.0, 1.0);
  gl_PointSize = u_size;
  int c = int(a_cat + 0.5);
  vec3 colour = vec3(0.45);
  for (int i = 0; i < 32; i++) if (i == c) colour = u_palette[i];
  v_colour = colour;
}`;

const FRAGMENT = `
precision mediump float;
varying vec3 v_colour;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  if (dot(d, d) > 0.25) discard;
  gl_FragColor = vec4(v_colour, 0.85);
}`;

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS))
    throw new Error(gl.getShaderInfoLog(shader) ?? 'shader');
  return shader;
}

function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

export class PointMap {
  private readonly gl: WebGLRenderingContext;
  private readonly program: WebGLProgram;
  private readonly positions: WebGLBuffer;
  private readonly categories: WebGLBuffer;
  private n = 0;
  private x: Float32Array = new Float32Array(0);
  private y: Float32Array = new Float32Array(0);
  /** View: NDC = point · zoom · aspect + pan. */
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private frame = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const gl = canvas.getContext('webgl', { antialias: true, premultipliedAlpha: false });
    if (!gl) throw new Error('WebGL is not available in this browser.');
    this.gl = gl;
    const program = gl.createProgram()!;
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS))
      throw new Error(gl.getProgramInfoLog(program) ?? 'link');
    this.program = program;
    this.positions = gl.createBuffer()!;
    this.categories = gl.createBuffer()!;
  }

  /** Points in [-1, 1]²; every point's category starts as "none" until setCategories. */
  setPositions(x: Float32Array, y: Float32Array): void {
    const { gl } = this;
    this.n = x.length;
    this.x = x;
    this.y = y;
    const data = new Float32Array(this.n * 2);
    for (let i = 0; i < this.n; i++) {
      data[2 * i] = x[i]!;
      data[2 * i + 1] = y[i]!;
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.categories);
    gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(this.n).fill(255), gl.STATIC_DRAW);
    this.requestDraw();
  }

  /** One category per point (index into `palette`, ≥ 32 drawn grey). */
  setCategories(category: Uint8Array, palette: readonly string[]): void {
    const { gl } = this;
    if (category.length !== this.n) return; // points of another projection: wait for them
    gl.bindBuffer(gl.ARRAY_BUFFER, this.categories);
    gl.bufferData(gl.ARRAY_BUFFER, category, gl.STATIC_DRAW);
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(this.program);
    const flat = new Float32Array(32 * 3);
    for (let c = 0; c < Math.min(32, palette.length); c++) flat.set(rgb(palette[c]!), 3 * c);
    gl.uniform3fv(gl.getUniformLocation(this.program, 'u_palette'), flat);
    this.requestDraw();
  }

  /** x, y scale from points to NDC (square pixels). */
  private scale(): [number, number] {
    const { width, height } = this.canvas;
    const aspect = width / Math.max(1, height);
    return aspect >= 1 ? [this.zoom / aspect, this.zoom] : [this.zoom, this.zoom * aspect];
  }

  /** Draws at the next animation frame (many calls in one frame draw once). */
  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw(): void {
    const { gl, canvas } = this;
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(0.07, 0.07, 0.08, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (this.n === 0) return;
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(this.program);
    const pos = gl.getAttribLocation(this.program, 'a_pos');
    const cat = gl.getAttribLocation(this.program, 'a_cat');
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.enableVertexAttribArray(pos);
    gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 8, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.categories);
    gl.enableVertexAttribArray(cat);
    gl.vertexAttribPointer(cat, 1, gl.UNSIGNED_BYTE, false, 1, 0);
    gl.uniform2fv(gl.getUniformLocation(this.program, 'u_scale'), this.scale());
    gl.uniform2f(gl.getUniformLocation(this.program, 'u_offset'), this.panX, this.panY);
    // smaller points the more there are, larger as one zooms in
    const density = this.n > 300_000 ? 0.35 : this.n > 100_000 ? 0.6 : 1.2;
    const size = Math.max(1.5, Math.min(10, 3 * Math.sqrt(this.zoom) * density));
    gl.uniform1f(gl.getUniformLocation(this.program, 'u_size'), size * (window.devicePixelRatio || 1));
    gl.drawArrays(gl.POINTS, 0, this.n);
  }

  /** Maps points to CSS pixels relative to the canvas: out = [ax, bx, ay, by], sx = x·ax + bx. */
  private toScreen(): [number, number, number, number] {
    const [sx, sy] = this.scale();
    const r = this.canvas.getBoundingClientRect();
    return [
      (sx * r.width) / 2,
      ((this.panX + 1) / 2) * r.width,
      (-sy * r.height) / 2,
      ((1 - this.panY) / 2) * r.height,
    ];
  }

  /** The point nearest (px, py) within `radius` CSS pixels, or null (the last drawn wins ties). */
  pick(px: number, py: number, radius = 6): number | null {
    const [ax, bx, ay, by] = this.toScreen();
    let best: number | null = null;
    let bestD = radius * radius;
    for (let i = 0; i < this.n; i++) {
      const dx = this.x[i]! * ax + bx - px;
      const dy = this.y[i]! * ay + by - py;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** Points inside a polygon of CSS-pixel vertices (even-odd rule). */
  lasso(polygon: readonly [number, number][]): number[] {
    const out: number[] = [];
    if (polygon.length < 3) return out;
    const [ax, bx, ay, by] = this.toScreen();
    let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -Infinity, -Infinity];
    for (const [x, y] of polygon)
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    for (let i = 0; i < this.n; i++) {
      const px = this.x[i]! * ax + bx;
      const py = this.y[i]! * ay + by;
      if (px < x0 || px > x1 || py < y0 || py > y1) continue;
      let inside = false;
      for (let a = 0, b = polygon.length - 1; a < polygon.length; b = a++) {
        const [xa, ya] = polygon[a]!;
        const [xb, yb] = polygon[b]!;
        if (ya > py !== yb > py && px < ((xb - xa) * (py - ya)) / (yb - ya) + xa) inside = !inside;
      }
      if (inside) out.push(i);
    }
    return out;
  }

  /** Pans by a CSS-pixel delta. */
  pan(dx: number, dy: number): void {
    const r = this.canvas.getBoundingClientRect();
    this.panX += (2 * dx) / r.width;
    this.panY -= (2 * dy) / r.height;
    this.requestDraw();
  }

  /** Zooms by `factor` around the CSS-pixel point (px, py). */
  zoomAt(factor: number, px: number, py: number): void {
    const r = this.canvas.getBoundingClientRect();
    const nx = (2 * px) / r.width - 1;
    const ny = 1 - (2 * py) / r.height;
    this.panX = nx - (nx - this.panX) * factor;
    this.panY = ny - (ny - this.panY) * factor;
    this.zoom *= factor;
    this.requestDraw();
  }
}
