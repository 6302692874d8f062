/**
 * The colour the page shows behind an element: the background colours of its ancestors (and its own),
 * each laid over the ones behind it, on the browser's white. An opaque canvas that should look as if
 * it had the page behind it draws this colour where the page would show through.
 */

/** A CSS colour as 8-bit RGBA (any syntax the browser knows: a 2D canvas resolves it). */
function rgba(ctx: CanvasRenderingContext2D, colour: string): [number, number, number, number] {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = '#0000';
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  return [r!, g!, b!, a!];
}

/** The page's colour behind `el`, RGB in [0, 1]. */
export function backdropColour(el: Element): [number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const layers: string[] = [];
  for (let e: Element | null = el; e; e = e.parentElement) layers.push(getComputedStyle(e).backgroundColor);
  let out: [number, number, number] = [255, 255, 255];
  if (ctx)
    for (const colour of layers.reverse()) {
      const [r, g, b, a] = rgba(ctx, colour);
      const k = a / 255;
      out = [r * k + out[0] * (1 - k), g * k + out[1] * (1 - k), b * k + out[2] * (1 - k)];
    }
  return [out[0] / 255, out[1] / 255, out[2] / 255];
}
