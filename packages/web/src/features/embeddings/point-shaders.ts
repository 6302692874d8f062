/** The points' shaders: position by scale and offset, size, colour from a 32-entry palette (≥ 32: grey), round, alpha 0.85. */
export const POINT_VERTEX = `
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

export const POINT_FRAGMENT = `
precision mediump float;
varying vec3 v_colour;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  if (dot(d, d) > 0.25) discard;
  gl_FragColor = vec4(v_colour, 0.85);
}`;
