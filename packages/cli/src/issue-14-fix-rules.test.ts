/**
 * Issue 14 (done-when, core and CLI parts): on the demo, `assay fix --rules` removes the planted
 * duplicate labels and clips the out-of-bounds box, shown first by a --dry-run that changes nothing;
 * `assay check` then no longer reports them; `assay diff before current` lists exactly those changes;
 * undo restores them; bad input is refused with a clear error and changes nothing. The demo and the
 * re-import of the release run as real child processes; the commands on the demo run in this process
 * (test-kit/call-cli.ts: the same program, without ~0.35 s of CPU of process start each).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callCli } from './test-kit/call-cli.js';
import { runDemo } from './test-kit/demo-project.js';
import { type CliRun, json, runCli } from './test-kit/run-cli.js';

interface Planted {
  kind: string;
  samples: string[];
  annotation?: { bbox?: number[] };
}
interface IssueJson {
  id: number;
  type: string;
  sample: string | null;
  annotation_id: number | null;
  status: string;
}
interface FixJson {
  dry_run: boolean;
  rules: {
    rule: string;
    edits: number;
    deleted: number;
    updated: number;
    batch: number | null;
    examples: { annotation_id: number; sample: string }[];
  }[];
}
interface DiffJson {
  samples: { added: string[]; removed: string[]; moved_split: unknown[] };
  annotations: { added: number; removed: number; reclassed: number; moved: number; unchanged: number };
  changes: { type: string; annotation_id: number; sample: string; bbox_a?: number[] | null }[];
}
interface InfoJson {
  annotations: { total: number };
}

const RULES = `rules:
  - remove_duplicate_labels: {iou: 0.9}
  - clip_boxes: {}
`;

describe('issue 14: assay fix / diff / undo on the demo', () => {
  let dir = '';
  let demo = '';
  let planted: Planted[] = [];
  const cli = (...args: string[]) => callCli(args, demo);
  const ok = (run: CliRun) => {
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    return run;
  };
  const issues = async (types: string) =>
    json<{ issues: IssueJson[] }>(ok(await cli('issues', '--type', types, '--json'))).issues;
  const diff = async () => json<DiffJson>(ok(await cli('diff', 'before', 'current', '--json')));
  const total = async () => json<InfoJson>(ok(await cli('info', '--json'))).annotations.total;
  const samplesOf = (kind: string) =>
    planted
      .filter((p) => p.kind === kind)
      .flatMap((p) => p.samples)
      .sort();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-fix-'));
    demo = join(dir, 'demo');
    ok(await runDemo(demo, ['--images', '60', '--seed', '11'], dir));
    planted = (
      JSON.parse(readFileSync(join(demo, 'data', 'manifest.json'), 'utf8')) as { planted: Planted[] }
    ).planted;
    await writeFile(join(demo, 'rules.yaml'), RULES);
    ok(await runCli(['snapshot', 'before', '-m', 'as imported'], demo));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--dry-run shows the planted duplicates and out-of-bounds boxes and changes nothing', async () => {
    const dups = await issues('duplicate_label');
    const oob = await issues('out_of_bounds');
    assert.deepEqual(dups.map((i) => i.sample).sort(), samplesOf('duplicate_label'));
    assert.deepEqual(oob.map((i) => i.sample).sort(), samplesOf('out_of_bounds_box'));
    const count = await total();
    // one real process for each command this file is the only test of (fix, diff, edit, undo, release)
    const dry = json<FixJson>(
      ok(await runCli(['fix', '--rules', 'rules.yaml', '--dry-run', '--json'], demo)),
    );
    assert.equal(dry.dry_run, true);
    const [remove, clip] = dry.rules;
    // The duplicate issue sits on the later annotation of the pair: the one the rule deletes.
    assert.deepEqual(
      remove!.examples.map((e) => e.annotation_id).sort(),
      dups.map((i) => i.annotation_id).sort(),
    );
    assert.equal(remove!.deleted, dups.length);
    assert.deepEqual(
      clip!.examples.map((e) => e.annotation_id).sort(),
      oob.map((i) => i.annotation_id).sort(),
    );
    assert.equal(clip!.updated, oob.length);
    assert.equal(remove!.batch, null);
    assert.equal(await total(), count);
    const d = json<DiffJson>(ok(await runCli(['diff', 'before', 'current', '--json'], demo)));
    assert.equal(d.changes.length, 0);
  });

  it('applies the rules; check no longer reports them; diff lists exactly those changes', async () => {
    const dups = await issues('duplicate_label');
    const oob = await issues('out_of_bounds');
    const count = await total();
    const fixed = json<FixJson>(ok(await cli('fix', '--rules', 'rules.yaml', '--json')));
    assert.ok(fixed.rules.every((r) => r.batch !== null));
    assert.equal(await total(), count - dups.length);
    ok(await cli('check'));
    assert.deepEqual(await issues('duplicate_label,out_of_bounds'), []);
    const d = await diff();
    assert.deepEqual(d.samples, { added: [], removed: [], moved_split: [] });
    assert.equal(d.annotations.added, 0);
    assert.equal(d.annotations.reclassed, 0);
    assert.deepEqual(
      d.changes
        .filter((c) => c.type === 'removed')
        .map((c) => c.annotation_id)
        .sort(),
      dups.map((i) => i.annotation_id).sort(),
    );
    const moved = d.changes.filter((c) => c.type === 'moved');
    assert.deepEqual(moved.map((c) => c.annotation_id).sort(), oob.map((i) => i.annotation_id).sort());
    assert.equal(d.changes.length, dups.length + oob.length);
    // The moved box in `before` is the planted unclipped box (manifest, rounded to 2 decimals).
    const plantedBox = planted.find((p) => p.kind === 'out_of_bounds_box')!.annotation!.bbox!;
    const box = moved.find((c) => c.sample === samplesOf('out_of_bounds_box')[0])!.bbox_a!;
    for (const [i, v] of box.entries()) assert.ok(Math.abs(v - plantedBox[i]!) < 0.01);
  });

  it('history shows the clipped box with both revisions', async () => {
    const sample = samplesOf('out_of_bounds_box')[0]!;
    const h = json<{ annotations: { id: number; versions: { revision: number; until: number | null }[] }[] }>(
      ok(await cli('history', sample, '--json')),
    );
    const clipped = h.annotations.find((a) => a.versions.length === 2);
    assert.ok(clipped, JSON.stringify(h));
    assert.equal(clipped.versions[0]!.revision, 0);
    assert.equal(clipped.versions[0]!.until, clipped.versions[1]!.revision);
  });

  it('bad input is refused with a clear error and changes nothing', async () => {
    const count = await total();
    const before = await diff();
    const expectFail = async (run: CliRun, pattern: RegExp) => {
      assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, pattern);
    };
    await writeFile(join(demo, 'bad-rule.yaml'), 'rules:\n  - clip_boxes: {}\n  - frobnicate: {}\n');
    await expectFail(
      await cli('fix', '--rules', 'bad-rule.yaml'),
      /bad-rule\.yaml, rule 2, key "frobnicate": unknown rule/,
    );
    await writeFile(
      join(demo, 'bad-class.yaml'),
      'rules:\n  - clip_boxes: {}\n  - rename_class: {from: hexagonal, to: hex}\n',
    );
    await expectFail(
      await cli('fix', '--rules', 'bad-class.yaml'),
      /rule 2, key "from": the project has no class "hexagonal"/,
    );
    await writeFile(join(demo, 'bad-param.yaml'), 'rules:\n  - remove_duplicate_labels: {iou: 1.5}\n');
    await expectFail(await cli('fix', '--rules', 'bad-param.yaml'), /rule 1, key "iou"/);
    const deleted = before.changes.find((c) => c.type === 'removed')!.annotation_id;
    await expectFail(
      await runCli(['edit', String(deleted), '--class', 'star'], demo),
      new RegExp(`Annotation ${deleted} was deleted by edit \\d+`),
    );
    const moved = before.changes.find((c) => c.type === 'moved')!.annotation_id;
    await expectFail(
      await cli('edit', String(moved), '--class', 'star', '--revision', '0'),
      /changed since revision 0/,
    );
    await expectFail(
      await cli('edit', String(moved), '--class', 'no-such-class'),
      /no class "no-such-class"/,
    );
    assert.equal(await total(), count);
    assert.deepEqual(await diff(), before);
  });

  it('an edit at the current revision works; undo of every batch restores `before`, and check finds them again', async () => {
    const d = await diff();
    const moved = d.changes.find((c) => c.type === 'moved')!.annotation_id;
    const h = json<{ annotations: { id: number; versions: { revision: number; until: number | null }[] }[] }>(
      ok(await cli('history', d.changes.find((c) => c.type === 'moved')!.sample, '--json')),
    );
    const revision = h.annotations.find((a) => a.id === moved)!.versions.at(-1)!.revision;
    const edit = json<{ batch: number }>(
      ok(await cli('edit', String(moved), '--class', 'star', '--revision', String(revision), '--json')),
    );
    assert.equal((await diff()).annotations.reclassed, 1);
    for (let b = edit.batch; b >= 1; b--) ok(await cli('undo', '--batch', String(b)));
    const restored = await diff();
    assert.equal(restored.changes.length, 0);
    ok(await cli('check'));
    assert.deepEqual(
      (await issues('duplicate_label')).map((i) => i.sample).sort(),
      samplesOf('duplicate_label'),
    );
    assert.deepEqual(
      (await issues('out_of_bounds')).map((i) => i.sample).sort(),
      samplesOf('out_of_bounds_box'),
    );
    const again = await runCli(['undo', '--batch', '1'], demo);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /was undone already/);
  });

  it('a status people give survives a re-run of check', async () => {
    const [dup] = await issues('duplicate_label');
    ok(await cli('resolve', String(dup!.id), 'confirmed', '--reason', 'seen it'));
    ok(await cli('check'));
    const [again] = await issues('duplicate_label');
    assert.equal(again!.status, 'confirmed');
    assert.equal(again!.sample, dup!.sample);
    assert.equal(again!.annotation_id, dup!.annotation_id);
  });

  it('release writes exports that re-import to the same counts and a manifest whose checksums verify; never overwrites', async () => {
    const out = join(dir, 'rel-1');
    const r = json<{ exports: { format: string; samples: number; annotations: number }[] }>(
      ok(await cli('release', 'v1', '--out', out, '--format', 'coco,yolo', '--json')),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string }[];
    };
    for (const f of manifest.files)
      assert.equal(
        createHash('sha256')
          .update(readFileSync(join(out, f.path)))
          .digest('hex'),
        f.sha256,
        f.path,
      );
    // COCO writes one instances file per split: the export folder is imported whole, every split with it.
    assert.ok(manifest.files.some((f) => /^coco\/annotations\/instances_\w+\.json$/.test(f.path)));
    const again = join(dir, 'again');
    ok(await runCli(['init', again], dir));
    ok(await runCli(['import', 'coco', join(out, 'coco')], again));
    const info = json<{ samples: number; annotations: { total: number } }>(
      ok(await runCli(['info', '--json'], again)),
    );
    const exported = r.exports.find((e) => e.format === 'coco')!;
    assert.equal(info.samples, exported.samples);
    assert.equal(info.annotations.total, exported.annotations);
    const twice = await runCli(['release', 'v2', '--out', out], demo);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /never overwrites/);
  });
});
