import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { CHILD_NODE_OPTIONS, moduleBeside } from '../test-kit/child-node.js';

// Workers that are ended with terminate(): their modules must load no native addon. A worker terminated
// while it loads one (DuckDB's, through an import chain) aborts the whole process ("terminate called
// after throwing an instance of 'Napi::Error'"): the facet count worker did, through facet-index.ts,
// and ended a server test's process in CI (2026-12-07). The workers that do run an addon (usearch:
// embeddings/) are stopped by asking them (embeddings/embedding-worker.ts).
const TERMINATED_WORKERS = [
  './browse/facet-count-worker.js',
  './instance-rows-worker.js',
  './label-file-worker.js',
];

describe('worker entry modules', () => {
  it('load no native addon', () => {
    const modules = TERMINATED_WORKERS.map((m) => moduleBeside(import.meta.url, m));
    // a child that records every native module loaded while it imports the workers' modules (no
    // parentPort there, so their bodies do not start)
    const script = `
      const loaded = [];
      const dlopen = process.dlopen;
      process.dlopen = (module, file, ...rest) => { loaded.push(file); return dlopen(module, file, ...rest); };
      for (const m of ${JSON.stringify(modules)}) await import(m);
      console.log(JSON.stringify(loaded));`;
    const child = spawnSync(process.execPath, [...CHILD_NODE_OPTIONS, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), []);
  });
});
