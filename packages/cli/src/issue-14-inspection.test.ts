/**
 * Issue 14 part 4: sampled inspection through the CLI's program called in this process (test-kit/call-cli.ts): `assay inspect start`
 * sizes and draws a seeded, stratified sample; `assay inspect mark` records verdicts; `assay inspect
 * report` gives the accuracy with Clopper–Pearson and Wilson intervals, pooled, per stratum and stratified.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

interface Started {
  id: number;
  size: number;
  population: number;
  seed: number;
  strata: { stratum: string; population: number; size: number }[];
}
interface Items {
  total: number;
  pending: number;
  items: {
    item: number;
    annotation_id: number;
    stratum: string;
    verdict: string | null;
    author: string | null;
  }[];
}
interface Interval {
  low: number;
  high: number;
}
interface Estimate {
  accuracy: number;
  judged: number;
  correct: number;
  clopper_pearson: Interval;
  wilson: Interval;
}
interface Report {
  judged: number;
  pending: number;
  errors: Record<string, number>;
  by_author: { author: string; judged: number }[];
  estimate: {
    overall: Estimate;
    strata: (Estimate & { name: string; population: number })[];
    stratified: Estimate & { effective_n: number };
  };
}

/** 4 images, 90 boxes of `cat` and 30 of `dog` (120 ground-truth annotations). */
async function makeProject(dir: string): Promise<void> {
  const images = join(dir, 'images');
  await mkdir(images, { recursive: true });
  for (const i of [1, 2, 3, 4])
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40 * i, g: 80, b: 120 } } })
      .png()
      .toFile(join(images, `${i}.png`));
  const annotations = Array.from({ length: 120 }, (_, k) => ({
    id: k + 1,
    image_id: (k % 4) + 1,
    category_id: k < 90 ? 1 : 2,
    bbox: [k % 30, k % 20, 8, 6],
    area: 48,
    iscrowd: 0,
  }));
  const coco = {
    images: [1, 2, 3, 4].map((id) => ({ id, file_name: `${id}.png`, width: 64, height: 48 })),
    annotations,
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
    ],
  };
  await writeFile(join(dir, 'coco.json'), JSON.stringify(coco));
  for (const args of [
    ['init', '.'],
    ['import', 'coco', 'coco.json', '--images', 'images'],
  ]) {
    const run = await callCli(args, dir);
    assert.equal(run.code, 0, run.stderr);
  }
}

