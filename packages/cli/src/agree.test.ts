/**
 * `assay agree` end to end: the CLI's program called in this process (test-kit/call-cli.ts) on the fixtures (file mode) and on a real
 * project database with annotator sources imported from CSV and COCO files (project mode).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture as fixturePath } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { type CliRun, json } from './test-kit/run-cli.js';

const fixture = (path: string) => fixturePath(path);
const close = (a: unknown, b: number, what: string) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

interface RatingsJson {
  percent_agreement: number;
  fleiss_kappa: number;
  krippendorff_alpha: Record<string, number>;
  cohen_kappa: { raters: string[]; unweighted: number; linear: number; quadratic: number }[];
  problems: { record: string; reason: string }[];
}

function assertUserError(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code 2 expected:\n${run.stderr}`);
  assert.match(run.stderr, /^✖ /m);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a user mistake');
}

describe('assay agree', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-agree-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--ratings CSV --json equals sklearn, statsmodels and krippendorff on the WNUT17 token types', async () => {
    const run = await callCli(
      ['agree', '--ratings', fixture('wnut17/expected/token_type_ratings.csv'), '--json'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const got = json<RatingsJson>(run);
    // fixtures/wnut17/expected/agreement_token_types.json (scikit-learn, statsmodels, krippendorff).
    const want = JSON.parse(readFileSync(fixture('wnut17/expected/agreement_token_types.json'), 'utf8'));
    close(got.fleiss_kappa, want.fleiss.fleiss_kappa, 'fleiss');
    close(got.percent_agreement, want.fleiss_variable.P_bar, 'percent agreement');
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'])
      close(got.krippendorff_alpha[level], want.krippendorff_alpha[level], level);
    assert.equal(got.cohen_kappa.length, 28);
    got.cohen_kappa.forEach((pair, i) => {
      const ref = want.pairwise[i];
      assert.deepEqual(pair.raters, ref.raters);
      close(pair.unweighted, ref.cohen_kappa.none, `${pair.raters} kappa`);
      close(pair.linear, ref.cohen_kappa.linear, `${pair.raters} linear`);
      close(pair.quadratic, ref.cohen_kappa.quadratic, `${pair.raters} quadratic`);
    });
  });

  it('--ratings reads an items × raters .npy with NaN as missing (the digits annotators)', async () => {
    const path = fixture('synthetic-classification-digits/labels_multiannotator.npy');
    const run = await callCli(['agree', '--ratings', path, '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const got = json<RatingsJson>(run);
    // fixtures/synthetic-classification-digits/expected/agreement.json
    const want = JSON.parse(
      readFileSync(fixture('synthetic-classification-digits/expected/agreement.json'), 'utf8'),
    );
    close(got.fleiss_kappa, want.fleiss.fleiss_kappa, 'fleiss over complete items');
    close(got.krippendorff_alpha.nominal, want.krippendorff_alpha.nominal, 'nominal');
    close(got.cohen_kappa[9]?.quadratic, want.pairwise[9].cohen_kappa.quadratic, 'pair 3/4 quadratic');
  });

  it('reports rows it cannot read and prints tables for people', async () => {
    const path = join(dir, 'ratings.csv');
    await writeFile(path, 'ann,bob,cy\n1,1,1\n1,2,\n2,two,2\n3,3,3\n');
    const run = await callCli(['agree', '--ratings', path], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /3 items × 3 raters/);
    assert.match(run.stdout, /ann \/ bob/);
    assert.match(run.stdout, /ratings\.csv line 4: rating "two" of bob is not a number/);
    // Issue 10: ratings are categories unless --level says otherwise; no ordinal, interval, ratio or
    // weighted figures are printed for them as if they meant something (--json keeps every level).
    assert.match(run.stdout, /ratings read as nominal categories/);
    assert.doesNotMatch(run.stdout, /ordinal|interval|ratio|linear|quadratic/);
    const ordinal = await callCli(['agree', '--ratings', path, '--level', 'ordinal'], dir);
    assert.equal(ordinal.code, 0, ordinal.stderr);
    assert.match(ordinal.stdout, /Krippendorff's alpha \(ordinal\)/);
    assert.match(ordinal.stdout, /linear\s+quadratic/);
    assert.doesNotMatch(ordinal.stdout, /interval|ratio/);
    assert.equal((await callCli(['agree', '--ratings', path, '--level', 'ranked'], dir)).code, 2);
    const asJson = json<RatingsJson>(await callCli(['agree', '--ratings', path, '--json'], dir));
    assert.deepEqual(
      asJson.problems.map((p) => p.record),
      ['line 4'],
    );
  });

  it('--spans GOLD --pred A B gives conlleval counts against gold and F1 between the systems', async () => {
    const run = await callCli(
      [
        'agree',
        '--spans',
        fixture('wnut17/emerging.test.annotated'),
        '--pred',
        fixture('wnut17/submissions/mic-cis.txt'),
        fixture('wnut17/submissions/spinningbytes.txt'),
        '--json',
      ],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const got = json<{
      against_gold: {
        file: string;
        predicted_spans: number;
        spans: { micro: { correct: number; f1: number } };
      }[];
      between: { files: string[]; spans: number[]; matching: number; f1: number }[];
    }>(run);
    // conlleval.pl (fixtures/wnut17/expected/ner_*.json "raw"): mic-cis found 891, correct 365;
    // spinningbytes found 824, correct 388; seqeval default micro F1 0.37055837563451777 / 0.40777719390436157.
    assert.deepEqual(
      got.against_gold.map((c) => [c.file, c.predicted_spans, c.spans.micro.correct]),
      [
        ['mic-cis.txt', 891, 365],
        ['spinningbytes.txt', 824, 388],
      ],
    );
    close(got.against_gold[0]?.spans.micro.f1, 0.37055837563451777, 'mic-cis f1');
    close(got.against_gold[1]?.spans.micro.f1, 0.40777719390436157, 'spinningbytes f1');
    const pair = got.between[0]!;
    assert.deepEqual(pair.spans, [891, 824]);
    close(pair.f1, (2 * pair.matching) / (891 + 824), 'pair f1');

    const strict = await callCli(
      [
        'agree',
        '--spans',
        fixture('wnut17/emerging.test.annotated'),
        '--pred',
        fixture('wnut17/submissions/spinningbytes.txt'),
        '--scheme',
        'iob2',
        '--json',
      ],
      dir,
    );
    // seqeval strict IOB2 on spinningbytes: micro F1 0.4130551096843232 (expected/ner_spinningbytes.json).
    close(json<typeof got>(strict).against_gold[0]?.spans.micro.f1, 0.4130551096843232, 'strict f1');
  });

  it('refuses bad usage and unreadable input without a stack trace', async () => {
    assertUserError(await callCli(['agree', '--ratings', join(dir, 'nope.csv')], dir), /Cannot read/);
    assertUserError(
      await callCli(['agree', '--spans', fixture('wnut17/emerging.test.annotated')], dir),
      /needs at least one --pred/,
    );
    assertUserError(
      await callCli(
        ['agree', '--ratings', fixture('wnut17/expected/token_type_ratings.csv'), '--scheme', 'x'],
        dir,
      ),
      /--scheme takes conlleval, iob2, ioe2, iobes or bilou, not "x"/,
    );
    const short = join(dir, 'short.conll');
    await writeFile(short, 'a O\nb O\n');
    assertUserError(
      await callCli(['agree', '--spans', fixture('wnut17/emerging.test.annotated'), '--pred', short], dir),
      /do not line up at sentence 1/,
    );
  });
});

/** COCO instances for the crafted box scene of box-agreement.test.ts, shifted 10 px right (no negative x). */
function coco(rows: number[][]): string {
  return JSON.stringify({
    images: [1, 2, 3].map((id) => ({ id, file_name: `b${id}.jpg`, width: 200, height: 200 })),
    categories: [0, 1, 2].map((c) => ({ id: c + 1, name: `cls${c}` })),
    annotations: rows.map(([image, x, y, w, h, c], i) => ({
      id: i + 1,
      image_id: image,
      category_id: c! + 1,
      bbox: [x! + 10, y, w, h],
      area: w! * h!,
      iscrowd: 0,
    })),
  });
}

