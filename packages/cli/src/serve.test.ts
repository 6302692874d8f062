import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runDemo } from './test-kit/demo-project.js';
import { firstJson, runCli } from './test-kit/run-cli.js';

// The built CLI, as a user runs it (scripts/test.mjs builds it first; through tsx a server costs ~2.5× the CPU to start).
const BIN = fileURLToPath(new URL('../bin/assay.js', import.meta.url));

// One demo project for the file (`assay demo` takes seconds of CPU); each test serves its own copy.
let demoDir = '';
before(async () => {
  demoDir = await mkdtemp(join(tmpdir(), 'assay-serve-cli-demo-'));
  const made = await runDemo(join(demoDir, 'demo'), ['--images', '30'], demoDir);
  assert.equal(made.code, 0, made.stderr);
});
after(async () => {
  if (demoDir) await rm(demoDir, { recursive: true, force: true });
});

/** A fresh copy of the demo project in `dir` (timestamps kept, so a scan sees the files unchanged). */
async function demoCopy(dir: string): Promise<string> {
  const project = join(dir, 'demo');
  await cp(join(demoDir, 'demo'), project, { recursive: true, preserveTimestamps: true });
  return project;
}

test('assay serve: prints its URL, answers, and Ctrl-C stops it cleanly (130, server.json and lock gone)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'assay-serve-cli-'));
  try {
    const project = await demoCopy(dir);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const served = firstJson<{ url: string; open_url: string }>(child);
    const output = served.output;
    const started = await served.value;
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(started.open_url, started.url, 'no token on loopback by default');
    const res = await fetch(`${started.url}api/project`);
    assert.equal(res.status, 200);
    const page = await fetch(started.url);
    assert.equal(page.status, 200); // the app, or a page saying how to build it
    assert.ok(existsSync(join(project, '.assay', 'server.json')));
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', (c) => resolve(c));
      child.kill('SIGINT');
    });
    assert.equal(code, 130, output.stderr);
    assert.ok(!existsSync(join(project, '.assay', 'server.json')));
    assert.ok(!existsSync(join(project, '.assay', 'lock.json')));
    const info = await runCli(['check'], project); // the database is free again
    assert.equal(info.code, 0, info.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('assay serve --host beyond loopback generates a token and prints it in the URL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'assay-serve-cli-'));
  try {
    const project = await demoCopy(dir);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '0.0.0.0', '--json'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = await firstJson<{ open_url: string; url: string }>(child).value;
    const token = /\?token=([\w-]{20,})$/.exec(started.open_url)?.[1];
    assert.ok(token, started.open_url);
    const port = new URL(started.url).port;
    assert.equal((await fetch(`http://127.0.0.1:${port}/api/project`)).status, 401);
    const ok = await fetch(`http://127.0.0.1:${port}/api/project`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(ok.status, 200);
    await new Promise((resolve) => {
      child.on('close', resolve);
      child.kill('SIGINT');
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('issue 13: filtered facets are counted on a worker started from the bundle, and Ctrl-C still stops serve (130)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'assay-serve-cli-'));
  try {
    const project = await demoCopy(dir);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], {
      cwd: project,
      env: { ...process.env, NODE_DEBUG: 'worker' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const served = firstJson<{ url: string }>(child);
    const output = served.output;
    const { url } = await served.value;
    const post = (path: string, body: unknown) =>
      fetch(`${url}api/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url.replace(/\/$/, '') },
        body: JSON.stringify(body),
      });
    // the index is built in the background after the start: SQL answers until then
    let engine: string | null = null;
    for (let tries = 0; engine !== 'index' && tries < 600; tries++) {
      const res = await post('facets', { filter: { ids: [1] } });
      assert.equal(res.status, 200, await res.clone().text());
      engine = res.headers.get('x-assay-engine');
      if (engine !== 'index') await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(engine, 'index', 'the facet index was built');
    const all = (await (await post('facets', { filter: {} })).json()) as {
      facets: { class: { value: string; count: number }[] };
    };
    const cls = all.facets.class[0]!.value;
    const facets = (await (await post('facets', { filter: { classes: [cls] } })).json()) as { total: number };
    const page = (await (
      await post('samples/query', { filter: { classes: [cls] }, offset: 0, limit: 10 })
    ).json()) as {
      total: number;
    };
    assert.ok(facets.total > 0);
    assert.equal(facets.total, page.total, 'the facets and the grid count the same selection');
    const worker = pathToFileURL(join(dirname(BIN), '..', 'bundle', 'facet-count-worker.js')).href;
    assert.ok(output.stderr.includes(`url: ${worker}`), output.stderr.slice(0, 2000));
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', (c) => resolve(c));
      child.kill('SIGINT');
    });
    assert.equal(code, 130, output.stderr.slice(-2000));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
