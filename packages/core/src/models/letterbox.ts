/** Where an image lands in a model input of `inputW × inputH` (scaled by `scale`, offset by the padding). */
export interface Letterbox {
  scale: number;
  /** Scaled image size and its top-left corner inside the input. */
  width: number;
  height: number;
  left: number;
  top: number;
}

/**
 * Ultralytics' letterbox: the image scaled to fit (aspect kept), centred, the rest padded (grey 114).
 * `fill` stretches instead (scale differs per axis: `scaleY` then applies).
 */
export function letterbox(imageW: number, imageH: number, inputW: number, inputH: number): Letterbox {
  const scale = Math.min(inputW / imageW, inputH / imageH);
  const width = Math.max(1, Math.round(imageW * scale));
  const height = Math.max(1, Math.round(imageH * scale));
  return {
    scale,
    width,
    height,
    left: Math.floor((inputW - width) / 2),
    top: Math.floor((inputH - height) / 2),
  };
}

/** Pastes `pixels` (RGB, `lb.width × lb.height`) into a grey `inputW × inputH` RGB buffer at the letterbox place. */
export function padInto(pixels: Uint8Array, lb: Letterbox, inputW: number, inputH: number): Uint8Array {
  const out = new Uint8Array(inputW * inputH * 3).fill(114);
  for (let y = 0; y < lb.height; y++)
    out.set(pixels.subarray(y * lb.width * 3, (y + 1) * lb.width * 3), ((y + lb.top) * inputW + lb.left) * 3);
  return out;
}