describe('assay agree in a project (annotator sources)', () => {
  let dir = '';
  let project = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-agree-project-'));
    project = join(dir, 'p');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    // Class labels: c1 all agree; c2 cat/cat/dog; c3 all dog; c4 bird/cat/dog; c5 two birds (carol
    // missing); c6 alice only (not pairable).
    const labels: Record<string, string[]> = {
      alice: ['cat', 'cat', 'dog', 'bird', 'bird', 'dog'],
      bob: ['cat', 'cat', 'dog', 'cat', 'bird', ''],
      carol: ['cat', 'dog', 'dog', 'dog', '', ''],
    };
    for (const [who, list] of Object.entries(labels)) {
      const rows = list.map((l, i) => (l ? `c${i + 1}.jpg,${l}` : '')).filter(Boolean);
      await writeFile(join(dir, `${who}.csv`), `image,label\n${rows.join('\n')}\n`);
      const run = await callCli(
        ['import', 'class-csv', join(dir, `${who}.csv`), '--as', `annotator:${who}`],
        project,
      );
      assert.equal(run.code, 0, run.stderr);
    }
    const alice = [
      [1, 0, 0, 10, 10, 0],
      [1, 20, 0, 10, 10, 1],
      [1, 40, 40, 10, 10, 0],
      [2, 0, 0, 10, 10, 0],
      [3, 0, 0, 10, 10, 0],
      [3, 4, 0, 10, 10, 0],
    ];
    const bob = [
      [1, 0, 0, 10, 10, 0],
      [1, 21, 0, 10, 10, 2],
      [1, 100, 100, 5, 5, 1],
      [2, 5, 0, 10, 10, 0],
      [3, 1, 0, 10, 10, 0],
      [3, -3, 0, 10, 10, 0],
    ];
    for (const [who, rows] of [
      ['alice', alice],
      ['bob', bob],
    ] as const) {
      await writeFile(join(dir, `${who}.json`), coco(rows));
      const run = await callCli(
        ['import', 'coco', join(dir, `${who}.json`), '--as', `annotator:${who}`],
        project,
      );
      assert.equal(run.code, 0, run.stderr);
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('measures class-label agreement as file mode does on the same labels', async () => {
    const run = await callCli(['agree', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const got = json<{ annotators: string[]; classification: RatingsJson & { n_items: number } }>(run);
    assert.deepEqual(got.annotators, ['annotator:alice', 'annotator:bob', 'annotator:carol']);
    assert.equal(got.classification.n_items, 6);
    // The same labels as a ratings file (cat 0, dog 1, bird 2; empty = missing) through file mode.
    await writeFile(join(dir, 'same.csv'), 'alice,bob,carol\n0,0,0\n0,0,1\n1,1,1\n2,0,1\n2,2,\n1,,\n');
    const file = json<RatingsJson>(
      await callCli(['agree', '--ratings', join(dir, 'same.csv'), '--json'], dir),
    );
    close(got.classification.krippendorff_alpha.nominal, file.krippendorff_alpha.nominal!, 'nominal alpha');
    close(got.classification.fleiss_kappa, file.fleiss_kappa, 'fleiss');
    close(got.classification.percent_agreement, file.percent_agreement, 'percent agreement');
    got.classification.cohen_kappa.forEach((pair, i) => {
      close(pair.unweighted, file.cohen_kappa[i]!.unweighted, `kappa ${pair.raters}`);
    });
  });

  it('gives box agreement per annotator pair and stores low_agreement issues with evidence', async () => {
    const run = await callCli(['agree', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const got = json<{
      boxes: {
        annotators: string[];
        thresholds: { iou: number; f1: number; f1_same_class: number }[];
        class_alpha: number;
      }[];
      issues: { low_agreement: number };
      worst_samples: { sample: string; score: number; kind: string }[];
    }>(run);
    // Worked by hand in box-agreement.test.ts: F1 2/3 at IoU 0.5, 1/2 with the same class, alpha 2/77.
    assert.equal(got.boxes.length, 1);
    assert.deepEqual(got.boxes[0]?.annotators, ['annotator:alice', 'annotator:bob']);
    close(got.boxes[0]?.thresholds[0]?.f1, 2 / 3, 'f1');
    close(got.boxes[0]?.thresholds[0]?.f1_same_class, 1 / 2, 'f1 same class');
    close(got.boxes[0]?.class_alpha, 2 / 77, 'class alpha');
    // Issues: c4 (no pair agrees, score 1), c2 (1 of 3 pairs, score 2/3); b2 (F1 0, score 1),
    // b1 (same-class F1 2/6, score 2/3); b3 and the agreeing class samples are fine.
    assert.equal(got.issues.low_agreement, 4);
    const scores = Object.fromEntries(got.worst_samples.map((w) => [w.sample, [w.kind, w.score]]));
    assert.deepEqual(Object.keys(scores).sort(), ['b1.jpg', 'b2.jpg', 'c2.jpg', 'c4.jpg']);
    assert.equal(scores['c4.jpg']?.[1], 1);
    close(scores['c2.jpg']?.[1], 2 / 3, 'c2 score');
    assert.equal(scores['b2.jpg']?.[0], 'boxes');
    close(scores['b1.jpg']?.[1], 2 / 3, 'b1 score');
    // Running again replaces the open issues instead of adding to them.
    const info = json<{ issues: { by_type: Record<string, number> } }>(
      await callCli(['info', '--json'], project),
    );
    assert.equal(info.issues.by_type.low_agreement, 4);
  });

  it('project class labels are nominal: --level is refused, and the tables show no weighted figures', async () => {
    const run = await callCli(['agree'], project);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /ordinal|interval|linear|quadratic/);
    assertUserError(
      await callCli(['agree', '--level', 'ordinal'], project),
      /--level is for --ratings files/,
    );
  });

  it('needs two annotator sources', async () => {
    const empty = join(dir, 'empty');
    assert.equal((await callCli(['init', empty], dir)).code, 0);
    assertUserError(await callCli(['agree'], empty), /at least two annotator sources/);
  });
});
