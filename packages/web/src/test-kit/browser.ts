import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium, which every browser test drives (`.ci/run` installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/** Skip only on a developer machine without Chromium; under CI the browser tests must run. */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return false;
  return `${CHROMIUM} is missing (install it: apt-get install -y chromium); CI always runs this test`;
}

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  /** WebGL through SwiftShader (the 3D view); otherwise the GPU is off. */
  webgl?: boolean;
}

export interface Browser {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
}

/**
 * Launches headless Chromium once for a test file, with a fresh profile folder under `dir` (removed
 * with it), and returns its context and first page. Close it with `context.close()` in `after`.
 */
export async function launchBrowser(dir: string, options: BrowserOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(await mkdtemp(join(dir, 'profile-')), {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      ...(options.webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu']),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: options.viewport ?? { width: 1400, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
