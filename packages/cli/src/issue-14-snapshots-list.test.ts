/**
 * Issue 14: `assay snapshots` lists every snapshot with its revision and message, through a real process
 * (no other test ran the command). An empty project says how to take one instead of printing an empty table.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliRun, json, runCli } from './test-kit/run-cli.js';

interface SnapshotJson {
  name: string;
  seq: number;
  message: string | null;
  author: string;
  created_at: string;
}

const ok = (run: CliRun) => {
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  return run;
};

describe('issue 14: assay snapshots', () => {
  let dir = '';
  let project = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-snapshots-'));
    project = join(dir, 'p');
    ok(await runCli(['init', project], dir));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says there are none yet, then lists each snapshot in the order taken', async () => {
    const none = ok(await runCli(['snapshots'], project));
    assert.match(none.stdout, /No snapshots yet/);
    assert.deepEqual(
      json<{ snapshots: SnapshotJson[] }>(ok(await runCli(['snapshots', '--json'], project))),
      {
        snapshots: [],
      },
    );

    ok(await runCli(['snapshot', 'first', '-m', 'as imported'], project));
    ok(await runCli(['snapshot', 'second'], project));
    const listed = json<{ snapshots: SnapshotJson[] }>(ok(await runCli(['snapshots', '--json'], project)));
    assert.deepEqual(
      listed.snapshots.map((s) => [s.name, s.message]),
      [
        ['first', 'as imported'],
        ['second', null],
      ],
    );
    for (const s of listed.snapshots) {
      assert.ok(Number.isInteger(s.seq) && s.seq >= 0, `revision of ${s.name}: ${s.seq}`);
      assert.ok(s.author.length > 0, `author of ${s.name}`);
    }
    const human = ok(await runCli(['snapshots'], project)).stdout;
    assert.match(human, /first\s.*as imported/);
    assert.match(human, /second/);
    assert.doesNotMatch(human, /No snapshots yet/);
  });
});
