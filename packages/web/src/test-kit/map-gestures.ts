/** Gestures the map browser tests make with Playwright's mouse and keyboard. */
import type { Page } from 'playwright-core';

/**
 * A lasso drawn with shift held: the mouse pressed at the path's first point (page pixels), moved through
 * the others in `steps` moves each, and released.
 */
export async function shiftLasso(page: Page, path: readonly (readonly [number, number])[], steps: number) {
  const [start, ...rest] = path;
  if (!start) throw new Error('a lasso needs a path');
  await page.keyboard.down('Shift');
  await page.mouse.move(start[0], start[1]);
  await page.mouse.down();
  for (const [x, y] of rest) await page.mouse.move(x, y, { steps });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}
