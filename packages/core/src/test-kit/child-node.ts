/**
 * How a test starts Node on the project's own modules in a child process, the way the test itself runs.
 * scripts/test.mjs runs the compiled tests (each package's dist/, x.test.js beside x.js): their children load
 * dist/ with plain `node`. A test run from its TypeScript source (`node --import tsx --conditions=source
 * --test x.test.ts`) gives its children tsx and the `source` condition too, so both load one copy of core.
 */
import { fileURLToPath } from 'node:url';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Node options for a child that imports the project's modules (`@assay/core/node`, a file of a package). */
export const CHILD_NODE_OPTIONS: readonly string[] = FROM_SOURCE
  ? ['--import', import.meta.resolve('tsx'), '--conditions=source']
  : [];

/**
 * The path of a module of the project relative to a test (`moduleBeside(import.meta.url, './main.js')`):
 * the `.ts` source when the test runs from source, the compiled `.js` otherwise.
 */
export function moduleBeside(testUrl: string, relativeJs: string): string {
  const url = new URL(relativeJs, testUrl).href;
  return fileURLToPath(testUrl.endsWith('.ts') ? url.replace(/\.js$/, '.ts') : url);
}
