/**
 * Issue 12: `assay info` and `assay issues --limit N` should answer in under a second at a million images.
 * Their queries take a fraction of that; loading the whole @assay/core/node barrel (548 modules, sharp,
 * the checks, embeddings, reports) took ~0.85 CPU seconds of each run. They load the project module only:
 * a module hook refuses the barrel and sharp, and both commands still answer.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CHILD_NODE_OPTIONS, moduleBeside } from '@assay/core/test-kit/child-node';
import { runCli } from './test-kit/run-cli.js';

const MAIN = moduleBeside(import.meta.url, './main.js');
const FORBIDDEN = '/sharp/|/packages/core/(src/node/index\\.ts|dist/node/index\\.js)';

let dir = '';
let project = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-info-start-'));
  project = join(dir, 'p');
  assert.equal((await runCli(['init', project], dir)).code, 0);
  await writeFile(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (new RegExp(${JSON.stringify(FORBIDDEN)}).test(result.url)) throw new Error('forbidden import: ' + result.url);
  return result;
}\n`,
  );
  await writeFile(
    join(dir, 'forbid.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...CHILD_NODE_OPTIONS, '--import', pathToFileURL(join(dir, 'forbid.mjs')).href, MAIN, ...args],
      { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

it('info and issues --limit (and --type) load the project module, not the core/node barrel or sharp', async () => {
  const info = await run(['info']);
  assert.equal(info.code, 0, info.out);
  assert.match(info.out, /0 samples/);
  const issues = await run(['issues', '--limit', '5']);
  assert.equal(issues.code, 0, issues.out);
  // --type names are checked against every command's issue types, a list imported by subpath
  const typed = await run(['issues', '--type', 'duplicate_label', '--limit', '5']);
  assert.equal(typed.code, 0, typed.out);
  // The hook can refuse: `assay scan` decodes images, so it loads sharp. (`issues --type` loaded the
  // barrel for the list of issue types until it imported that list by subpath.)
  const scan = await run(['scan']);
  assert.notEqual(scan.code, 0);
  assert.match(scan.out, /forbidden import: .*\/sharp\//);
});
