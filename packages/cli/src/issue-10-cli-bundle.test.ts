/**
 * Issue 10 (part 4, start-up): bin/assay.js runs the CLI's esbuild bundle (scripts/bundle-cli.mjs;
 * `npm run build` and scripts/test.mjs make it), a few chunk files instead of hundreds of modules.
 * Checked as a user runs it: the files the process loads are the bundle's; `--version` and `--help` load
 * no chunk holding core (bundle/meta.json, esbuild's metafile, says which sources each chunk holds);
 * both worker threads start from the bundle's own entry files; the paths modules find from their own
 * URL (the web app's dist) still resolve; a stack trace names the .ts sources (`eval coco` too, whose
 * plain lines run without commander and without Node's source maps).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { firstJson } from './test-kit/run-cli.js';

const CLI = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(CLI, '..', '..');
const BIN = join(CLI, 'bin', 'assay.js');
const BUNDLE = join(CLI, 'bundle');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Every module URL the process resolved (a module hook logs them). */
  loaded: string[];
}

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('issue 10: the CLI runs as an esbuild bundle', () => {
  let dir = '';
  let meta: Meta;
  let n = 0;

  /**
   * `node bin/assay.js ARGS` in `cwd`, logging the URLs it resolves; `env` is added to its environment.
   * Without the log when a worker starts: Node 20 runs `--import` in workers too, and module hooks
   * registered inside a worker hang it.
   */
  function run(args: string[], cwd = dir, env: NodeJS.ProcessEnv = {}, logged = true): Promise<Run> {
    const log = join(dir, `loaded-${++n}.txt`);
    const hook = logged ? ['--import', pathToFileURL(join(dir, 'log.mjs')).href] : [];
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...hook, BIN, ...args], {
        cwd,
        env: { ...process.env, NO_COLOR: '1', ...env, ASSAY_TEST_LOADED: log },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        const loaded = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
        resolve({ code: code ?? -1, stdout, stderr, loaded: [...new Set(loaded)] });
      });
    });
  }

  /** The source files held by the bundle's chunks that a run loaded. */
  function sourcesLoaded(r: Run): string[] {
    const chunks = r.loaded
      .filter((url) => url.startsWith(pathToFileURL(BUNDLE).href))
      .map((url) => `packages/cli/bundle/${url.slice(url.lastIndexOf('/') + 1)}`);
    return chunks.flatMap((chunk) =>
      Object.keys(meta.outputs[chunk]?.inputs ?? { [`unknown chunk ${chunk}`]: 1 }),
    );
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-bundle-'));
    await writeFile(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.ASSAY_TEST_LOADED, result.url + '\\n');
  return result;
}\n`,
    );
    await writeFile(
      join(dir, 'log.mjs'),
      `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
    );
    meta = JSON.parse(await readFile(join(BUNDLE, 'meta.json'), 'utf8')) as Meta;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('bin/assay.js runs the bundle: no file of dist/ or src/ is loaded', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.ok(r.loaded.includes(pathToFileURL(join(BUNDLE, 'main.js')).href), r.loaded.join('\n'));
    const ours = r.loaded.filter((url) => url.includes('/packages/') && !url.includes('/node_modules/'));
    assert.deepEqual(
      ours.filter((url) => !url.startsWith(pathToFileURL(BUNDLE).href) && !url.endsWith('/bin/assay.js')),
      [],
    );
  });

  it('--version and --help load no chunk holding core, the server or a native module', async () => {
    for (const args of [['--version'], ['--help'], ['eval', '--help'], ['import', '--help']]) {
      const r = await run(args);
      assert.equal(r.code, 0, r.stderr);
      const sources = sourcesLoaded(r);
      assert.ok(sources.includes('packages/cli/src/main.ts'), sources.join('\n'));
      assert.deepEqual(
        sources.filter((s) => !s.startsWith('packages/cli/')),
        [],
        `${args.join(' ')} loaded non-CLI sources`,
      );
      assert.deepEqual(
        r.loaded.filter((url) => /@duckdb|duckdb-node-api|\/sharp\/|onnxruntime|usearch/.test(url)),
        [],
      );
    }
    // the check can fail: a command that opens a project loads core's chunks
    const info = await run(['info']);
    assert.equal(info.code, 2, info.stderr); // no project here
    assert.ok(
      sourcesLoaded(info).some((s) => s.startsWith('packages/core/src/node/')),
      sourcesLoaded(info).join('\n'),
    );
  });

  it('a stack trace names the TypeScript sources, not the chunks', async () => {
    const r = await run(['--debug', 'info']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /No Assay project/);
    assert.match(r.stderr, /packages\/core\/src\/node\/project\.ts:\d+:\d+/);
    assert.match(r.stderr, /packages\/cli\/src\/commands\/info\.ts:\d+:\d+/);
    assert.doesNotMatch(r.stderr, /bundle\/[\w-]+\.js/);
    // a plain `eval coco` line runs without Node's source maps (bin/assay.js): its stack is mapped when printed
    const evalCoco = await run(['eval', 'coco', '--gt', 'missing.json', '--dt', 'missing.json', '--debug']);
    assert.equal(evalCoco.code, 2, evalCoco.stderr);
    assert.ok(evalCoco.loaded.includes(pathToFileURL(join(BUNDLE, 'eval-coco-main.js')).href));
    assert.ok(!evalCoco.loaded.some((url) => url.includes('commander')), evalCoco.loaded.join('\n'));
    assert.match(evalCoco.stderr, /packages\/core\/src\/node\/eval\/evaluate-coco-files\.ts:\d+:\d+/);
    assert.match(evalCoco.stderr, /packages\/cli\/src\/commands\/eval-coco\.ts:\d+:\d+/);
    assert.doesNotMatch(evalCoco.stderr, /bundle\/[\w-]+\.js/);
  });

  it('both worker threads start from the bundle; serve finds the web app and answers similar samples', async () => {
    const project = join(dir, 'project');
    // 1,200 samples (the k-NN graph moves to a worker from 1,000 rows; knn-in-worker.ts), one box each
    const count = 1200;
    const coco = {
      images: Array.from({ length: count }, (_, i) => ({
        id: i + 1,
        file_name: `img/${i}.png`,
        width: 32,
        height: 32,
      })),
      annotations: Array.from({ length: count }, (_, i) => ({
        id: i + 1,
        image_id: i + 1,
        category_id: 1 + (i % 2),
        bbox: [1, 1, 10, 10],
        area: 100,
        iscrowd: 0,
      })),
      categories: [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    };
    assert.equal((await run(['init', project])).code, 0);
    await writeFile(join(project, 'gt.json'), JSON.stringify(coco));
    const imported = await run(['import', 'coco', 'gt.json'], project);
    assert.equal(imported.code, 0, imported.stderr);
    // 4-value vectors on two clusters, with a little spread
    const rows = ['path,v0,v1,v2,v3'];
    for (let i = 0; i < count; i++) {
      const t = ((i * 7919) % 1000) / 10_000;
      rows.push(i % 2 ? `img/${i}.png,${1 - t},${t},0.1,0` : `img/${i}.png,0,0.1,${t},${1 - t}`);
    }
    await writeFile(join(project, 'vectors.csv'), `${rows.join('\n')}\n`);
    const vectors = await run(
      ['import', 'embeddings', 'vectors.csv', '--model', 'm'],
      project,
      { NODE_DEBUG: 'worker' },
      false,
    );
    assert.equal(vectors.code, 0, vectors.stderr);
    assert.match(vectors.stdout, /Imported 1,200 vectors/);
    const knnWorker = pathToFileURL(join(BUNDLE, 'knn-worker.js')).href;
    assert.ok(vectors.stderr.includes(`url: ${knnWorker}`), vectors.stderr.slice(0, 2000));

    const child = spawn(process.execPath, [BIN, '--json', 'serve', '--port', '0'], {
      cwd: project,
      env: { ...process.env, NODE_DEBUG: 'worker' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const served = firstJson<{ url: string }>(child);
    const output = served.output;
    try {
      const { url } = await served.value;
      const similar = await fetch(`${url}api/samples/2/similar?k=3&model=m`);
      assert.equal(similar.status, 200, await similar.clone().text());
      const body = (await similar.json()) as { similar: { id: number }[] };
      assert.equal(body.similar.length, 3);
      const searchWorker = pathToFileURL(join(BUNDLE, 'vector-search-worker.js')).href;
      assert.ok(output.stderr.includes(`url: ${searchWorker}`), output.stderr.slice(0, 2000));
      // the web app's index.html, found from packages/server/src/start-server.ts's own URL
      const index = join(ROOT, 'packages', 'web', 'dist', 'index.html');
      assert.ok(existsSync(index), 'build the web app first: npm run build -w @assay/web');
      const page = await fetch(url);
      assert.equal(await page.text(), await readFile(index, 'utf8'));
    } finally {
      // Ctrl-C; then SIGKILL: serve does not exit after Ctrl-C once its vector-search worker has started
      // (dist alike; reported in the issue, not this test's subject)
      await new Promise((resolve) => {
        child.on('close', resolve);
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    }
  });
});
