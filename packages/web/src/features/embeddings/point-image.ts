/**
 * The points' image off screen (an RGBA texture the size of the canvas, drawn into exactly as the
 * canvas's own buffer was: the same clear, the same blending, alpha included), shown on an opaque
 * canvas (`alpha: false`) as the page showed it through a transparent one: each pixel's colour weighted
 * by its alpha over the page's colour behind the canvas (backdrop-colour.ts). On screen the pixels are
 * the same, within a level of rounding; but the compositor no longer blends the canvas over the page
 * underneath every frame (on SwiftShader, Chromium's CPU rasteriser, about a quarter of a frame while
 * the map's image is moved with the view).
 *
 * That pass costs SwiftShader about as much as the compositor's whole frame (every pixel through the
 * fragment pipeline), so a frame that ran it took twice a moving frame's CPU: the slowest frames of a zoom,
 * whose redraws are shown while the view moves. There (WebGL 2) the same pass is written into a second
 * texture a band of rows a frame (compose), and the finished image is copied onto the canvas in one
 * blit (show), which costs SwiftShader next to nothing: the same pixels, the work spread over frames.
 */
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
  /** The composed image (opaque, over the backdrop), written a band at a time, shown by a blit (WebGL 2 only). */
  private readonly composed: { texture: WebGLTexture; framebuffer: WebGLFramebuffer } | null;
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

  constructor(
    private readonly gl: WebGLRenderingContext,
    private readonly gl2: WebGL2RenderingContext | null,
  ) {
    this.texture = newTexture(gl);
    this.framebuffer = gl.createFramebuffer()!;
    this.composed = gl2 ? { texture: newTexture(gl), framebuffer: gl.createFramebuffer()! } : null;
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
    if (this.composed) {
      gl.bindTexture(gl.TEXTURE_2D, this.composed.texture);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.composed.framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.composed.texture, 0);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.texture, 0);
  }

  /** True when the image can be composed in bands and shown by a blit (WebGL 2). */
  get composes(): boolean {
    return this.composed !== null;
  }

  /** Draws into the image from now on (its framebuffer bound, the viewport its size). */
  bind(): void {
    const { gl } = this;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.viewport(0, 0, this.width, this.height);
  }

  /** Shows the image on the canvas over the backdrop colour (no blending: every pixel written). */
  present(): void {
    this.gl.bindFramebuffer(this.gl.FRAMEBUFFER, null);
    this.pass();
  }

  /**
   * Writes band `band` of `bands` (rows, from the bottom) of what present() would show into the composed
   * image, off screen: the canvas keeps showing what it showed.
   */
  compose(band: number, bands: number): void {
    const { gl, composed } = this;
    if (!composed) throw new Error('composing needs WebGL 2');
    const y0 = Math.floor((band * this.height) / bands);
    const y1 = Math.floor(((band + 1) * this.height) / bands);
    gl.bindFramebuffer(gl.FRAMEBUFFER, composed.framebuffer);
    gl.enable(gl.SCISSOR_TEST);
    gl.scissor(0, y0, this.width, y1 - y0);
    this.pass();
    gl.disable(gl.SCISSOR_TEST);
  }

  /** Shows the composed image on the canvas: a copy (a blit), no pass through the fragment pipeline. */
  show(): void {
    const { gl2, composed } = this;
    if (!gl2 || !composed) throw new Error('showing a composed image needs WebGL 2');
    gl2.bindFramebuffer(gl2.READ_FRAMEBUFFER, composed.framebuffer);
    gl2.bindFramebuffer(gl2.DRAW_FRAMEBUFFER, null);
    const { width: w, height: h } = this;
    gl2.blitFramebuffer(0, 0, w, h, 0, 0, w, h, gl2.COLOR_BUFFER_BIT, gl2.NEAREST);
    gl2.bindFramebuffer(gl2.FRAMEBUFFER, null);
  }

  /** The full-screen pass into the bound framebuffer: each pixel of the image over the backdrop. */
  private pass(): void {
    const { gl, loc } = this;
    gl.viewport(0, 0, this.width, this.height);
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
}

function newTexture(gl: WebGLRenderingContext): WebGLTexture {
  const texture = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, texture);
  for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER])
    gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
  for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T])
    gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
  return texture;
}
