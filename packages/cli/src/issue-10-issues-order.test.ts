import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { callCli } from './test-kit/call-cli.js';
import { runDemo } from './test-kit/demo-project.js';
import { json } from './test-kit/run-cli.js';

interface IssueJson {
  id: number;
  type: string;
  severity: 'error' | 'warning' | 'info';
  score: number;
  sample: string | null;
  reason: string;
}
interface IssuesJson {
  total: number;
  by_type: Record<string, { error: number; warning: number; info: number; total: number }>;
  issues: IssueJson[];
}

const RANK = { error: 0, warning: 1, info: 2 };
let dir = '';
let demo = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-issues-order-'));
  demo = join(dir, 'demo');
  const run = await runDemo(demo, ['--images', '40', '--seed', '3'], dir);
  assert.equal(run.code, 0, run.stderr);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Issue 10 §3: the default listing shows the most important issues first (severity, then score), with the
// sample path on every row, label issues included; an unknown --type is a usage error, as in `check --only`.
it('lists the most important issues first, each row with its sample path', async () => {
  const all = json<IssuesJson>(await callCli(['issues', '--json'], demo));
  assert.ok(all.total > 30, `the demo has more issues than one page (${all.total})`);
  assert.equal(all.issues.length, all.total);
  let counted = 0;
  for (const c of Object.values(all.by_type)) counted += c.total;
  assert.equal(counted, all.total);
  const severities = new Set(all.issues.map((i) => i.severity));
  assert.ok(severities.size >= 2, 'the demo has issues of several severities');
  for (let k = 1; k < all.issues.length; k++) {
    const [a, b] = [all.issues[k - 1]!, all.issues[k]!];
    const before = RANK[a.severity] < RANK[b.severity];
    assert.ok(
      before || (RANK[a.severity] === RANK[b.severity] && a.score >= b.score),
      `${a.id} before ${b.id}`,
    );
  }

  const page = json<IssuesJson>(await callCli(['issues', '--json', '--limit', '7'], demo));
  assert.equal(page.total, all.total);
  assert.deepEqual(
    page.issues.map((i) => i.id),
    all.issues.slice(0, 7).map((i) => i.id),
  );

  const human = await callCli(['issues'], demo);
  assert.equal(human.code, 0, human.stderr);
  const rows = human.stdout.split('\n').filter((l) => /^(error|warning|info)\s+\d\.\d\d /.test(l));
  assert.equal(rows.length, 30);
  const labelTypes = new Set<string>();
  rows.forEach((row, k) => {
    const issue = all.issues[k]!;
    assert.ok(row.startsWith(issue.severity), row);
    assert.ok(row.includes(`${issue.type}: `), row);
    if (issue.sample !== null) assert.ok(row.includes(`  ${issue.sample}  `), `${row} names ${issue.sample}`);
    if (!['corrupt_file', 'exact_duplicate', 'near_duplicate'].includes(issue.type))
      labelTypes.add(issue.type);
  });
  assert.match(human.stdout, new RegExp(`… and ${all.total - 30} more`));

  // Label issues (from check and label-errors) carry their sample path too.
  const label = json<IssuesJson>(
    await callCli(['issues', '--json', '--type', 'wrong_class,missing_label'], demo),
  );
  assert.ok(label.issues.length > 0);
  for (const i of label.issues)
    assert.ok(i.sample?.endsWith('.png') || i.sample?.endsWith('.jpg'), i.sample ?? 'null');
});

it('an unknown --type is a usage error listing the known types', async () => {
  const run = await callCli(['issues', '--type', 'corrupt_file,blury'], demo);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /^✖ Unknown issue type\(s\): blury\./m);
  assert.match(run.stderr, /Issue types: .*corrupt_file.*label_error/);
  const none = await callCli(['issues', '--type', 'label_error'], demo);
  assert.equal(none.code, 0, none.stderr);
});
