#!/usr/bin/env node
// Bundles the `assay` CLI with esbuild into packages/cli/bundle/ (run by `npm run build` after `tsc -b`;
// bin/assay.js runs bundle/main.js). One process then loads a few chunk files instead of hundreds of
// ES modules of core: about 40% less CPU per command (bench/cli-start.bench.ts).
//
// - Only the workspace packages (@assay/*) are bundled, from their TypeScript sources (the `source`
//   export condition; `tsc -b` has type-checked them). Every other package stays an import that Node
//   resolves from node_modules, as before; the build fails when a package would resolve to another copy
//   from the bundle's folder than from the file importing it.
// - Code splitting: each `import()` of a command stays lazy, so `--version` and `--help` load no core.
// - A workspace file's `import.meta.url` is rewritten to the URL of its source file, so paths found
//   from it (the web app's dist, the demo photos, bin/assay.js, createRequire) are the same as before.
//   Files that start workers (`new Worker(`) keep the chunk's own URL: each worker (a file using
//   `parentPort`) is an entry point of its own, bundle/<name>.js beside the chunks, where they look.
// - Linked source maps (bin/assay.js enables them): stack traces name the .ts files and lines.
// - @duckdb/node-api's ~120 CommonJS files are bundled into one, bundle/duckdb-node-api.cjs, which
//   core's store/duckdb-api.ts requires in the bundle (its native binding stays a package): requiring
//   it costs ~0.05 s of CPU instead of ~0.11 s, in every command that opens a project.
// - bundle/meta.json is esbuild's metafile: which source files each chunk holds (tests read it).
// Written to a temporary folder and swapped in when it differs, so a command running meanwhile keeps a
// whole bundle. Nothing is done when the bundle is newer than its sources (`--force` rebuilds).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = join(root, 'packages');
const WORKSPACE = ['core', 'api', 'server', 'cli'].map((p) => join(packages, p, 'src') + sep);
const outdir = join(packages, 'cli', 'bundle');
const tmpdir = `${outdir}.tmp-${process.pid}`;

function sources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Worker entry points: workspace files that talk to their parent thread. */
function workers() {
  const found = {};
  for (const dir of WORKSPACE) {
    for (const file of sources(dir)) {
      if (file.includes(`${sep}test-kit${sep}`) || !/\bparentPort\b/.test(readFileSync(file, 'utf8')))
        continue;
      const name = basename(file, '.ts');
      if (found[name]) throw new Error(`Two workers are named ${name}: ${found[name]} and ${file}.`);
      found[name] = file;
    }
  }
  return found;
}

/** Whether two folders hold the same files, byte for byte (an unchanged build is not swapped in). */
function sameFiles(a, b) {
  if (!existsSync(b)) return false;
  const names = readdirSync(a).sort();
  const others = readdirSync(b).sort();
  return (
    names.length === others.length &&
    names.every((n, i) => n === others[i] && readFileSync(join(a, n)).equals(readFileSync(join(b, n))))
  );
}

const inWorkspace = (path) => WORKSPACE.some((dir) => path.startsWith(dir));
const posix = (path) => path.split(sep).join('/');

/** @type {import('esbuild').Plugin} */
const externals = {
  name: 'assay-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@assay/') || args.path.startsWith('node:') || args.pluginData === 'probe')
        return undefined;
      const probe = { kind: args.kind, pluginData: 'probe' };
      const [here, there] = await Promise.all([
        b.resolve(args.path, { ...probe, resolveDir: args.resolveDir }),
        // from the bundle's folder (not made yet): node_modules lookup starts in packages/cli alike
        b.resolve(args.path, { ...probe, resolveDir: dirname(outdir) }),
      ]);
      if (here.errors.length === 0 && here.path !== there.path && !here.external) {
        return {
          errors: [
            {
              text: `${args.path} resolves to ${here.path} from ${args.importer} but to ${there.path || 'nothing'} from the bundle's folder.`,
            },
          ],
        };
      }
      return { path: args.path, external: true };
    });
  },
};

