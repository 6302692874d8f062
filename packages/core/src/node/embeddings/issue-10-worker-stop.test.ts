import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { CHILD_NODE_OPTIONS, moduleBeside } from '../../test-kit/child-node.js';

describe('stopping a nearest-neighbour worker (issue 10: never crash)', () => {
  it('stops workers busy in native searches without aborting the process', () => {
    // CI, 2026-12-07: a test process ended with "terminate called after throwing an instance of
    // 'Napi::Error'" after every test had passed. A worker terminated while usearch's search was running
    // aborts the whole process: node-addon-api cannot throw into a terminating thread. The child stops
    // busy workers round after round (test-kit/stop-searches.ts); with terminate() it aborted within a
    // few rounds.
    const child = spawnSync(
      process.execPath,
      [...CHILD_NODE_OPTIONS, moduleBeside(import.meta.url, '../../test-kit/stop-searches.js'), '16'],
      { encoding: 'utf8' },
    );
    assert.doesNotMatch(child.stderr, /terminate called|Napi::Error/);
    assert.equal(child.status, 0, `exit ${child.status} (${child.signal}): ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
    // queries still queued when the search closed are dropped, so the stops did land in busy workers
    assert.ok(result.stopped > 0, `no query was dropped in ${result.rounds} rounds`);
    assert.equal(result.interrupted, true, 'the k-NN graph was not interrupted');
  });
});
