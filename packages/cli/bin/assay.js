#!/usr/bin/env node
// The `assay` command. Runs the compiled CLI (built by `npm ci` through the root `prepare` script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    '✖ Assay is not built yet.\n  Run `npm ci` (or `npm run build`) in the Assay repository first.',
  );
  process.exit(3);
}
await import(main.href);