describe('issue 14: assay inspect start / mark / report', () => {
  let dir = '';
  const cli = (...args: string[]) => callCli(args, dir);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-inspect-'));
    await makeProject(dir);
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws a stratified sample by class (sizing by --confidence/--margin is tested in core), the same again for the same seed, and reports accuracy', async () => {
    const started = json<Started>(
      await cli('inspect', 'start', '--size', '20', '--stratify', 'class', '--seed', '7', '--json'),
    );
    assert.deepEqual(
      started.strata.map((s) => [s.stratum, s.population, s.size]),
      [
        ['cat', 90, 15],
        ['dog', 30, 5],
      ],
    );
    const items = json<Items>(await cli('inspect', 'items', '--json'));
    assert.equal(items.total, 20);
    assert.equal(items.pending, 20);
    const again = json<Started>(
      await cli('inspect', 'start', '--size', '20', '--stratify', 'class', '--seed', '7', '--json'),
    );
    const repeat = json<Items>(await cli('inspect', 'items', '--inspection', String(again.id), '--json'));
    assert.deepEqual(
      repeat.items.map((i) => i.annotation_id),
      items.items.map((i) => i.annotation_id),
      'the same seed draws the same annotations',
    );
    assert.equal(new Set(items.items.map((i) => i.annotation_id)).size, 20, 'without replacement');

    // 14 of 15 cats and 4 of 5 dogs correct: 18 of 20 pooled.
    const cats = items.items.filter((i) => i.stratum === 'cat').map((i) => i.item);
    const dogs = items.items.filter((i) => i.stratum === 'dog').map((i) => i.item);
    // Judge the second draw (the same items): the latest inspection is the one the plan gate reads.
    const mark = (list: number[], ...rest: string[]) =>
      cli('inspect', 'mark', list.join(','), ...rest, '--inspection', String(again.id), '--json');
    assert.equal((await mark(cats.slice(1), 'correct', '--author', 'ana')).code, 0);
    assert.equal((await mark(dogs.slice(1), 'correct', '--author', 'ben')).code, 0);
    const wrong = await mark([cats[0]!, dogs[0]!], 'incorrect', '--error', 'wrong_class', '--author', 'ana');
    assert.equal(wrong.code, 0, wrong.stderr);

    const report = json<Report>(await cli('inspect', 'report', '--json'));
    assert.equal(report.judged, 20);
    assert.equal(report.pending, 0);
    assert.deepEqual(report.errors, { wrong_class: 2 });
    assert.deepEqual(
      report.by_author.map((a) => [a.author, a.judged]),
      [
        ['ana', 16],
        ['ben', 4],
      ],
    );
    const o = report.estimate.overall;
    assert.equal(o.correct, 18);
    // R binom.confint(18, 20) as statsmodels' results_proportion.py records it: exact and wilson.
    assert.ok(Math.abs(o.clopper_pearson.low - 0.6830172859809176) < 1e-7);
    assert.ok(Math.abs(o.clopper_pearson.high - 0.9876514728297052) < 1e-7);
    assert.ok(Math.abs(o.wilson.low - 0.6989663547715128) < 1e-7);
    assert.ok(Math.abs(o.wilson.high - 0.972133518786232) < 1e-7);
    // Stratified: 0.75 · 14/15 + 0.25 · 4/5 = 0.9 (weights 90/120 and 30/120).
    assert.ok(Math.abs(report.estimate.stratified.accuracy - 0.9) < 1e-12);
    assert.deepEqual(
      report.estimate.strata.map((s) => [s.name, s.correct, s.judged]),
      [
        ['cat', 14, 15],
        ['dog', 4, 5],
      ],
    );
    const human = await cli('inspect', 'report', '--inspection', String(again.id));
    assert.match(human.stdout, /Clopper–Pearson 95%/);
    assert.match(human.stdout, /90\.0%/);

    // Plan gates (part 7): the lower bound of the stratified Clopper–Pearson interval against a target,
    // and the mAP of a prediction source that was never evaluated (fails, saying so).
    const low = report.estimate.stratified.clopper_pearson.low;
    assert.ok(low > 0.6 && low < 0.85, String(low));
    await writeFile(join(dir, 'pass.yaml'), 'inspection:\n  min_accuracy: 0.6\n');
    await writeFile(
      join(dir, 'fail.yaml'),
      'inspection: {min_accuracy: 0.85}\nmodels:\n  - {prediction: "prediction:yolo", min_map: 0.1}\n',
    );
    interface Gate {
      passed: boolean;
      criteria: { name: string; value: number; passed: boolean; details: { reason?: string } }[];
    }
    const pass = await cli('check', '--only', 'unused_class', '--plan', 'pass.yaml', '--json');
    assert.equal(pass.code, 0, pass.stderr);
    const passed = json<Gate>(pass).criteria[0]!;
    assert.equal(passed.name, 'inspection:accuracy');
    assert.ok(Math.abs(passed.value - low) < 1e-12);
    const fail = await cli('check', '--only', 'unused_class', '--plan', 'fail.yaml', '--json');
    assert.equal(fail.code, 1, fail.stderr);
    assert.deepEqual(
      json<Gate>(fail).criteria.map((c) => [c.name, c.passed]),
      [
        ['inspection:accuracy', false],
        ['model:prediction:yolo:map', false],
      ],
    );
    assert.match(json<Gate>(fail).criteria[1]!.details.reason ?? '', /no evaluation/);
  });

  it('refuses bad input and changes nothing (a list with an unknown item marks none of it)', async () => {
    for (const args of [
      ['inspect', 'start', '--stratify', 'colour'],
      ['inspect', 'mark', '5,999', 'correct', '--inspection', '1'],
    ]) {
      const run = await cli(...args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /✖ /);
    }
    // Item 5 of inspection 1 stays unjudged: the sheet test below finds only its own 4 verdicts.
  });

  it('round-trips verdicts through a CSV sheet (export, judge in a spreadsheet, import), all or nothing', async () => {
    const exported = await cli('inspect', 'export', 'sheet.csv', '--inspection', '1', '--json');
    assert.equal(exported.code, 0, exported.stderr);
    const lines = (await readFile(join(dir, 'sheet.csv'), 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'item,annotation_id,sample,stratum,class,verdict,error,note,author');
    assert.equal(lines.length, 21);
    // A reviewer fills in four rows: three correct, one incorrect with its error kind and a note with a comma.
    const judged = lines.map((line, k) => {
      if (k === 0 || k > 4) return line;
      const cells = line.split(',');
      cells[5] = k === 4 ? 'incorrect' : 'correct';
      cells[6] = k === 4 ? 'bad_box' : '';
      cells[7] = k === 4 ? '"too loose, by 3 px"' : '';
      cells[8] = 'carla';
      return cells.join(',');
    });
    await writeFile(join(dir, 'judged.csv'), `${judged.join('\n')}\n`);
    await writeFile(
      join(dir, 'bad.csv'),
      `${[...judged.slice(0, 5), judged[5]!.replace(/,,,,$/, ',maybe,,,')].join('\n')}\n`,
    );
    const bad = await cli('inspect', 'import', 'bad.csv', '--inspection', '1');
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /bad\.csv, line 6: the verdict is correct, incorrect, clear or empty/);
    const imported = await cli('inspect', 'import', 'judged.csv', '--inspection', '1', '--json');
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(json<{ marked: number; unjudged: number }>(imported), {
      inspection: 1,
      marked: 4,
      cleared: 0,
      unjudged: 16,
    });
    const report = json<Report>(await cli('inspect', 'report', '--inspection', '1', '--json'));
    assert.equal(report.judged, 4, 'neither the bad sheet nor the bad list marked anything');
    assert.equal(report.estimate.overall.correct, 3);
    assert.deepEqual(report.errors, { bad_box: 1 });
    assert.deepEqual(report.by_author, [{ author: 'carla', judged: 4, correct: 3 }]);
  });
});
