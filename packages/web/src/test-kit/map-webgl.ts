/**
 * Probes the map's browser tests install in the page: what the map's canvas draws, frame by frame, and
 * a rasteriser held busy on demand. Scripts added with `addInitScript` run in every later page load.
 */
import type { Page } from 'playwright-core';

/**
 * Records every drawArrays of points (its count, `window.__points`) and, per animation frame, every
 * WebGL step of an image (`window.__steps`): a clear, points (their count), a full-screen pass (its rows),
 * each said "on canvas" or "off screen".
 */
export async function recordWebGlSteps(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const P = WebGL2RenderingContext.prototype;
    const draw = P.drawArrays;
    const clear = P.clear;
    window.__points = [];
    window.__steps = [];
    let frame = null;
    const step = (gl, what) => {
      if (!frame) {
        frame = [];
        window.__steps.push(frame);
        queueMicrotask(() => (frame = null));
      }
      frame.push(what + (gl.getParameter(gl.FRAMEBUFFER_BINDING) ? ' off screen' : ' on canvas'));
    };
    P.drawArrays = function (mode, first, count) {
      if (mode === this.POINTS) {
        window.__points.push(count);
        step(this, 'points ' + count);
      } else step(this, 'pass of ' + this.getParameter(this.VIEWPORT)[3] + ' rows');
      return draw.call(this, mode, first, count);
    };
    P.clear = function (mask) {
      step(this, 'clear');
      return clear.call(this, mask);
    };
  })()`);
}

/**
 * WebGL 2's fence reported unsignalled while `window.__busy` is true: the map then issues no WebGL until
 * it is, as while SwiftShader draws a redraw.
 */
export async function holdFenceWhenBusy(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const status = WebGL2RenderingContext.prototype.getSyncParameter;
    WebGL2RenderingContext.prototype.getSyncParameter = function (sync, name) {
      return window.__busy && name === this.SYNC_STATUS ? this.UNSIGNALED : status.call(this, sync, name);
    };
  })()`);
}

/** Records each value the map canvas's data-drawn takes from now on (`window.__drawn`). */
export function recordDrawn(page: Page): Promise<unknown> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('canvas.map-canvas');
    window.__drawn = [];
    new MutationObserver(() => window.__drawn.push(canvas.dataset.drawn)).observe(canvas, {
      attributes: true,
      attributeFilter: ['data-drawn'],
    });
  })()`);
}

/** The map canvas's pixels (its drawing buffer is kept), as a data URL. */
export function canvasPixels(page: Page): Promise<string> {
  return page.evaluate(`document.querySelector('canvas.map-canvas').toDataURL()`) as Promise<string>;
}

/** The map canvas's CSS transform (empty at rest). */
export function canvasTransform(page: Page): Promise<string> {
  return page.evaluate(`document.querySelector('canvas.map-canvas').style.transform`) as Promise<string>;
}

/** Resolves once the map canvas has a CSS transform: the image is moved with the view. */
export async function canvasMoved(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector<HTMLElement>('canvas.map-canvas')?.style.transform,
    undefined,
    { timeout },
  );
}

/** The points' draw counts recorded so far (recordWebGlSteps), taken: the record starts again empty. */
export function takePoints(page: Page): Promise<number[]> {
  return page.evaluate('window.__points.splice(0)') as Promise<number[]>;
}

/** The frames' WebGL steps recorded so far (recordWebGlSteps), taken: the record starts again empty. */
export function takeSteps(page: Page): Promise<string[][]> {
  return page.evaluate('window.__steps.splice(0)') as Promise<string[][]>;
}

/** Per recorded frame: whether it showed the image on the canvas. */
export function shownOnCanvas(frames: readonly string[][]): boolean[] {
  return frames.map((f) => f.some((s) => s.endsWith('on canvas')));
}

/** Resolves once the map rests with all `n` points drawn: data-drawn's last value (recordDrawn) and no transform. */
export async function mapRested(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (all) =>
      (globalThis as unknown as { __drawn: string[] }).__drawn.at(-1) === all &&
      !document.querySelector<HTMLElement>('canvas.map-canvas')!.style.transform,
    String(n),
    { timeout: 10_000 },
  );
}
