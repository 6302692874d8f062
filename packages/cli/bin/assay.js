#!/usr/bin/env node
// The `assay` command. Runs the CLI's esbuild bundle (bundle/main.js, made by `npm ci` through the root
// `prepare` script: `npm run build`, scripts/bundle-cli.mjs): a few chunk files load faster than the
// hundreds of modules of dist/. Its source maps make stack traces name the .ts files.
// A line naming `eval` and `coco` goes to bundle/eval-coco-main.js first, which runs a plain
// `eval coco` line without commander (issue 10 §4) and answers false for any other.
import { existsSync } from 'node:fs';

const main = new URL('../bundle/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    '✖ Assay is not built yet.\n  Run `npm ci` (or `npm run build`) in the Assay repository first.',
  );
  process.exit(3);
}
const args = process.argv;
if (!args.includes('eval') || !args.includes('coco')) {
  process.setSourceMapsEnabled(true);
  await import(main.href);
} else {
  // Without Node's source maps (reading them costs this process ~2.5% of its CPU): the stack of an
  // error it prints is mapped then (src/ui/mapped-stack.ts).
  const { runEvalCoco } = await import(new URL('../bundle/eval-coco-main.js', import.meta.url).href);
  if (!(await runEvalCoco(args))) {
    process.setSourceMapsEnabled(true);
    await import(main.href);
  }
}
