/**
 * The points' image off screen (an RGBA texture the size of the canvas, drawn into exactly as the
 * canvas's own buffer was: the same clear, the same blending, alpha included), shown on an opaque
 * canvas (`alpha: false`) as the page showed it through a transparent one: each pixel's colour weighted
 * by its alpha over the page's colour behind the canvas (backdrop-colour.ts). On screen the pixels are
 * the same, within a level of rounding; but the compositor no longer blends the canvas over the page
 * underneath every frame (on SwiftShader, Chromium's CPU rasteriser, about a quarter of a frame while
 * the map's image is moved with the view).
 *
 * That pass costs SwiftShader about as much as the compositor's whole frame (every pixel of the canvas
 * through its fragment pipeline, ~15 ms of CPU at 1130 × 850), so a frame that showed a new image cost two
 * moving frames: the slowest frames of a zoom. While the view moves, an image is therefore drawn at half
 * the resolution (`half`: the bottom-left quarter of the image and of the canvas, the rest of the canvas
 * cleared, which costs next to nothing) and the canvas is scaled twice as much (moved-canvas.ts): a
 * quarter of the pixels through the pass. At rest every image is drawn at full resolution, as before.
 */
/** The colour the image is cleared to (opaque: on screen exactly this colour where no point is). */
export const CLEAR_COLOUR: readonly [number, number, number] = [0.07, 0.07, 0.08];

import { linkProgram } from './link-program.js';

const VERTEX = `
attribute vec2 a_corner;
void main() {
  gl_Position = vec4(a_corner, 0.0, 1.0);
}`;

const FRAGMENT = `
#ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
#else
precision mediump float;
#endif
uniform sampler2D u_image;
uniform vec2 u_size;
uniform vec3 u_backdrop;
void main() {
  vec4 c = texture2D(u_image, gl_FragCoord.xy / u_size);
  gl_FragColor = vec4(c.rgb * c.a + u_backdrop * (1.0 - c.a), 1.0);
}`;

export class PointImage {
  private readonly texture: WebGLTexture;
  private readonly framebuffer: WebGLFramebuffer;
  private readonly program: WebGLProgram;
  private readonly corners: WebGLBuffer;
  private readonly loc: {
    corner: number;
    size: WebGLUniformLocation | null;
    backdrop: WebGLUniformLocation | null;
  };
  private width = 0;
  private height = 0;
  /** The page's colour behind the canvas, RGB in [0, 1]. */
  backdrop: [number, number, number] = [1, 1, 1];

  constructor(private readonly gl: WebGLRenderingContext) {
    this.texture = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER])
      gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
    for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T])
      gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
    this.framebuffer = gl.createFramebuffer()!;
    const program = linkProgram(gl, VERTEX, FRAGMENT);
    this.program = program;
    this.corners = gl.createBuffer()!;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.corners);
    // one triangle covering the viewport
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
    this.loc = {
      corner: gl.getAttribLocation(program, 'a_corner'),
      size: gl.getUniformLocation(program, 'u_size'),
      backdrop: gl.getUniformLocation(program, 'u_backdrop'),
    };
  }

  /** Makes the image `width` × `height` pixels (its content then undefined: clear it) and draws into it from now on. */
  resize(width: number, height: number): void {
    const { gl } = this;
    this.width = width;
    this.height = height;
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.texture, 0);
  }

  /** Draws into the image from now on (its framebuffer bound, the viewport its size or, `half`, its bottom-left quarter). */
  bind(half = false): void {
    const { gl } = this;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    this.viewport(half);
  }

  /** Clears the whole image (nothing drawn in it). */
  clear(): void {
    const { gl } = this;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.clearColor(CLEAR_COLOUR[0], CLEAR_COLOUR[1], CLEAR_COLOUR[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
  }

  /**
   * Shows the image on the canvas over the backdrop colour (no blending: every pixel written); `half`: its
   * bottom-left quarter (drawn with bind(true)) on the canvas's, the rest of the canvas cleared.
   */
  present(half = false): void {
    const { gl, loc } = this;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    if (half) {
      gl.clearColor(CLEAR_COLOUR[0], CLEAR_COLOUR[1], CLEAR_COLOUR[2], 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
    }
    this.viewport(half);
    gl.disable(gl.BLEND);
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(this.program);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    gl.uniform2f(loc.size, this.width, this.height);
    gl.uniform3fv(loc.backdrop, this.backdrop);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.corners);
    gl.enableVertexAttribArray(loc.corner);
    gl.vertexAttribPointer(loc.corner, 2, gl.FLOAT, false, 8, 0);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.disableVertexAttribArray(loc.corner);
  }

  private viewport(half: boolean): void {
    if (half) this.gl.viewport(0, 0, Math.ceil(this.width / 2), Math.ceil(this.height / 2));
    else this.gl.viewport(0, 0, this.width, this.height);
  }
}
