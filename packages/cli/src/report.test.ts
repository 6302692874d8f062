/**
 * `assay report` end to end: the real CLI in child processes on a demo project (rendered with sharp).
 * The page itself is checked in headless Chromium by packages/core/src/node/write-report.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDemo } from './test-kit/demo-project.js';
import { json, runCli } from './test-kit/run-cli.js';

describe('assay report', () => {
  let dir = '';
  let demo = '';
  let demoOut = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cli-report-'));
    demo = join(dir, 'demo');
    const run = await runDemo(demo, ['--images', '20', '--seed', '5'], dir);
    assert.equal(run.code, 0, run.stderr);
    demoOut = run.stdout;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('demo writes report.html and prints where', () => {
    assert.ok(existsSync(join(demo, 'report.html')));
    assert.ok(demoOut.includes(join(demo, 'report.html')));
  });

  it('writes the file it is told to and describes it in --json', async () => {
    const run = await runCli(
      ['report', '--out', join(dir, 'out', 'r.html'), '--examples', '2', '--json'],
      demo,
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = json<{
      path: string;
      bytes: number;
      charts: number;
      thumbnails: number;
      issue_types: number;
    }>(run);
    assert.equal(summary.path, join(dir, 'out', 'r.html'));
    assert.equal(summary.bytes, readFileSync(summary.path).length);
    assert.ok(summary.charts >= 5 && summary.issue_types > 0 && summary.thumbnails > 0);
    // At most 2 examples of each type.
    assert.ok(summary.thumbnails <= 2 * summary.issue_types);
  });

  it('a missing plan file or a bad --examples is a usage error naming it, not a stack', async () => {
    const missing = await runCli(['report', '--plan', 'nope.yaml', '--out', join(dir, 'x.html')], demo);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    assert.ok(!existsSync(join(dir, 'x.html')));
    const bad = await runCli(['report', '--examples', 'many'], demo);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--examples/);
  });
});
