/**
 * `assay split` end to end (the CLI's program called in this process, test-kit/call-cli.ts; sharp-rendered images, a real project): folder
 * groups and near-duplicate groups never cross splits, `assay check` finds no split_leakage after a
 * grouped split and finds it after a plain random one, a stratified dry run keeps each class within
 * about one sample of its share and changes nothing, and `assay undo --batch` reverts the split.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import { callCli } from './test-kit/call-cli.js';
import { makeLabelledImages } from './test-kit/labelled-images.js';
import { type CliRun, json, runCli } from './test-kit/run-cli.js';

interface SplitJson {
  changed: number;
  batch: number | null;
  grouped: number;
  groups: number;
  whole: { samples: number; class_samples: number[] };
  splits: {
    name: string;
    samples: number;
    max_deviation: number;
    overlap: number;
    class_samples: number[];
  }[];
}
interface CheckJson {
  check: { issues: Record<string, number> };
}

describe('assay split', () => {
  let dir = '';
  const cli = (...args: string[]) => callCli(args, dir);
  const ok = (run: CliRun) => {
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    return run;
  };
  const splits = async (): Promise<Map<string, string | null>> => {
    const project = await openProject(dir, { readOnly: true });
    try {
      const rows = await storeDb(project.store).all<{ key: string; split: string | null }>(
        'SELECT key, split FROM samples ORDER BY id',
      );
      return new Map(rows.map((r) => [r.key, r.split]));
    } finally {
      await project.close();
    }
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-split-'));
    const data = await makeLabelledImages(dir, {
      n: 120,
      classes: ['car', 'person', 'bike', 'dog'],
      prevalence: [0.6, 0.35, 0.15, 0.06],
      folders: 24,
      duplicates: 8,
    });
    ok(await cli('init', '.'));
    ok(await cli('import', 'coco', data.coco, '--images', data.images));
    ok(await cli('scan'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a stratified dry run reports the composition and changes nothing', async () => {
    const run = await cli('--json', 'split', '--ratios', '0.7,0.15,0.15', '--stratify', 'class', '--dry-run');
    const s = json<SplitJson>(ok(run));
    assert.equal(s.changed, 128);
    // iterative stratification: each class within about one sample of its share in each split
    for (const [j, x] of s.splits.entries())
      for (const [c, n] of x.class_samples.entries())
        assert.ok(
          Math.abs(n - [0.7, 0.15, 0.15][j]! * s.whole.class_samples[c]!) <= 1.5,
          `class ${c} in ${x.name}`,
        );
    assert.ok([...(await splits()).values()].every((v) => v === null));
  });

  it('a random split without groups leaks duplicates, and assay check says so', async () => {
    const s = json<SplitJson>(ok(await cli('--json', 'split', '--ratios', '0.5,0.5', '--seed', '3')));
    assert.deepEqual(
      s.splits.map((x) => x.samples),
      [64, 64],
    );
    const check = json<CheckJson>(ok(await cli('--json', 'check', '--only', 'split_leakage')));
    assert.ok(check.check.issues.split_leakage! > 0, 'the 8 byte-identical copies should straddle splits');
  });

  it('keeps folder groups whole, and near-duplicate groups so that check finds no leakage', async () => {
    const s = json<SplitJson>(
      ok(await cli('--json', 'split', '--ratios', '0.8,0.1,0.1', '--group', 'folder', '--seed', '1')),
    );
    assert.equal(s.groups, 24);
    const byFolder = new Map<string, Set<string | null>>();
    for (const [key, split] of await splits()) {
      const folder = key.split('/')[0]!;
      byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(split));
    }
    assert.equal(byFolder.size, 24);
    for (const [folder, set] of byFolder) assert.equal(set.size, 1, `${folder} is in ${[...set].join(', ')}`);
    const g = json<SplitJson>(
      ok(
        await cli(
          '--json',
          'split',
          '--ratios',
          '0.8,0.1,0.1',
          '--stratify',
          'class',
          '--group',
          'near-duplicates',
        ),
      ),
    );
    assert.equal(g.groups, 8); // the 8 byte copies (the random images have no perceptual near duplicates)
    const check = json<CheckJson>(ok(await cli('--json', 'check', '--only', 'split_leakage')));
    assert.equal(check.check.issues.split_leakage, 0);
  });

  it('reports folder groups that cross splits (check --group folder; by default the last split group)', async () => {
    // issue 15: the last split kept near-duplicates together but not folders, so folders cross splits
    const byFolder = new Map<string, Set<string | null>>();
    for (const [key, split] of await splits())
      byFolder.set(key.split('/')[0]!, (byFolder.get(key.split('/')[0]!) ?? new Set()).add(split));
    const crossing = [...byFolder.values()].filter((set) => set.size > 1).length;
    assert.ok(crossing > 0);
    const groupIssues = async (...args: string[]) => {
      ok(await cli('check', '--only', 'split_leakage', ...args));
      const list = json<{ issues: { reason: string; details: { match?: string; group_by?: string } }[] }>(
        ok(await cli('--json', 'issues', '--type', 'split_leakage')),
      ).issues;
      return list.filter((i) => i.details.match === 'group');
    };
    const found = await groupIssues('--group', 'folder');
    assert.equal(found.length, crossing);
    assert.ok(found.every((i) => i.details.group_by === 'folder' && /The folder group "/.test(i.reason)));
    // the split the check defaults to is the latest: near-duplicates, which the duplicate checks cover
    assert.equal((await groupIssues()).length, 0);
    ok(await cli('split', '--ratios', '0.8,0.1,0.1', '--group', 'folder', '--seed', '2'));
    assert.equal((await groupIssues()).length, 0, 'a folder-grouped split leaks no folder');
  });

  it('is undone by assay undo --batch, and refuses bad ratios', async () => {
    const before = await splits();
    const s = json<SplitJson>(
      ok(await cli('--json', 'split', '--ratios', '1,1', '--names', 'a,b', '--seed', '9')),
    );
    assert.ok(s.batch !== null && s.changed > 0);
    assert.ok([...(await splits()).values()].every((x) => x === 'a' || x === 'b'));
    ok(await cli('undo', '--batch', String(s.batch)));
    assert.deepEqual(await splits(), before);
    const bad = await runCli(['split', '--ratios', '0.8,-0.2'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--ratios takes two or more positive numbers/);
  });
});
