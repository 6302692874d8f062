/**
 * Issue 10: `assay --version` took ~0.6 s because main.ts imported @assay/core, and every command
 * pulled in DuckDB and sharp. A module hook here refuses those imports: `--version` and `--help` must
 * not load core at all, and the file modes (eval coco, label-errors, agree) must not load DuckDB or sharp.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sharedFixture } from '@assay/core/test-kit';
import { CHILD_NODE_OPTIONS, moduleBeside } from '@assay/core/test-kit/child-node';

const MAIN = moduleBeside(import.meta.url, './main.js');
const COCO = sharedFixture('coco-val2014-100/');

function run(args: string[], forbidden: string, dir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const real = spawn(
      process.execPath,
      [
        ...CHILD_NODE_OPTIONS,
        '--import',
        pathToFileURL(join(dir, `forbid-${forbidden}.mjs`)).href,
        MAIN,
        ...args,
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    real.stdout.on('data', (d) => {
      out += d;
    });
    real.stderr.on('data', (d) => {
      out += d;
    });
    real.on('error', reject);
    real.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

const PATTERNS = {
  core: '@duckdb|/sharp/|/packages/core/',
  native: '@duckdb|/sharp/',
  // eval coco loads only the evaluation part of core, not its index (formats, checks, report).
  evalOnly: '@duckdb|/sharp/|/packages/core/(src/index\\.ts|dist/index\\.js)|/formats/index\\.(ts|js)',
  // issue 10 §4: `check` and `split` decode no image and parse no model spec, and an import whose file
  // gives the image sizes reads no image: none loads sharp (~0.14 s a process) or zod (~0.07 s)
  sharp: '/sharp/',
  sharpOrZod: '/sharp/|/zod/',
};

describe('issue 10: lazy start-up', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-lazy-'));
    for (const [name, pattern] of Object.entries(PATTERNS)) {
      await writeFile(
        join(dir, `hooks-${name}.mjs`),
        `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (new RegExp(${JSON.stringify(pattern)}).test(result.url)) throw new Error('forbidden import: ' + result.url);
  return result;
}\n`,
      );
      await writeFile(
        join(dir, `forbid-${name}.mjs`),
        `import { register } from 'node:module';\nregister('./hooks-${name}.mjs', import.meta.url);\n`,
      );
    }
    await writeFile(join(dir, 'labels.csv'), '0\n1\n1\n0\n');
    await writeFile(join(dir, 'probs.csv'), '0.9,0.1\n0.2,0.8\n0.7,0.3\n0.6,0.4\n');
    await writeFile(join(dir, 'ratings.csv'), 'a,b\n1,1\n2,2\n1,2\n');
    await writeFile(
      join(dir, 'boxes.json'),
      JSON.stringify({
        images: [1, 2, 3, 4].map((id) => ({ id, file_name: `f${id % 2}/${id}.png`, width: 40, height: 30 })),
        annotations: [1, 2, 3, 4].map((id) => ({ id, image_id: id, category_id: 1, bbox: [2, 2, 9, 9] })),
        categories: [{ id: 1, name: 'thing' }],
      }),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--version and --help load no part of core', async () => {
    const version = await run(['--version'], 'core', dir);
    assert.equal(version.code, 0, version.out);
    assert.match(version.out, /^\d+\.\d+\.\d+\n$/);
    for (const args of [['--help'], ['eval', '--help'], ['import', '--help']]) {
      const help = await run(args, 'core', dir);
      assert.equal(help.code, 0, help.out);
      assert.match(help.out, /Usage: assay/);
    }
  });

  it('the hook does refuse: a command that needs core fails under it', async () => {
    const r = await run(['info'], 'core', dir);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /forbidden import/);
  });

  it('file modes load neither DuckDB nor sharp', async () => {
    const evalRun = await run(
      [
        '--json',
        'eval',
        'coco',
        '--gt',
        `${COCO}instances_val2014_100.json`,
        '--dt',
        `${COCO}instances_val2014_fakebbox100_results.json`,
      ],
      'evalOnly',
      dir,
    );
    assert.equal(evalRun.code, 0, evalRun.out);
    const le = await run(
      ['label-errors', '--labels', 'labels.csv', '--pred-probs', 'probs.csv'],
      'native',
      dir,
    );
    assert.equal(le.code, 0, le.out);
    const agree = await run(['agree', '--ratings', 'ratings.csv'], 'native', dir);
    assert.equal(agree.code, 0, agree.out);
  });

  it('import (sizes in the file), check and split load neither sharp nor zod', async () => {
    const project = join(dir, 'project');
    assert.equal((await run(['init', project], 'sharp', dir)).code, 0);
    const imported = await run(['--project', project, 'import', 'coco', 'boxes.json'], 'sharp', dir);
    assert.equal(imported.code, 0, imported.out);
    const check = await run(['--project', project, 'check'], 'sharpOrZod', dir);
    assert.equal(check.code, 0, check.out);
    const split = await run(
      ['--project', project, 'split', '--ratios', '0.5,0.5', '--dry-run'],
      'sharpOrZod',
      dir,
    );
    assert.equal(split.code, 0, split.out);
  });
});
