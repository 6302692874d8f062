import type { MaskImageFactory } from './mask-overlay.js';

/** The browser's MaskImageFactory: an offscreen canvas holding the mask as tinted RGBA pixels. */
export const canvasMaskImage: MaskImageFactory = (mask, rgba) => {
  const canvas = document.createElement('canvas');
  canvas.width = mask.width;
  canvas.height = mask.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const image = ctx.createImageData(mask.width, mask.height);
  const px = image.data;
  const [r, g, b, a] = rgba;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] !== 1) continue;
    px[4 * i] = r;
    px[4 * i + 1] = g;
    px[4 * i + 2] = b;
    px[4 * i + 3] = a;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
};