/** @type {import('esbuild').Plugin} */
const moduleUrls = {
  name: 'assay-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!inWorkspace(args.path)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url') || text.includes('new Worker(')) return undefined;
      const url = `new URL(${JSON.stringify(posix(relative(outdir, args.path)))}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

const DUCKDB_API = join(packages, 'core', 'src', 'node', 'store', 'duckdb-api.ts');
const DUCKDB_REQUIRE = "createRequire(import.meta.url)('@duckdb/node-api')";
/** @type {import('esbuild').Plugin} */
const duckDbApi = {
  name: 'assay-duckdb-api',
  setup(b) {
    b.onLoad({ filter: /duckdb-api\.ts$/ }, async (args) => {
      if (args.path !== DUCKDB_API) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(DUCKDB_REQUIRE))
        return {
          errors: [{ text: `${args.path} no longer has ${DUCKDB_REQUIRE}: update scripts/bundle-cli.mjs.` }],
        };
      // the chunk's own URL: bundle/duckdb-node-api.cjs is beside it
      const bundled = "createRequire(import.meta.url)('./duckdb-node-api.cjs')";
      return { contents: text.replace(DUCKDB_REQUIRE, bundled), loader: 'ts' };
    });
  },
};

/**
 * Whether the bundle is newer than everything it was made from: its inputs (the metafile lists them),
 * the workspace package.json files, the lockfile and this script; and no worker was added since.
 */
function upToDate(entries) {
  const meta = join(outdir, 'meta.json');
  if (process.argv.includes('--force') || !existsSync(meta)) return false;
  const made = statSync(meta).mtimeMs;
  const { inputs, outputs } = JSON.parse(readFileSync(meta, 'utf8'));
  const sources = [
    ...Object.keys(inputs).map((p) => join(root, p)),
    ...['core', 'api', 'server', 'cli'].map((p) => join(packages, p, 'package.json')),
    join(root, 'package-lock.json'),
    fileURLToPath(import.meta.url),
  ];
  const built = new Set(Object.values(outputs).map((o) => o.entryPoint && join(root, o.entryPoint)));
  return (
    Object.values(entries).every((file) => built.has(file)) &&
    sources.every((file) => existsSync(file) && statSync(file).mtimeMs <= made)
  );
}

const entries = {
  main: join(packages, 'cli', 'src', 'main.ts'),
  'eval-coco-main': join(packages, 'cli', 'src', 'eval-coco-main.ts'),
  ...workers(),
};
if (upToDate(entries)) process.exit(0);
rmSync(tmpdir, { recursive: true, force: true });
const result = await build({
  entryPoints: entries,
  outdir: tmpdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
  plugins: [duckDbApi, externals, moduleUrls],
});
const duckDb = await build({
  // the copy core's own require would load
  entryPoints: [createRequire(join(packages, 'core', 'package.json')).resolve('@duckdb/node-api')],
  outfile: join(tmpdir, 'duckdb-node-api.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['@duckdb/node-bindings'],
  absWorkingDir: root,
  logLevel: 'warning',
});
result.warnings.push(...duckDb.warnings);
if (result.warnings.length > 0) {
  rmSync(tmpdir, { recursive: true, force: true });
  console.error(`The CLI bundle has ${result.warnings.length} warning(s) (above): fix them.`);
  process.exit(1);
}
// esbuild leaves an import() of a computed name as it is: a lookup beside the chunk that finds nothing.
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  const computed = /\bimport\(\s*[^"'\s)][^)]*\)/.exec(readFileSync(join(root, file), 'utf8'));
  if (computed) {
    const from = Object.keys(output.inputs).join(', ');
    rmSync(tmpdir, { recursive: true, force: true });
    console.error(`The CLI bundle keeps \`${computed[0]}\` (from ${from}): import a literal path instead.`);
    process.exit(1);
  }
}
// Paths in the metafile are relative to the repository root; outputs named as in their final folder.
const named = JSON.stringify(result.metafile).replaceAll(
  `${posix(relative(root, tmpdir))}/`,
  `${posix(relative(root, outdir))}/`,
);
await writeFile(join(tmpdir, 'meta.json'), named);
if (sameFiles(tmpdir, outdir)) {
  rmSync(tmpdir, { recursive: true, force: true });
  utimesSync(join(outdir, 'meta.json'), new Date(), new Date());
} else {
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(tmpdir, outdir);
  rmSync(old, { recursive: true, force: true });
}
